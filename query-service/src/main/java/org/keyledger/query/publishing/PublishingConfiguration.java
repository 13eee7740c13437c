package org.keyledger.query.publishing;

import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ConfigurerModule;
import org.keyledger.query.projection.StrictTrackingProcessor;
import org.keyledger.messages.LedgerTopics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    /** One event per batch: the token is stored right after each acknowledged send. */
    @Bean
    ConfigurerModule kafkaPublisherProcessor() {
        return StrictTrackingProcessor.of(KafkaEventPublisher.GROUP, 1);
    }

    @Bean
    NewTopic eventsTopic(@Value("${ledger.kafka.partitions:3}") int partitions,
                         @Value("${ledger.kafka.replication-factor:1}") short replicas) {
        return TopicBuilder.name(LedgerTopics.EVENTS).partitions(partitions).replicas(replicas).build();
    }
}
