package org.keyledger.query.verify;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.keyledger.platform.sync.PgNotifications;
import org.keyledger.platform.LedgerProperties;
import org.keyledger.platform.cache.CacheLease;
import org.keyledger.platform.cache.VerifyCache;
import org.keyledger.query.keys.ApiKeyView;
import org.keyledger.query.keys.ApiKeyViews;
import org.keyledger.platform.web.ApiKeyPaths;
import org.keyledger.query.benchmark.BaselineRoute;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class VerifyConfiguration {

    /** Smaller than the write routes' wait, so a write never outlasts it (checked by LedgerProperties). */
    @Bean
    ProjectionLag projectionLag(JdbcClient jdbc, LedgerProperties settings) {
        return new ProjectionLag(jdbc, settings.verify().maxProjectionLag());
    }

    @Bean
    VerifyCache<ApiKeyView> verifyCache(LedgerProperties settings) {
        LedgerProperties.Cache cache = settings.verify().cache();
        // preloaded, the cache holds the whole active set: a key verified since (created or imported after the
        // preload) stays too, until it changes or the cache is emptied, like the preloaded ones
        long ttl = cache.preload() ? Long.MAX_VALUE : cache.ttl().toNanos();
        return new VerifyCache<>(ttl, cache.enabled() ? cache.capacity() : 0, System::nanoTime, ApiKeyView::id);
    }

    /** The lease bounds how long a write may wait for a query service that has gone silent. */
    @Bean
    CacheLease cacheLease(JdbcClient jdbc, VerifyCache<ApiKeyView> cache, PgNotifications notifications,
                          LedgerProperties settings) {
        return new CacheLease(jdbc, cache, notifications, settings.verify().cache().lease());
    }

    @Bean
    @ConditionalOnProperty(name = "ledger.verify.cache.preload", havingValue = "true", matchIfMissing = true)
    VerifyCachePreload verifyCachePreload(JdbcClient jdbc, ApiKeyViews views, VerifyCache<ApiKeyView> cache,
                                          ProjectionLag lag, Clock clock) {
        return new VerifyCachePreload(jdbc, views, cache, lag, clock);
    }

    /** Keys in the verify cache now: with the hit ratio (ledger.verify.cache.lookups), what sizes its capacity. */
    @Bean
    MeterBinder verifyCacheSizeGauge(VerifyCache<ApiKeyView> cache) {
        return meters -> Gauge.builder("ledger.verify.cache.size", cache, VerifyCache::size)
                .description("keys in the verify cache")
                .register(meters);
    }

    /**
     * On the verify routes and on the benchmarks' bare route, which stands for "the same server, the same filters,
     * no work" (BaselineRoute).
     */
    @Bean
    FilterRegistrationBean<VerifyAdmission> verifyAdmission(LedgerProperties settings) {
        FilterRegistrationBean<VerifyAdmission> registration =
                new FilterRegistrationBean<>(new VerifyAdmission(settings.verify().admitted()));
        registration.addUrlPatterns(ApiKeyPaths.V1 + "/verify", ApiKeyPaths.BARE + "/verify", BaselineRoute.PATH);
        return registration;
    }

    /** Verifies waiting for their turn (VerifyAdmission): above zero for long, the query service is saturated. */
    @Bean
    MeterBinder verifyWaitingGauge(FilterRegistrationBean<VerifyAdmission> admission) {
        return meters -> Gauge.builder("ledger.verify.waiting", admission.getFilter(), VerifyAdmission::waiting)
                .description("verifies waiting for their turn to run")
                .register(meters);
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
