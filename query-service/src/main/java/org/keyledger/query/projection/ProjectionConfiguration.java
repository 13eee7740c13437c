package org.keyledger.query.projection;

import org.axonframework.config.ConfigurerModule;
import org.keyledger.platform.schema.LedgerSchema;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    /** The query model's tables, migrated after the event store's. */
    @Bean
    LedgerSchema querySchema() {
        return new LedgerSchema("query", "classpath:db/ledger/query", 20);
    }

    /** The web server opens only once the projection runs, so that every write made after that waits for it. */
    @Bean
    ProjectionStartupGate projectionStartupGate(ProjectionPositions positions,
                                                @Value("${ledger.projection.startup-timeout:30s}") Duration timeout) {
        return new ProjectionStartupGate(positions, timeout);
    }

    /** The query model's processor: batches of 100 events, one transaction each. */
    @Bean
    ConfigurerModule apiKeyViewProcessor() {
        return StrictTrackingProcessor.of(ProjectionPositions.API_KEY_VIEW, 100);
    }
}
