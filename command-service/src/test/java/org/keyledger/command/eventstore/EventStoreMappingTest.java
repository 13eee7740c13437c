package org.keyledger.command.eventstore;

import tools.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.command.CommandServiceApplication;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/**
 * The event store as PostgreSQL holds it: a global index without holes under concurrent writers, payloads in
 * {@code bytea} and never large objects, every event typed and revised. A database of its own, so that the index
 * is this test's alone.
 */
@SpringBootTest(classes = CommandServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.hikari.maximum-pool-size=6")
class EventStoreMappingTest {

    private static final List<String> EVENT_TYPES = List.of("org.keyledger.events.ApiKeyCreated",
            "org.keyledger.events.ApiKeyUpdated", "org.keyledger.events.ApiKeyRevoked",
            "org.keyledger.events.ApiKeyDeleted");

    @DynamicPropertySource
    static void ledgerDatabase(DynamicPropertyRegistry registry) {
        LedgerTestEnvironment.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    @Test
    void concurrentWritersLeaveAGlobalIndexOfExactlyOneToN() throws Exception {
        LedgerClient http = LedgerClient.onPort(port);
        int threads = 8;
        int keysPerThread = 6;
        List<Callable<List<Integer>>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            writers.add(() -> {
                List<Integer> statuses = new ArrayList<>();
                for (int k = 0; k < keysPerThread; k++) {
                    LedgerClient.Response created = http.create(fields("name", newName(), "subject", newSubject()));
                    statuses.add(created.status());
                    if (k % 3 == 0) {
                        statuses.add(http.patch(created.id(), fields("description", "d" + k)).status());
                    }
                }
                return statuses;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<List<Integer>> future : pool.invokeAll(writers)) {
                statuses.addAll(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).allMatch(status -> status == 200);

        List<Long> indexes = jdbc.sql("select global_index from domain_event_entry order by global_index")
                .query(Long.class).list();

        int events = threads * keysPerThread + threads * 2;
        assertThat(indexes).hasSizeGreaterThanOrEqualTo(events);
        assertThat(indexes).containsExactlyElementsOf(LongStream.rangeClosed(1, indexes.size()).boxed().toList());
        // no sequence value was taken without becoming an event
        assertThat(jdbc.sql("select last_value from domain_event_entry_seq").query(Long.class).single())
                .isEqualTo(indexes.size());
    }

    @Test
    void theGlobalIndexSequenceStepsByOne() {
        Map<String, Object> sequence = jdbc.sql("""
                        select increment_by, start_value from pg_sequences
                        where schemaname = 'public' and sequencename = 'domain_event_entry_seq'""")
                .query().singleRow();

        assertThat(((Number) sequence.get("increment_by")).longValue()).isEqualTo(1);
        assertThat(((Number) sequence.get("start_value")).longValue()).isEqualTo(1);
    }

    @Test
    void noColumnIsALargeObject() {
        List<String> oidColumns = jdbc.sql("""
                        select table_name || '.' || column_name from information_schema.columns
                        where table_schema = 'public' and (data_type = 'oid' or udt_name in ('oid', 'lo'))""")
                .query(String.class).list();

        assertThat(oidColumns).isEmpty();
        assertThat(jdbc.sql("select count(*) from pg_largeobject_metadata").query(Long.class).single()).isZero();
    }

    @Test
    void payloadsMetadataAndTokensAreBytea() {
        List<String> columns = List.of("domain_event_entry.payload", "domain_event_entry.meta_data",
                "snapshot_event_entry.payload", "snapshot_event_entry.meta_data", "token_entry.token",
                "saga_entry.serialized_saga", "dead_letter_entry.payload", "dead_letter_entry.meta_data",
                "dead_letter_entry.token", "dead_letter_entry.diagnostics", "api_key_data_key.wrapped_key");

        for (String column : columns) {
            String[] tableAndColumn = column.split("\\.");
            assertThat(jdbc.sql("""
                            select data_type from information_schema.columns
                            where table_schema = 'public' and table_name = ? and column_name = ?""")
                    .params(tableAndColumn[0], tableAndColumn[1]).query(String.class).optional())
                    .as(column).contains("bytea");
        }
    }

    @Test
    void everyEventIsTypedRevisedAndStoredAsJson() throws Exception {
        LedgerClient http = LedgerClient.onPort(port);
        String id = http.createKey(newSubject(), newName()).get("id").asString();
        http.patch(id, fields("scopes", List.of("read")));
        http.revoke(id, fields("revocation_reason", "done"));
        http.delete(id);

        List<Map<String, Object>> rows = jdbc.sql("""
                        select aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision,
                               convert_from(payload, 'UTF8') as payload, convert_from(meta_data, 'UTF8') as meta
                        from domain_event_entry order by global_index""")
                .query().listOfRows();

        assertThat(rows).isNotEmpty();
        for (Map<String, Object> row : rows) {
            assertThat((String) row.get("payload_type")).as("%s", row).isIn(EVENT_TYPES);
            assertThat(row.get("payload_revision")).as("%s", row).isEqualTo("1");
            assertThat(row.get("type")).as("%s", row).isEqualTo("ApiKey");
            assertThat((String) row.get("aggregate_identifier")).matches("ak_[0-9a-f]{32}");
            assertThat(Instant.parse((String) row.get("time_stamp"))).isBefore(Instant.now().plusSeconds(1));
            JsonNode payload = LedgerClient.JSON.readTree((String) row.get("payload"));
            assertThat(payload.get("id").asString()).isEqualTo(row.get("aggregate_identifier"));
            assertThat(LedgerClient.JSON.readTree((String) row.get("meta")).isObject()).isTrue();
        }
        assertThat(jdbc.sql("""
                        select payload_type from domain_event_entry where aggregate_identifier = ?
                        order by sequence_number""").param(id).query(String.class).list())
                .containsExactlyElementsOf(EVENT_TYPES);
        assertThat(jdbc.sql("""
                        select sequence_number from domain_event_entry where aggregate_identifier = ?
                        order by sequence_number""").param(id).query(Long.class).list())
                .containsExactly(0L, 1L, 2L, 3L);
    }

    /**
     * The ledger takes no snapshots, so a command loads its aggregate from the events alone, without looking for one:
     * with the snapshot table locked by another transaction a revoke still goes through. Storing one is refused.
     */
    @Test
    void snapshotsAreNeitherReadNorStored() throws Exception {
        LedgerClient http = LedgerClient.onPort(port);
        String id = http.createKey(newSubject(), newName()).get("id").asString();
        ExecutorService revoker = Executors.newSingleThreadExecutor();
        try (Connection locker = context.getBean(DataSource.class).getConnection()) {
            locker.setAutoCommit(false);
            locker.createStatement().execute("lock table snapshot_event_entry in access exclusive mode");
            Future<JsonNode> revoked = revoker.submit(() -> http.revokeKey(id));
            assertThat(revoked.get(20, TimeUnit.SECONDS).get("revoked").asBoolean()).isTrue();
            locker.rollback();
        } finally {
            revoker.shutdownNow();
        }
        EventStorageEngine engine = context.getBean(EventStorageEngine.class);
        assertThatThrownBy(() -> engine.storeSnapshot(new GenericDomainEventMessage<>("ApiKey", id, 2,
                new ApiKeyDeleted(ApiKeyId.of(id), 1L)))).isInstanceOf(UnsupportedOperationException.class);
    }
}
