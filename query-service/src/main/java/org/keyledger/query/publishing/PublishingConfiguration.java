package org.keyledger.query.publishing;

import org.axonframework.config.ConfigurerModule;
import org.keyledger.query.processing.TrackingProcessors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    /**
     * Up to 100 events a batch, sent together: awaiting each acknowledgement alone (the producer lingers 5 ms before
     * it sends) held the publisher under 200 events a second, each with a transaction of its own for the token.
     */
    @Bean
    ConfigurerModule kafkaPublisherProcessor() {
        return TrackingProcessors.strict(KafkaEventPublisher.GROUP, 100);
    }

}
