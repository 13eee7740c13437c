package org.keyledger.query.publishing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.keyledger.messages.LedgerTopics;
import org.keyledger.platform.secret.SecretFormat;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscribers read every ledger event from Kafka as a CloudEvent, in per-key order, at least once; deduplicated by
 * {@code id} they see each event exactly once, also across a restart of the publishing query service.
 */
@SplitLedgerTest
class EventPublishingTest {

    private static SplitLedger ledger;

    @Test
    void aSubscriberSeesEveryEventOfAKeyInOrderAndNoSecret() {
        JsonNode key = JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"subscribed\",\"subject\":\"" + SplitLedger.SUBJECT + "\",\"scopes\":[\"a\"]}").body());
        String id = key.get("id").asString();
        write("PATCH", "/v1/api_keys/" + id, "{\"scopes\":[\"a\",\"b\"]}");
        write("POST", "/v1/api_keys/" + id + "/revoke", "{\"revocation_reason\":\"compromised\"}");
        write("DELETE", "/v1/api_keys/" + id, null);

        List<ConsumerRecord<String, String>> records = consumeForKey(id, 4);

        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(id));
        List<JsonNode> events = records.stream().map(r -> JsonMapper.shared().readTree(r.value())).toList();
        assertThat(events).extracting(e -> e.get("type").asString()).containsExactly(
                "ledger.api_key.created.v1", "ledger.api_key.updated.v1", "ledger.api_key.revoked.v1",
                "ledger.api_key.deleted.v1");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("specversion").asString()).isEqualTo("1.0");
            assertThat(e.get("source").asString()).isEqualTo("/key-ledger");
            assertThat(e.get("subject").asString()).isEqualTo(id);
            assertThat(e.get("datacontenttype").asString()).isEqualTo("application/json");
            assertThat(e.get("time").asString()).isNotBlank();
            assertThat(e.get("data").get("actor").asString()).startsWith("key_");
        });
        assertThat(events).extracting(e -> e.get("id").asString()).doesNotHaveDuplicates();
        JsonNode revoked = events.get(2).get("data");
        assertThat(revoked.get("revocation_reason").asString()).isEqualTo("compromised");
        String secret = key.get("secret").asString();
        assertThat(records).allSatisfy(r -> assertThat(r.value())
                .doesNotContain(secret, SecretFormat.sha256(secret), "ciphertext", "sha256"));
    }

    @Test
    void aRestartOfThePublisherResendsNothingADeduplicatingSubscriberWouldSeeTwice() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys",
                    "{\"name\":\"restart-" + i + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body())
                    .get("id").asString());
        }
        ids.forEach(id -> consumeForKey(id, 1));

        ledger.restartQuery();
        for (String id : ids) {
            write("POST", "/v1/api_keys/" + id + "/revoke", null);
        }

        for (String id : ids) {
            List<ConsumerRecord<String, String>> records = consumeForKey(id, 2);
            Map<String, String> byEventId = new LinkedHashMap<>();
            records.forEach(r -> byEventId.putIfAbsent(JsonMapper.shared().readTree(r.value()).get("id").asString(),
                    JsonMapper.shared().readTree(r.value()).get("type").asString()));
            assertThat(byEventId.values()).containsExactly("ledger.api_key.created.v1", "ledger.api_key.revoked.v1");
        }
    }

    private static void write(String method, String path, String body) {
        assertThat(ledger.writes().send(method, path, body).status()).isEqualTo(200);
    }

    /**
     * Reads the whole events topic with a new consumer group until {@code atLeast} records of the key arrived (and a
     * moment more, so that duplicates would show), and returns that key's records in offset order.
     */
    private static List<ConsumerRecord<String, String>> consumeForKey(String id, int atLeast) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SplitLedger.sharedKafka(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(LedgerTopics.EVENTS));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + 60_000_000_000L;
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (id.equals(record.key())) {
                        found.add(record);
                    }
                }
                if (found.size() >= atLeast && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + 500_000_000L;
                }
            }
            assertThat(found).as("events of %s on the topic", id).hasSizeGreaterThanOrEqualTo(atLeast);
            return found;
        }
    }
}
