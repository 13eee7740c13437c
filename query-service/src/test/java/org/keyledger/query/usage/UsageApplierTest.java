package org.keyledger.query.usage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.messages.LedgerTopics;
import org.keyledger.query.projection.QueryDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The usage consumer's batch on a PostgreSQL database of its own (no Kafka, no Spring): each key's latest use in the
 * batch is kept, a key's first use inserts its row, and no use moves {@code last_used_at} back.
 */
class UsageApplierTest {

    private static final String A = "ak_0123456789abcdef0123456789abcdef";
    private static final String B = "ak_3beecc9c60adb5f9b850e91a8ee1e992";
    private static final String C = "ak_ffffffffffffffffffffffffffffffff";

    private JdbcTemplate jdbc;
    private UsageApplier applier;

    @BeforeEach
    void migrate() {
        jdbc = new JdbcTemplate(QueryDatabase.migrated());
        applier = new UsageApplier(jdbc, JsonMapper.shared());
    }

    @Test
    void aBatchKeepsEachKeysLatestUseInWhateverOrderItsUsesCame() {
        applier.apply(batch(use(B, 200), use(A, 300), use(B, 500), use(A, 100), use(C, 50), use(B, 400)));

        assertThat(lastUses()).containsOnly(entry(A, 300L), entry(B, 500L), entry(C, 50L));
    }

    @Test
    void anOlderUseInALaterBatchChangesNothingAndANewerOneMovesItOn() {
        applier.apply(batch(use(A, 300), use(B, 300)));

        applier.apply(batch(use(A, 100), use(B, 900), use(C, 700)));

        assertThat(lastUses()).containsOnly(entry(A, 300L), entry(B, 900L), entry(C, 700L));
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        List<ConsumerRecord<String, String>> batch = batch(use(A, 300), use(B, 400));
        applier.apply(batch);

        applier.apply(batch);

        assertThat(lastUses()).containsOnly(entry(A, 300L), entry(B, 400L));
    }

    @Test
    void aBatchOfAThousandKeysIsAppliedWhole() {
        List<String> uses = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            uses.add(use("ak_%032x".formatted(i), 1_000 + i));
        }

        applier.apply(batch(uses.toArray(String[]::new)));

        Map<String, Long> stored = lastUses();
        assertThat(stored).hasSize(1000).containsEntry("ak_%032x".formatted(999), 1_999L);
    }

    private static String use(String id, long at) {
        return "{\"api_key_id\":\"" + id + "\",\"last_used_at\":" + at + "}";
    }

    private static List<ConsumerRecord<String, String>> batch(String... uses) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < uses.length; i++) {
            String id = JsonMapper.shared().readTree(uses[i]).get("api_key_id").asString();
            records.add(new ConsumerRecord<>(LedgerTopics.USAGE, 0, i, id, uses[i]));
        }
        return records;
    }

    private Map<String, Long> lastUses() {
        return jdbc.queryForList("select api_key_id, last_used_at from api_key_usage").stream()
                .collect(Collectors.toMap(row -> (String) row.get("api_key_id"),
                        row -> ((Number) row.get("last_used_at")).longValue()));
    }
}
