package org.keyledger.query.publishing;

import org.axonframework.config.ConfigurerModule;
import org.keyledger.query.processing.TrackingProcessors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    /** One event per batch: the token is stored right after each acknowledged send. */
    @Bean
    ConfigurerModule kafkaPublisherProcessor() {
        return TrackingProcessors.strict(KafkaEventPublisher.GROUP, 1);
    }

}
