package org.keyledger.query.verify;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code projection} health of a query service, part of its readiness: DOWN exactly when verify would refuse to
 * answer (the query model trails the event store beyond {@code ledger.verify.max-projection-lag}), so a load balancer
 * sends requests elsewhere until it has caught up, at start and whenever it falls behind.
 */
class ProjectionHealthIndicator implements HealthIndicator {

    private final ProjectionLag lag;

    ProjectionHealthIndicator(ProjectionLag lag) {
        this.lag = lag;
    }

    @Override
    public Health health() {
        long lagMillis = lag.lagMillis();
        Health.Builder health = lag.withinBound() ? Health.up() : Health.down();
        return health.withDetail("lagMillis", lagMillis == Long.MAX_VALUE ? "unknown" : lagMillis)
                .withDetail("maxLagMillis", lag.boundMillis())
                .build();
    }
}
