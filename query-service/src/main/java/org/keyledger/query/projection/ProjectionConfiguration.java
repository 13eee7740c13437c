package org.keyledger.query.projection;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
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

    /**
     * One tracking processor, token in PostgreSQL, one segment: of several query services one applies the events
     * and another takes over when its claim lapses. Tracking rather than pooled: its thread blocks on the event
     * store until events arrive, so a woken store (see WakeableEventStore) hands a new event over at once, where
     * the pooled coordinator would poll every 500 ms. A failing event stops the processor and is retried, never
     * skipped (Axon's default for a handler's exception is to log it and move on).
     */
    @Bean
    ConfigurerModule apiKeyViewProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(ProjectionPositions.API_KEY_VIEW,
                        org.axonframework.config.Configuration::eventStore,
                        config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(100)
                                .andInitialSegmentsCount(1))
                .registerListenerInvocationErrorHandler(ProjectionPositions.API_KEY_VIEW,
                        config -> PropagatingErrorHandler.instance()));
    }
}
