package org.keyledger.platform.eventstore;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.axonframework.springboot.autoconfig.TransactionAutoConfiguration;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.keyledger.events.LedgerEventSerialization;
import org.keyledger.platform.RequestMetadata;
import org.keyledger.platform.schema.LedgerSchema;
import org.keyledger.platform.schema.LedgerSchemaMigrator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.UUID;

/**
 * The event-store mapping, defined once for every ledger service: Axon's JDBC event store and token store on
 * PostgreSQL, over the tables of {@code db/ledger/eventstore} (payloads, metadata and tokens in {@code bytea}; the
 * global index from the sequence {@code domain_event_entry_seq}, stepping by one, as the column's default, so an
 * append takes no round trip of its own for it and a unit of work's events go in one JDBC batch), with events,
 * messages and tokens all written by the one Jackson mapping in {@link LedgerEventSerialization}.
 */
@AutoConfiguration(before = {AxonAutoConfiguration.class, JdbcAutoConfiguration.class,
        TransactionAutoConfiguration.class, NoOpTransactionAutoConfiguration.class})
public class EventStoreAutoConfiguration {

    /**
     * Events fetched per query by tracking processors (and the event store's shared producer): a replay reads a
     * million events in a thousand queries, not ten thousand; a live processor takes what is there.
     */
    static final int FETCH_SIZE = 1000;

    /** The event tables as {@code db/ledger/eventstore} made them. */
    static final EventSchema EVENT_SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    /** Axon's token table as {@code db/ledger/eventstore} made it. */
    static final TokenSchema TOKEN_SCHEMA = TokenSchema.builder()
            .setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name")
            .setSegmentColumn("segment")
            .setTokenColumn("token")
            .setTokenTypeColumn("token_type")
            .setTimestampColumn("timestamp")
            .setOwnerColumn("owner")
            .build();

    /**
     * Axon's units of work in Spring's transactions, as every JdbcClient call in them. Declared here because Axon's
     * own auto-configuration orders itself after Spring Boot 3's name of the transaction manager's, and without
     * that order it may fall back to no transactions at all (CommandTransactionTest).
     */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }

    /** Axon's connections: within a unit of work its transaction's, as every JdbcClient call in it gets. */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * The event processors' tokens, claimed in this application's own name: Axon's default owner is the JVM's
     * (process id and host), which two query services in one JVM, or two processes of one id on one host (containers
     * sharing the host's network and names), share, and then both hold every claim at once: both publish each event,
     * and a rebuild one of them began is never finished by the other (SeveralQueryServicesTest).
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .schema(TOKEN_SCHEMA)
                .nodeId(ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID())
                .build();
    }

    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new DuplicateKeys();
    }

    /**
     * Reads take no transaction of their own: each is one statement (no BEGIN and COMMIT around it), and an append
     * joins the transaction of the unit of work it belongs to, through the connection provider. A tracking fetch takes
     * the next events after the token, however far ahead they are ({@link TrackedEvents}), so an empty fetch needs no
     * second query to look past a wide gap, and a short fetch ends the stream ({@link LedgerEventStorageEngine}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer serializer, PersistenceExceptionResolver duplicates,
                                          ConnectionProvider connections, Configuration configuration) {
        return new LedgerEventStorageEngine(JdbcEventStorageEngine.builder()
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(duplicates)
                .connectionProvider(connections)
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(EVENT_SCHEMA)
                .batchSize(FETCH_SIZE)
                .readEventDataWithoutGaps(TrackedEvents::after)
                .readEventDataWithGaps(TrackedEvents::afterOrIn)
                .extendedGapCheckEnabled(false));
    }

    /**
     * ledger-platform's tables, one directory per owner: the event store, the data keys (secret), the
     * read-your-writes positions and wake-ups (sync), the verify-cache leases (cache). One version sequence and one
     * history table, still named {@code flyway_eventstore_history} as when they all lay in db/ledger/eventstore: a
     * database made then has V1 to V4 recorded there, with the same scripts and checksums.
     */
    @Bean
    LedgerSchema platformSchema() {
        return platform();
    }

    /** The schema above, for tests that migrate a database of their own. */
    public static LedgerSchema platform() {
        return new LedgerSchema("eventstore", LedgerSchema.Order.PLATFORM, List.of("classpath:db/ledger/eventstore",
                "classpath:db/ledger/secret", "classpath:db/ledger/sync", "classpath:db/ledger/cache"));
    }

    @Bean
    LedgerSchemaMigrator ledgerSchemaMigrator(DataSource dataSource, List<LedgerSchema> schemas) {
        return new LedgerSchemaMigrator(dataSource, schemas);
    }

    @Bean
    @Primary
    Serializer serializer() {
        return ledgerSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return ledgerSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return ledgerSerializer();
    }

    private static Serializer ledgerSerializer() {
        return new LedgerSerializer(JacksonSerializer.builder().objectMapper(LedgerEventSerialization.objectMapper()));
    }

    /** Copies who/where/why from each command onto the events it causes, for the audit trail. */
    @Bean
    CorrelationDataProvider requestMetadataCorrelation() {
        return new SimpleCorrelationDataProvider(RequestMetadata.KEYS.toArray(String[]::new));
    }
}
