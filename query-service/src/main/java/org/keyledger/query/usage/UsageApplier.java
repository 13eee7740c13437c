package org.keyledger.query.usage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.keyledger.messages.ApiKeyUsed;
import org.keyledger.messages.LedgerTopics;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies key usage from Kafka to {@code api_key_usage} in batches. {@code last_used_at} only moves forward, so an
 * older use arriving late, or a redelivered batch, changes nothing. Offsets are committed after the batch is applied.
 * <p>
 * A batch is one statement over arrays, each key once: with a Zipf choice over a million keys most verifies are of a
 * key not used in the last flush, so a query service under load sends thousands of uses a second, and PostgreSQL
 * spent about a third as much on a row of one statement over 500 as on a row sent as a statement of its own
 * (BENCHMARKS.md, "Uses applied in one statement"). The keys go in id order, so that two batches never lock the
 * same two rows in opposite orders.
 */
@Component
class UsageApplier {

    static final String GROUP = "ledger-usage";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    UsageApplier(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @KafkaListener(id = GROUP, groupId = GROUP, topics = LedgerTopics.USAGE, batch = "true")
    void apply(List<ConsumerRecord<String, String>> records) {
        Map<String, Long> latest = new TreeMap<>();
        for (ConsumerRecord<String, String> record : records) {
            ApiKeyUsed used = json.readValue(record.value(), ApiKeyUsed.class);
            latest.merge(used.apiKeyId(), used.lastUsedAt(), Math::max);
        }
        if (latest.isEmpty()) {
            return;
        }
        jdbc.update("""
                insert into api_key_usage (api_key_id, last_used_at)
                select * from unnest(?::varchar[], ?::bigint[])
                on conflict (api_key_id) do update
                set last_used_at = greatest(api_key_usage.last_used_at, excluded.last_used_at)""",
                latest.keySet().toArray(String[]::new), latest.values().toArray(Long[]::new));
    }
}
