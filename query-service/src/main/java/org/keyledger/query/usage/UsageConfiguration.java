package org.keyledger.query.usage;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.keyledger.messages.LedgerTopics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

    @Bean
    UsageBuffer usageBuffer(@Value("${ledger.usage.buffer-capacity:100000}") int capacity, MeterRegistry meters) {
        return new UsageBuffer(capacity, meters);
    }

    /**
     * Every half second: a use shows in GET within a second (p99), and on two cores the flush's work (a Kafka batch,
     * a PostgreSQL upsert) at five times a second was what kept verify's p99 above 2 ms (BENCHMARKS.md).
     */
    @Bean
    UsageFlusher usageFlusher(UsageBuffer buffer, KafkaTemplate<String, String> kafka, JsonMapper json,
                              @Value("${ledger.usage.flush-interval:500ms}") Duration interval) {
        return new UsageFlusher(buffer, kafka, json, interval);
    }

    @Bean
    NewTopic usageTopic(@Value("${ledger.kafka.partitions:3}") int partitions,
                        @Value("${ledger.kafka.replication-factor:1}") short replicas) {
        return TopicBuilder.name(LedgerTopics.USAGE).partitions(partitions).replicas(replicas).build();
    }
}
