package org.keyledger.query;

import org.apache.kafka.clients.admin.NewTopic;
import org.keyledger.messages.LedgerTopics;
import org.keyledger.platform.LedgerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics the query service writes to, created at start if missing, all of one size (ledger.kafka.*). */
@Configuration(proxyBeanMethods = false)
class KafkaTopics {

    @Bean
    NewTopic eventsTopic(LedgerProperties settings) {
        return topic(LedgerTopics.EVENTS, settings.kafka());
    }

    @Bean
    NewTopic usageTopic(LedgerProperties settings) {
        return topic(LedgerTopics.USAGE, settings.kafka());
    }

    private static NewTopic topic(String name, LedgerProperties.Kafka kafka) {
        return TopicBuilder.name(name).partitions(kafka.partitions()).replicas(kafka.replicationFactor()).build();
    }
}
