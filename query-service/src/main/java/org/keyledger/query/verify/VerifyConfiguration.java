package org.keyledger.query.verify;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class VerifyConfiguration {

    /** Smaller than the write routes' wait (ledger.read-your-writes.timeout, 5 s), so a write never outlasts it. */
    @Bean
    ProjectionLag projectionLag(JdbcClient jdbc, @Value("${ledger.verify.max-projection-lag:2s}") Duration bound) {
        return new ProjectionLag(jdbc, bound);
    }
}
