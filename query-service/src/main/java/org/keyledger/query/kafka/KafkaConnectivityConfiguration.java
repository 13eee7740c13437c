package org.keyledger.query.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class KafkaConnectivityConfiguration {

    @Bean
    KafkaConnectivity kafka(KafkaAdmin kafkaAdmin, MeterRegistry registry) {
        kafkaAdmin.setAutoCreate(false); // created by KafkaConnectivity once Kafka answers, never blocking start-up
        return new KafkaConnectivity(kafkaAdmin, registry);
    }
}
