package org.keyledger.query.usage;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.keyledger.messages.LedgerTopics;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * last_used_at through a real Kafka broker: a successful verify becomes visible in the key object; an older use
 * delivered late never wins; with the broker down verifies still succeed, and their uses arrive once it is back.
 */
@SplitLedgerTest(ownKafka = true, lifecycle = SplitLedgerTest.Lifecycle.CLASS)
class UsagePipelineTest {

    private static SplitLedger ledger;

    @Test
    void aVerifyBecomesLastUsedAtThroughKafka() throws Exception {
        JsonNode key = create("used-once");
        assertThat(get(key).get("last_used_at").isNull()).isTrue();
        long before = System.currentTimeMillis();

        assertThat(verify(key)).isEqualTo(200);

        JsonNode used = awaitKey(key, k -> !k.get("last_used_at").isNull());
        assertThat(used.get("last_used_at").asLong()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void anOlderUseDeliveredLateDoesNotMoveLastUsedAtBack() throws Exception {
        JsonNode key = create("late-use");
        verify(key);
        long latest = awaitKey(key, k -> !k.get("last_used_at").isNull()).get("last_used_at").asLong();
        String id = key.get("id").asString();

        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ledger.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            String old = "{\"api_key_id\":\"" + id + "\",\"last_used_at\":" + (latest - 60_000) + "}";
            producer.send(new ProducerRecord<>(LedgerTopics.USAGE, id, old)).get();
            producer.send(new ProducerRecord<>(LedgerTopics.USAGE, id, old)).get(); // and redelivered
        }
        awaitUsageConsumed();

        assertThat(get(key).get("last_used_at").asLong()).isEqualTo(latest);
    }

    @Test
    void verifiesSucceedWhileKafkaIsDownAndTheirUsesArriveWhenItIsBack() throws Exception {
        JsonNode key = create("kafka-outage");
        ledger.kafka().stop();
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(verify(key)).isEqualTo(200);
            }
            Thread.sleep(1500); // several flushes fail meanwhile; the uses stay buffered
            assertThat(get(key).get("last_used_at").isNull()).isTrue();
        } finally {
            ledger.kafka().restart();
        }

        assertThat(awaitKey(key, k -> !k.get("last_used_at").isNull()).get("last_used_at").asLong()).isPositive();
    }

    private static JsonNode create(String name) {
        return JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body());
    }

    private static int verify(JsonNode key) {
        return ledger.reads().send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + key.get("secret").asString() + "\"}").status();
    }

    private static JsonNode get(JsonNode key) {
        return JsonMapper.shared().readTree(
                ledger.reads().send("GET", "/v1/api_keys/" + key.get("id").asString(), null).body());
    }

    private static JsonNode awaitKey(JsonNode key, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode current = get(key);
        while (!condition.test(current)) {
            assertThat(System.nanoTime()).as("key never became %s", current).isLessThan(deadline);
            Thread.sleep(50);
            current = get(key);
        }
        return current;
    }

    /** Waits until the usage consumer group has committed everything on the usage topic. */
    private static void awaitUsageConsumed() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ledger.kafka().bootstrapServers()))) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (true) {
                var partitions = admin.describeTopics(java.util.List.of(LedgerTopics.USAGE)).allTopicNames().get()
                        .get(LedgerTopics.USAGE).partitions().stream()
                        .map(p -> new TopicPartition(LedgerTopics.USAGE, p.partition())).toList();
                var ends = admin.listOffsets(partitions.stream()
                        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
                var committed = admin.listConsumerGroupOffsets(UsageApplier.GROUP)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = partitions.stream().allMatch(p -> ends.get(p).offset() == 0
                        || (committed.get(p) != null && committed.get(p).offset() >= ends.get(p).offset()));
                if (done) {
                    return;
                }
                assertThat(System.nanoTime()).as("usage never consumed").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }
}
