package org.keyledger.query.usage;

import io.micrometer.core.instrument.MeterRegistry;
import org.keyledger.platform.LedgerProperties;
import org.keyledger.query.kafka.KafkaConnectivity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

    @Bean
    UsageBuffer usageBuffer(LedgerProperties settings, MeterRegistry meters) {
        return new UsageBuffer(settings.usage().bufferCapacity(), meters);
    }

    /**
     * Every half second: a use shows in GET within a second (p99), and on two cores the flush's work (a Kafka batch,
     * a PostgreSQL upsert) at five times a second was what kept verify's p99 above 2 ms (BENCHMARKS.md).
     */
    @Bean
    UsageFlusher usageFlusher(UsageBuffer buffer, KafkaTemplate<String, String> kafka, JsonMapper json,
                              LedgerProperties settings, KafkaConnectivity connectivity) {
        return new UsageFlusher(buffer, kafka, json, settings.usage().flushInterval(), connectivity::topicsReady);
    }
}
