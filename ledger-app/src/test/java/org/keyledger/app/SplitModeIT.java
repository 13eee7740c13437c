package org.keyledger.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.embedded.EmbeddedKafka;
import org.keyledger.embedded.FreePorts;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.yaml.snakeyaml.Yaml;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split mode as docker compose runs it: the services of {@code docker-compose.yml}, each started from its exec jar as
 * its image starts it ({@code java @jvm.options -jar <service>-exec.jar}, the Dockerfile's ENTRYPOINT, with the
 * repository's {@code jvm.options}, which the image copies) and configured only by the environment the compose file
 * gives it. Only the addresses are rewritten for this machine: {@code postgres:5432} becomes a fresh database on the
 * test PostgreSQL, {@code kafka:9092} an in-process broker, {@code LEDGER_PORT} a free port, and the keys test keys.
 * One command service and two query services, driven over HTTP: every query service reads a write at once, and verify
 * rejects a revoked key on every query service as soon as revoke returns.
 */
class SplitModeIT {

    private static final Path REPOSITORY = Path.of("..");
    /** Three JVMs starting at once on a shared 2-core machine can take over two minutes (seen at load 20). */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final String SUBJECT = "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk";
    /** What {@code docker-compose.yml} gives every ledger service, no more and no less. */
    private static final List<String> LEDGER_VARIABLES = List.of("LEDGER_DB_URL", "LEDGER_DB_USER",
            "LEDGER_DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS", "LEDGER_SECRET_KEYS", "LEDGER_MASTER_KEY", "LEDGER_PORT",
            "LEDGER_SESSION_JWT_KEY", "LEDGER_SESSION_JWKS_URL", "LEDGER_SESSION_ISSUER", "LEDGER_AUTHORIZED_PARTIES");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?[-?]([^}]*))?}");
    private static final String DB_USER = Objects.requireNonNullElse(System.getenv("LEDGER_TEST_PG_USER"), "postgres");
    private static final String DB_PASSWORD = Objects.requireNonNullElse(System.getenv("LEDGER_TEST_PG_PASSWORD"), "");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    /** Each service process started, with its log. */
    private final Map<Process, Path> processes = new LinkedHashMap<>();

    private Path logDirectory;
    private String databaseUrl;
    private EmbeddedKafka kafka;

    @BeforeEach
    void freshDatabaseAndBroker() throws IOException {
        logDirectory = Path.of("target", "split-mode-it");
        Files.createDirectories(logDirectory);
        databaseUrl = LedgerTestEnvironment.newDatabase();
        kafka = EmbeddedKafka.startTemporary();
    }

    @AfterEach
    void stopEverything() throws Exception {
        processes.keySet().forEach(Process::destroy); // SIGTERM, as docker compose stop sends it
        for (Process process : processes.keySet()) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        if (databaseUrl != null) {
            String server = databaseUrl.substring(0, databaseUrl.lastIndexOf('/') + 1);
            String name = databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1);
            try (Connection connection = DriverManager.getConnection(server + "postgres", DB_USER, DB_PASSWORD);
                 Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists " + name + " with (force)");
            }
        }
    }

    @Test
    void oneCommandAndTwoQueryServicesFromTheComposeFileRunAKeysLife() throws Exception {
        Map<String, Object> services = composeServices();
        String command = start("command-service", services);
        List<String> queries = List.of(start("query-service", services), start("query-service", services));
        awaitReady(command);
        for (String query : queries) {
            awaitReady(query);
        }

        HttpResponse<String> created = send("POST", command + "/v1/api_keys",
                "{\"name\":\"split-mode\",\"subject\":\"" + SUBJECT + "\",\"scopes\":[\"read\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode key = json.readTree(created.body());
        String id = key.get("id").asString();
        String verify = "{\"secret\":\"" + key.get("secret").asString() + "\"}";

        for (String query : queries) { // read your writes: at once, on every query service, no retry
            HttpResponse<String> read = send("GET", query + "/v1/api_keys/" + id, null);
            assertThat(read.statusCode()).as(query + ": " + read.body()).isEqualTo(200);
            assertThat(json.readTree(read.body()).get("name").asString()).isEqualTo("split-mode");
        }
        for (String query : queries) {
            HttpResponse<String> verified = send("POST", query + "/v1/api_keys/verify", verify);
            assertThat(verified.statusCode()).as(query + ": " + verified.body()).isEqualTo(200);
            assertThat(json.readTree(verified.body()).get("id").asString()).isEqualTo(id);
        }

        HttpResponse<String> revoked = send("POST", command + "/v1/api_keys/" + id + "/revoke",
                "{\"revocation_reason\":\"split mode\"}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        for (String query : queries) { // the zero window: rejected everywhere once revoke has returned
            assertThat(send("POST", query + "/v1/api_keys/verify", verify).statusCode()).as(query).isEqualTo(404);
        }

        HttpResponse<String> deleted = send("DELETE", command + "/v1/api_keys/" + id, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        for (String query : queries) {
            assertThat(send("GET", query + "/v1/api_keys/" + id, null).statusCode()).as(query).isEqualTo(404);
            HttpResponse<String> audit = send("GET", query + "/v1/api_keys/" + id + "/events", null);
            assertThat(json.readTree(audit.body()).get("total_count").asInt()).as(audit.body()).isEqualTo(3);
        }
    }

    /** The {@code services} of docker-compose.yml (SnakeYAML resolves the shared anchors). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> composeServices() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(REPOSITORY.resolve("docker-compose.yml")));
        return (Map<String, Object>) compose.get("services");
    }

    /** Starts one instance of a compose service from its exec jar; returns its base URL. */
    @SuppressWarnings("unchecked")
    private String start(String service, Map<String, Object> services) throws IOException {
        Map<String, Object> definition = (Map<String, Object>) services.get(service);
        assertThat(definition).as("service " + service + " in docker-compose.yml").isNotNull();
        String jar = System.getProperty("ledger.jar." + service);
        assertThat(jar).as("system property ledger.jar." + service + " (set by the failsafe configuration)")
                .isNotBlank();
        assertThat(Path.of(jar)).exists();
        List<String> dockerfile = dockerfile((Map<String, Object>) definition.get("build"));
        assertThat(entrypoint(dockerfile))
                .as("the image runs the exec jar as split mode does")
                .containsExactly("java", "@/app/jvm.options", "-jar", "/app/" + service + "-exec.jar");
        assertThat(dockerfile).as("the image has the options its command reads")
                .contains("COPY jvm.options /app/jvm.options");

        Map<String, String> composed = new LinkedHashMap<>();
        ((Map<String, Object>) definition.get("environment")).forEach((name, value) ->
                composed.put(name, interpolate(String.valueOf(value))));
        assertThat(composed).as(service + "'s environment in docker-compose.yml")
                .containsOnlyKeys(LEDGER_VARIABLES);

        int port = FreePorts.pick();
        Map<String, String> environment = new LinkedHashMap<>(composed);
        environment.put("LEDGER_DB_URL", rewrite(composed.get("LEDGER_DB_URL"), "postgres:5432/ledger",
                databaseUrl.substring("jdbc:postgresql://".length())));
        environment.put("LEDGER_DB_USER", DB_USER);
        environment.put("LEDGER_DB_PASSWORD", DB_PASSWORD);
        environment.put("KAFKA_BOOTSTRAP_SERVERS", rewrite(composed.get("KAFKA_BOOTSTRAP_SERVERS"), "kafka:9092",
                kafka.bootstrapServers()));
        environment.put("LEDGER_PORT", rewrite(composed.get("LEDGER_PORT"), "8080", Integer.toString(port)));
        environment.put("LEDGER_SECRET_KEYS", LedgerTestEnvironment.INSTANCE_KEY);
        environment.put("LEDGER_MASTER_KEY", LedgerTestEnvironment.MASTER_KEY);
        environment.put("SERVER_ADDRESS", "127.0.0.1"); // in a container every interface; here this machine only

        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = logDirectory.resolve(service + "-" + processes.size() + ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "@" + REPOSITORY.resolve("jvm.options").toAbsolutePath(),
                "-jar", jar)
                .directory(logDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LEDGER_") || name.startsWith("SPRING_")
                || name.startsWith("KAFKA_") || name.startsWith("SERVER_"));
        builder.environment().putAll(environment);
        processes.put(builder.start(), log);
        return "http://127.0.0.1:" + port;
    }

    /** The lines of the Dockerfile a compose service builds with. */
    private static List<String> dockerfile(Map<String, Object> build) throws IOException {
        return Files.readAllLines(REPOSITORY.resolve(String.valueOf(build.get("context")))
                .resolve(String.valueOf(build.get("dockerfile"))));
    }

    /** A Dockerfile's exec-form ENTRYPOINT. */
    private static List<String> entrypoint(List<String> dockerfile) {
        String line = dockerfile.stream().filter(l -> l.startsWith("ENTRYPOINT "))
                .reduce((first, last) -> last).orElseThrow(() -> new AssertionError("no ENTRYPOINT"));
        List<String> words = new ArrayList<>();
        JsonMapper.shared().readTree(line.substring("ENTRYPOINT ".length())).forEach(w -> words.add(w.asString()));
        return words;
    }

    /** Compose's {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME:?message}}, from .env.example. */
    private static String interpolate(String value) {
        Map<String, String> example = envExample();
        Matcher matcher = INTERPOLATION.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String set = example.getOrDefault(matcher.group(1), "");
            String replacement = !set.isEmpty() || matcher.group(0).contains(":?") ? set
                    : Objects.requireNonNullElse(matcher.group(2), "");
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(result).toString();
    }

    private static Map<String, String> envExample() {
        try {
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : Files.readAllLines(REPOSITORY.resolve(".env.example"))) {
                int equals = line.indexOf('=');
                if (!line.startsWith("#") && equals > 0) {
                    values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
                }
            }
            return values;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String rewrite(String value, String composeAddress, String testAddress) {
        assertThat(value).as("docker-compose.yml's value").contains(composeAddress);
        return value.replace(composeAddress, testAddress);
    }

    /** Waits for the readiness group (falling back to the overall health where there is none) to answer UP. */
    private void awaitReady(String service) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String path = "/actuator/health/readiness";
        while (System.nanoTime() < deadline) {
            processes.forEach((process, log) -> assertThat(process.isAlive())
                    .as(() -> log + " exited with " + process.exitValue() + "; its last lines:\n" + tail(log))
                    .isTrue());
            try {
                HttpResponse<String> health = send("GET", service + path, null);
                if (health.statusCode() == 404 && path.endsWith("/readiness")) {
                    path = "/actuator/health";
                } else if (health.statusCode() == 200
                        && "UP".equals(json.readTree(health.body()).path("status").asString())) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(service + " was not ready within " + START_TIMEOUT + " (logs in "
                + logDirectory.toAbsolutePath() + ")");
    }

    /** The last lines of a log, for a failure message: CI keeps the test's output, not its files. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + LedgerTestEnvironment.INSTANCE_KEY)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
