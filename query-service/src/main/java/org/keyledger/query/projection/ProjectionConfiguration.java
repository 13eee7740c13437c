package org.keyledger.query.projection;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.keyledger.query.processing.TrackingProcessors;
import org.keyledger.platform.schema.LedgerSchema;
import org.keyledger.platform.LedgerProperties;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    /** The query model's tables. */
    @Bean
    LedgerSchema querySchema() {
        return new LedgerSchema("query", LedgerSchema.Order.QUERY, "classpath:db/ledger/query");
    }

    /** How the projection loads the model in a long rebuild. */
    @Bean
    BulkReplay bulkReplay(JdbcClient jdbc, ProjectionPositions positions, PlatformTransactionManager transactions,
                          LedgerProperties settings) {
        return new BulkReplay(jdbc, positions, transactions, settings.projection().bulkReplayEvents());
    }

    /** The web server opens only once the projection runs, so that every write made after that waits for it. */
    @Bean
    ProjectionStartupGate projectionStartupGate(JdbcClient jdbc, LedgerProperties settings) {
        return new ProjectionStartupGate(jdbc, settings.projection().startupTimeout());
    }

    /** The query model's processor: batches of up to ledger.projection.batch-size events, one transaction each. */
    @Bean
    ConfigurerModule apiKeyViewProcessor(LedgerProperties settings) {
        return TrackingProcessors.strict(ProjectionPositions.API_KEY_VIEW, settings.projection().batchSize());
    }

    /**
     * The write-through: subscribing, so its handlers run in the unit of work (and transaction) that publishes the
     * event; a failure fails that write rather than being logged and passed over.
     */
    @Bean
    ConfigurerModule writeThroughProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(WriteThroughProjection.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(WriteThroughProjection.PROCESSING_GROUP,
                        config -> PropagatingErrorHandler.instance()));
    }
}
