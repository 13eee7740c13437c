package org.keyledger.app;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.embedded.FreePorts;
import org.keyledger.messages.LedgerTopics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's local mode, end to end: the packaged executable jar started as its own process on a fresh data
 * directory (free ports for HTTP, PostgreSQL and Kafka), used over HTTP with the development instance key it keeps,
 * stopped the way Ctrl-C stops it (SIGTERM runs the same shutdown hook), and started again on the same data: the key
 * is still there.
 */
class LocalModeIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String SUBJECT = "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private Path root;
    private Path dataDirectory;
    private Path logDirectory;
    private int httpPort;
    private int postgresPort;
    private int kafkaPort;
    private Process app;
    private int runs;

    @BeforeEach
    void freshDataDirectoryAndPorts() throws IOException {
        root = Files.createTempDirectory("ledger-local-mode-");
        dataDirectory = root.resolve("data");
        logDirectory = Path.of("target", "local-mode-it");
        Files.createDirectories(logDirectory);
        httpPort = FreePorts.pick();
        postgresPort = FreePorts.pick();
        kafkaPort = FreePorts.pickPair();
    }

    @AfterEach
    void stopAndClean() throws Exception {
        if (app != null && app.isAlive()) {
            app.destroy();
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
        stopOrphanedPostgres();
        if (root != null) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void keysSurviveARestartOnTheSameDataDirectory() throws Exception {
        // first run: everything is created under the data directory
        Duration firstStart = start();
        String instanceKey = Files.readString(dataDirectory.resolve("dev-instance-key")).trim();
        assertThat(instanceKey).startsWith("sk_test_");
        assertThat(dataDirectory.resolve("master.key")).exists();
        assertThat(dataDirectory.resolve("postgres/PG_VERSION")).exists();
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/ledger", "postgres", "");
             ResultSet setting = connection.createStatement().executeQuery("show shared_buffers")) {
            assertThat(setting.next()).isTrue();
            assertThat(setting.getString(1)).as("LEDGER_EMBEDDED_DB_SHARED_BUFFERS").isEqualTo("256MB");
        }
        assertKafkaAnswers(); // it starts once the ledger is ready
        assertThat(dataDirectory.resolve("kafka/meta.properties")).exists();

        HttpResponse<String> unauthenticated = post("/v1/api_keys", "sk_test_wrong", createBody("ci-deploy"));
        assertThat(unauthenticated.statusCode()).isEqualTo(401);

        // 200 or 201: the command side answers 200 for Clerk's Java SDK (which accepts nothing else), API.md says 201
        HttpResponse<String> created = post("/v1/api_keys", instanceKey, createBody("ci-deploy"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200); // Clerk's Java SDK accepts only 200 for create
        JsonNode key = json.readTree(created.body());
        String id = key.get("id").asString();
        assertThat(id).startsWith("ak_");
        assertThat(key.get("name").asString()).isEqualTo("ci-deploy");
        assertThat(key.get("secret").asString()).startsWith("ak_");

        // stop it as Ctrl-C does: Spring Boot's shutdown hook closes the context, then Kafka and PostgreSQL stop
        stop();
        assertThat(dataDirectory.resolve("postgres/postmaster.pid")).as("PostgreSQL stopped cleanly").doesNotExist();
        assertThat(dataDirectory.resolve("kafka/.kafka_cleanshutdown")).as("Kafka stopped cleanly").exists();
        assertThat(FreePorts.isFree(httpPort) && FreePorts.isFree(postgresPort) && FreePorts.isFree(kafkaPort))
                .as("every port is released").isTrue();

        // second run on the same data: same instance key, and the key from the first run is still there
        Duration secondStart = start();
        assertThat(Files.readString(dataDirectory.resolve("dev-instance-key")).trim()).isEqualTo(instanceKey);

        HttpResponse<String> again = post("/v1/api_keys", instanceKey, createBody("ci-deploy"));
        assertThat(again.statusCode()).as("the name is still taken for this subject: " + again.body())
                .isEqualTo(409);
        assertThat(json.readTree(again.body()).at("/errors/0/meta/param_name").asString()).isEqualTo("name");

        HttpResponse<String> another = post("/v1/api_keys", instanceKey, createBody("ci-deploy-2"));
        assertThat(another.statusCode()).as(another.body()).isEqualTo(200); // Clerk's Java SDK accepts only 200 for create

        // once the query side serves GET /v1/api_keys/{id}, the key from the first run must be readable too
        HttpResponse<String> read = get("/v1/api_keys/" + id, instanceKey);
        if (read.statusCode() == 200) {
            assertThat(json.readTree(read.body()).get("name").asString()).isEqualTo("ci-deploy");
        }

        stop();
        System.out.printf("local mode started in %d ms (fresh data directory) and %d ms (existing data)%n",
                firstStart.toMillis(), secondStart.toMillis());
    }

    /**
     * Kafka comes up last and slowly (here 20 s after the context is ready, by a test-only delay): meanwhile the ledger
     * is ready, creates and verifies at once, and shows Kafka DEGRADED; once the broker is up the use made meanwhile
     * reaches last_used_at and the create reaches a subscriber of the events topic.
     */
    @Test
    void answersAtOnceWhileKafkaIsStillStartingAndCatchesUpOnceItIsUp() throws Exception {
        start(Duration.ofSeconds(20));
        String instanceKey = Files.readString(dataDirectory.resolve("dev-instance-key")).trim();

        HttpResponse<String> created = post("/v1/api_keys", instanceKey, createBody("before-kafka"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode key = json.readTree(created.body());
        String id = key.get("id").asString();
        HttpResponse<String> verified = post("/v1/api_keys/verify", instanceKey,
                "{\"secret\":\"" + key.get("secret").asString() + "\"}");
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(json.readTree(verified.body()).get("id").asString()).isEqualTo(id);
        assertThat(json.readTree(get("/actuator/health/kafka", null).body()).path("status").asString())
                .as("Kafka is not up yet").isEqualTo("DEGRADED");

        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (json.readTree(get("/v1/api_keys/" + id, instanceKey).body()).get("last_used_at").isNull()) {
            assertThat(System.nanoTime()).as("the verify made before Kafka was up reaches last_used_at")
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                ConsumerConfig.GROUP_ID_CONFIG, "local-mode-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(LedgerTopics.EVENTS));
            boolean published = false;
            while (!published) {
                assertThat(System.nanoTime()).as("the create made before Kafka was up is published")
                        .isLessThan(deadline);
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    published |= id.equals(record.key());
                }
            }
        }
        stop();
    }

    private Duration start() throws Exception {
        return start(Duration.ZERO);
    }

    /**
     * Starts the jar (its embedded Kafka {@code kafkaDelay} after the context is ready) and waits until its readiness
     * answers UP; returns how long that took.
     */
    private Duration start(Duration kafkaDelay) throws Exception {
        String jar = System.getProperty("ledger.app.jar");
        assertThat(jar).as("system property ledger.app.jar (set by the failsafe configuration)").isNotBlank();
        assertThat(Path.of(jar)).exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = logDirectory.resolve("run-" + (++runs) + ".log");
        ProcessBuilder builder = new ProcessBuilder(java,
                "-D" + LocalMode.KAFKA_START_DELAY + "=" + kafkaDelay.toMillis() + "ms", "-jar", jar)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        List.of("LEDGER_DB_URL", "LEDGER_DB_USER", "LEDGER_DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
                "LEDGER_SECRET_KEYS", "LEDGER_MASTER_KEY", "SPRING_DATASOURCE_URL",
                "SPRING_KAFKA_BOOTSTRAP_SERVERS").forEach(environment::remove);
        environment.put("LEDGER_DATA_DIR", dataDirectory.toString());
        environment.put("LEDGER_PORT", Integer.toString(httpPort));
        environment.put("LEDGER_EMBEDDED_DB_PORT", Integer.toString(postgresPort));
        environment.put("LEDGER_EMBEDDED_DB_SHARED_BUFFERS", "256MB");
        environment.put("LEDGER_EMBEDDED_KAFKA_PORT", Integer.toString(kafkaPort));

        long begin = System.nanoTime();
        app = builder.start();
        long deadline = begin + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("the app exited with " + app.exitValue() + " while starting:\n" + tail(log));
            }
            try {
                HttpResponse<String> health = get("/actuator/health/readiness", null);
                if (health.statusCode() == 200 && json.readTree(health.body()).get("status").asString().equals("UP")) {
                    return Duration.ofNanos(System.nanoTime() - begin);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the app was not healthy within " + START_TIMEOUT + ":\n" + tail(log));
    }

    private void stop() throws Exception {
        app.destroy(); // SIGTERM: the same shutdown hook as Ctrl-C
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the app stops within 60 s").isTrue();
        assertThat(app.exitValue()).as("exit status after SIGTERM").isIn(0, 130, 143);
    }

    private void assertKafkaAnswers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    private String createBody(String name) {
        return "{\"name\":\"" + name + "\",\"subject\":\"" + SUBJECT + "\",\"scopes\":[\"read\"]}";
    }

    private HttpResponse<String> post(String path, String instanceKey, String body) throws Exception {
        return http.send(request(path, instanceKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String instanceKey) throws IOException, InterruptedException {
        return http.send(request(path, instanceKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String instanceKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30));
        if (instanceKey != null) {
            request.header("Authorization", "Bearer " + instanceKey);
        }
        return request;
    }

    /** A PostgreSQL left running by a run that had to be killed: stop it, or it would outlive the test. */
    private void stopOrphanedPostgres() throws IOException {
        Path pidFile = dataDirectory == null ? null : dataDirectory.resolve("postgres/postmaster.pid");
        if (pidFile != null && Files.exists(pidFile)) {
            String pid = Files.readAllLines(pidFile).get(0).trim();
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(postgres -> {
                postgres.destroy();
                postgres.onExit().completeOnTimeout(postgres, 10, TimeUnit.SECONDS).join();
            });
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
