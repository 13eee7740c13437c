package org.keyledger.query.verify;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.keyledger.platform.sync.PgNotifications;
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

    @Bean
    VerifyCache verifyCache(@Value("${ledger.verify.cache.enabled:true}") boolean enabled,
                            @Value("${ledger.verify.cache.ttl:10s}") Duration ttl,
                            @Value("${ledger.verify.cache.capacity:100000}") int capacity) {
        return new VerifyCache(ttl.toNanos(), enabled ? capacity : 0, System::nanoTime);
    }

    /** The lease bounds how long a write may wait for a query service that has gone silent. */
    @Bean
    CacheLease cacheLease(JdbcClient jdbc, VerifyCache cache, PgNotifications notifications,
                          @Value("${ledger.verify.cache.lease}") Duration lease) {
        return new CacheLease(jdbc, cache, notifications, lease);
    }

    @Bean
    ProjectionHealthIndicator projectionHealthIndicator(ProjectionLag lag) {
        return new ProjectionHealthIndicator(lag);
    }

    /** Projection lag in seconds (+Inf until first measured), to alert on before verify starts refusing. */
    @Bean
    MeterBinder projectionLagGauge(ProjectionLag lag) {
        return meters -> Gauge.builder("ledger.projection.lag", lag,
                        l -> l.lagMillis() == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : l.lagMillis() / 1000.0)
                .description("how long the oldest event not yet in the query model has waited")
                .baseUnit("seconds")
                .register(meters);
    }
}
