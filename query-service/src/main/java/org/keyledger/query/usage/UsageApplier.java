package org.keyledger.query.usage;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.keyledger.messages.ApiKeyUsed;
import org.keyledger.messages.LedgerTopics;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies key usage from Kafka to {@code api_key_usage} in batches. {@code last_used_at} only moves forward, so an
 * older use arriving late, or a redelivered batch, changes nothing. Offsets are committed after the batch is applied.
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
        Map<String, Long> latest = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            ApiKeyUsed used = json.readValue(record.value(), ApiKeyUsed.class);
            latest.merge(used.apiKeyId(), used.lastUsedAt(), Math::max);
        }
        List<Object[]> rows = new ArrayList<>();
        latest.forEach((id, at) -> rows.add(new Object[]{id, at}));
        jdbc.batchUpdate("""
                insert into api_key_usage (api_key_id, last_used_at) values (?, ?)
                on conflict (api_key_id) do update
                set last_used_at = greatest(api_key_usage.last_used_at, excluded.last_used_at)""", rows);
    }
}
