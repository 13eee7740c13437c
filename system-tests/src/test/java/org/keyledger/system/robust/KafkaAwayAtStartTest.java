package org.keyledger.system.robust;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keyledger.embedded.EmbeddedKafka;
import org.keyledger.messages.LedgerTopics;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerProperties;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka unreachable when the services start: they start, are ready and verify all the same; health shows Kafka as
 * DEGRADED (not DOWN) and a metric counts it; once Kafka is there the usage pipeline and the event publisher catch
 * up with what happened meanwhile.
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS)
class KafkaAwayAtStartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern UNREACHABLE_COUNTED =
            Pattern.compile("ledger_kafka_unreachable_total\\{[^}]*\\} [1-9]");

    static int kafkaPort;
    static SplitLedger ledger;
    static EmbeddedKafka kafka;

    /** A broker at a free port, started only later in the test. */
    @SplitLedgerProperties
    static String[] kafkaNotThereYet() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            kafkaPort = free.getLocalPort();
        }
        return new String[] {"spring.kafka.bootstrap-servers=127.0.0.1:" + kafkaPort};
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static String kafkaHealth() {
        return JSON.readTree(ledger.reads().send("GET", "/actuator/health/kafka", null).body())
                .path("status").asString();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    @Test
    void readyAndVerifyingWithoutKafkaDegradedInHealthAndCatchingUpOnceItIsThere() throws Exception {
        assertThat(ledger.reads().send("GET", "/actuator/health/readiness", null).status())
                .isEqualTo(200);
        JsonNode created = JSON.readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"while-kafka-is-away\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body());
        String id = created.get("id").asString();
        assertThat(ledger.reads().send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + created.get("secret").asString() + "\"}").status()).isEqualTo(200);

        await("Kafka shown DEGRADED", () -> "DEGRADED".equals(kafkaHealth()));
        var healthAnswer = ledger.reads().send("GET", "/actuator/health", null);
        assertThat(healthAnswer.status()).as("degraded is not down").isEqualTo(200);
        // DEGRADED from the start (not probed yet); the first failed probe takes its timeout (3 s) to count
        await("a failed probe counted", () -> UNREACHABLE_COUNTED.matcher(
                ledger.reads().send("GET", "/actuator/prometheus", null).body()).find());

        kafka = EmbeddedKafka.builder().logDirectory(Files.createTempDirectory("ledger-kafka-late-"))
                .port(kafkaPort).start();
        await("Kafka shown UP", () -> "UP".equals(kafkaHealth()));
        await("the use made while Kafka was away arrives", () -> !JSON.readTree(ledger.reads().send("GET",
                "/v1/api_keys/" + id, null).body()).get("last_used_at").isNull());
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(LedgerTopics.EVENTS));
            await("the create made while Kafka was away is published", () -> {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (id.equals(record.key())) {
                        return true;
                    }
                }
                return false;
            });
        }
    }
}
