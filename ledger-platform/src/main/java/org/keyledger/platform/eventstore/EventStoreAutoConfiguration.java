package org.keyledger.platform.eventstore;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.keyledger.events.LedgerEventSerialization;
import org.keyledger.platform.RequestMetadata;
import org.keyledger.platform.schema.LedgerSchema;
import org.keyledger.platform.schema.LedgerSchemaMigrator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import javax.sql.DataSource;
import java.util.List;

/**
 * The event-store mapping, defined once for every ledger service: Axon's JPA event store on PostgreSQL
 * (tables in {@code db/ledger/eventstore}, {@code bytea} payloads through {@link LedgerPostgresDialect}, a global
 * index stepping by one through {@code META-INF/orm.xml}), with events, messages and tokens all written by the one
 * Jackson mapping in {@link LedgerEventSerialization}.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
public class EventStoreAutoConfiguration {

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
        return JacksonSerializer.builder().objectMapper(LedgerEventSerialization.objectMapper()).build();
    }

    /** Copies who/where/why from each command onto the events it causes, for the audit trail. */
    @Bean
    CorrelationDataProvider requestMetadataCorrelation() {
        return new SimpleCorrelationDataProvider(RequestMetadata.KEYS.toArray(String[]::new));
    }
}
