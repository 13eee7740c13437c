package org.keyledger.system.robust;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.keyledger.embedded.EmbeddedKafka;
import org.keyledger.messages.LedgerTopics;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerProperties;
import org.keyledger.system.SplitLedgerTest;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka unreachable when the services start: they start, are ready and verify all the same; health shows Kafka as
 * DEGRADED (not DOWN) and a metric counts it; once Kafka is there the usage pipeline and the event publisher catch
 * up with what happened meanwhile. Meanwhile the query service starts as quickly as with Kafka there, and what is
 * logged about Kafka stays a few lines (once it was some 600 lines a second and a start of 87 s).
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS)
class KafkaAwayAtStartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern UNREACHABLE_COUNTED =
            Pattern.compile("ledger_kafka_unreachable_total\\{[^}]*\\} [1-9]");

    /**
     * How much longer than the command service (started first, in the same JVM, without Kafka clients) the query
     * service may take to start: some 6 s here, twice that on a busy machine; a start that waits for Kafka adds the
     * admin client's 30 s operation timeout (or more) to it.
     */
    private static final Duration START_BOUND = Duration.ofSeconds(25);
    /** How long the log is watched while Kafka is away: several of the clients' reconnect backoffs (1 s at most). */
    private static final Duration LOG_WINDOW = Duration.ofSeconds(15);
    /**
     * What may be logged about Kafka in that window: KafkaConnectivity's warning (once per 30 s, so one or two) and the
     * lines a client logs once when it is made (its settings, version: six for the producer made for the create here);
     * the clients' reconnect lines, about one a second per client each, would pass it within seconds.
     */
    private static final int KAFKA_LINES_BOUND = 20;
    private static final Predicate<ILoggingEvent> ABOUT_KAFKA = event -> event.getLoggerName().startsWith("org.apache.kafka")
            || event.getLoggerName().startsWith("org.springframework.kafka")
            || event.getLoggerName().startsWith("org.keyledger.query.kafka");

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
        // each from its context's refresh: the command service's until the query service's, which lasts until now
        // (the test runs right after the start), port open and ready
        Duration commandStart = Duration.ofMillis(ledger.query().getStartupDate() - ledger.command().getStartupDate());
        Duration queryStart = Duration.ofMillis(System.currentTimeMillis() - ledger.query().getStartupDate());
        assertThat(queryStart).as("the query service's start without Kafka, the command service's took %s", commandStart)
                .isLessThan(commandStart.plus(START_BOUND));
        // attached only now: each service's start resets Logback (Spring Boot's logging system)
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        long watchedSince = System.nanoTime();

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

        Thread.sleep(Math.max(0, LOG_WINDOW.toMillis() - Duration.ofNanos(System.nanoTime() - watchedSince).toMillis()));
        root.detachAppender(logged);
        List<ILoggingEvent> aboutKafka;
        synchronized (logged) { // ListAppender appends under this lock
            aboutKafka = logged.list.stream().filter(ABOUT_KAFKA).toList();
        }
        assertThat(aboutKafka).as("lines logged about Kafka in %s while it is away, by logger: %s", LOG_WINDOW,
                aboutKafka.stream().collect(Collectors.groupingBy(ILoggingEvent::getLoggerName, Collectors.counting())))
                .hasSizeLessThanOrEqualTo(KAFKA_LINES_BOUND);

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
