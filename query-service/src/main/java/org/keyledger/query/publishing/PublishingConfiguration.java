package org.keyledger.query.publishing;

import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.keyledger.messages.LedgerTopics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    /**
     * A tracking processor with its token in PostgreSQL, one event per batch: the token is stored right after each
     * acknowledged send. A failed send stops the processor, which retries the same event with back-off; nothing is
     * skipped.
     */
    @Bean
    ConfigurerModule kafkaPublisherProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(KafkaEventPublisher.GROUP,
                        org.axonframework.config.Configuration::eventStore,
                        config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(1)
                                .andInitialSegmentsCount(1))
                .registerListenerInvocationErrorHandler(KafkaEventPublisher.GROUP,
                        config -> PropagatingErrorHandler.instance()));
    }

    @Bean
    NewTopic eventsTopic(@Value("${ledger.kafka.partitions:3}") int partitions,
                         @Value("${ledger.kafka.replication-factor:1}") short replicas) {
        return TopicBuilder.name(LedgerTopics.EVENTS).partitions(partitions).replicas(replicas).build();
    }
}
