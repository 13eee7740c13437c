package org.keyledger.query.publishing;

import org.axonframework.config.ConfigurerModule;
import org.keyledger.query.processing.TrackingProcessors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    /**
     * Up to 1,000 events a batch, sent together: awaiting each acknowledgement alone (the producer lingers 5 ms before
     * it sends) held the publisher under 200 events a second, each with a transaction of its own for the token. At
     * 100 a batch it fell behind an import of thousands of keys a second, beyond the event store's cache of recent
     * events, and so read every event from PostgreSQL a second time. A restart re-sends at most one batch.
     */
    @Bean
    ConfigurerModule kafkaPublisherProcessor() {
        return TrackingProcessors.strict(KafkaEventPublisher.GROUP, 1000);
    }

}
