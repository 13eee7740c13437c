package org.keyledger.platform.eventstore;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.schema.LedgerSchemaMigrator;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracking fetch ({@link TrackedEvents}) over a store of 5,000 events, with a token at index 4,000: its gaps,
 * filled since or not, and the events after it.
 */
class TrackedEventsTest {

    private static final int EVENTS = 5000;
    private static final DataSource DATABASE = LedgerTestEnvironment.newDataSource();

    @BeforeAll
    static void aStoreOfEvents() throws Exception {
        new LedgerSchemaMigrator(DATABASE, List.of(EventStoreAutoConfiguration.platform())).afterPropertiesSet();
        JdbcClient jdbc = JdbcClient.create(DATABASE);
        jdbc.sql("""
                insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload, meta_data)
                select 'e' || n, 'ak_' || n, 0, 'ApiKey', '2026-12-07T00:00:00Z', 'org.keyledger.events.ApiKeyCreated',
                    convert_to('{}', 'UTF8'), convert_to('{}', 'UTF8')
                from generate_series(1, ?) n""").param(EVENTS).update();
        jdbc.sql("delete from domain_event_entry where global_index = 3995").update(); // a gap never filled
        jdbc.sql("analyze domain_event_entry").update();
    }

    @Test
    void aFetchReturnsTheGapsFilledSinceThenTheEventsAfterTheIndexInOrder() throws SQLException {
        List<Long> fetched = new ArrayList<>();
        try (Connection connection = DATABASE.getConnection();
             PreparedStatement fetch = TrackedEvents.afterOrIn(connection, EventStoreAutoConfiguration.EVENT_SCHEMA,
                     4000, 5, List.of(10L, 3990L, 3995L));
             ResultSet events = fetch.executeQuery()) {
            while (events.next()) {
                fetched.add(events.getLong("global_index"));
            }
        }
        assertThat(fetched).containsExactly(10L, 3990L, 4001L, 4002L, 4003L);
    }

    @Test
    void withoutGapsAFetchReadsOnFromTheIndex() throws SQLException {
        List<Long> fetched = new ArrayList<>();
        try (Connection connection = DATABASE.getConnection();
             PreparedStatement fetch = TrackedEvents.after(connection, EventStoreAutoConfiguration.EVENT_SCHEMA,
                     EVENTS - 2, 1000);
             ResultSet events = fetch.executeQuery()) {
            while (events.next()) {
                fetched.add(events.getLong("global_index"));
            }
        }
        assertThat(fetched).containsExactly(EVENTS - 1L, (long) EVENTS);
    }

    /** Not the primary key walked from the first event and filtered, as one condition with an {@code or} had it. */
    @Test
    void aFetchWithGapsReadsOnlyTheGapsAndTheEventsAfterTheIndex() throws SQLException {
        String plan;
        try (Connection connection = DATABASE.getConnection();
             PreparedStatement explain = TrackedEvents.prepare(connection, "explain (analyze, format json) ",
                     EventStoreAutoConfiguration.EVENT_SCHEMA, 4000, 5, List.of(10L, 3990L, 3995L));
             ResultSet result = explain.executeQuery()) {
            result.next();
            plan = result.getString(1);
        }
        JsonNode root = JsonMapper.builder().build().readTree(plan);
        assertThat(rowsRead(root)).as(plan).isLessThan(20);
    }

    /** Rows the plan's scans produced or filtered out. */
    private static long rowsRead(JsonNode node) {
        long rows = 0;
        if (node.isObject() && node.has("Node Type") && node.get("Node Type").asString().contains("Scan")) {
            rows += node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
                    + node.path("Rows Removed by Index Recheck").asLong();
        }
        for (JsonNode child : node) {
            rows += rowsRead(child);
        }
        return rows;
    }
}
