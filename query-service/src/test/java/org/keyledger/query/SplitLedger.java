package org.keyledger.query;

import org.keyledger.command.CommandServiceApplication;
import org.keyledger.embedded.EmbeddedKafka;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The ledger as split mode runs it: a command service and a query service, each its own Spring application on its
 * own port, sharing one fresh PostgreSQL database. Tests drive them over HTTP only.
 */
public final class SplitLedger implements AutoCloseable {

    public static final String SUBJECT = "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk";

    private final String databaseUrl;
    private final String[] arguments;
    private final ConfigurableApplicationContext command;
    private ConfigurableApplicationContext query;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SplitLedger(String databaseUrl, String[] arguments, ConfigurableApplicationContext command,
                        ConfigurableApplicationContext query) {
        this.databaseUrl = databaseUrl;
        this.arguments = arguments;
        this.command = command;
        this.query = query;
    }

    /** One real Kafka broker (in-process KRaft) for every ledger of this test JVM that brings none of its own. */
    private static EmbeddedKafka sharedKafka;

    public static synchronized String sharedKafka() {
        if (sharedKafka == null) {
            sharedKafka = EmbeddedKafka.startTemporary();
            Runtime.getRuntime().addShutdownHook(new Thread(sharedKafka::close));
        }
        return sharedKafka.bootstrapServers();
    }

    public static SplitLedger start(String... arguments) {
        return startWithKafka(sharedKafka(), arguments);
    }

    public static SplitLedger startWithKafka(String bootstrapServers, String... extra) {
        return start(LedgerTestEnvironment.newDatabase(), bootstrapServers, extra);
    }

    /** As {@link #start}, the services reaching the new database at the URL made of its own (through a proxy). */
    public static SplitLedger startReaching(java.util.function.UnaryOperator<String> databaseUrl, String... extra) {
        return start(databaseUrl.apply(LedgerTestEnvironment.newDatabase()), sharedKafka(), extra);
    }

    private static SplitLedger start(String databaseUrl, String bootstrapServers, String... extra) {
        String[] arguments = java.util.stream.Stream.concat(java.util.stream.Stream.of(extra),
                java.util.stream.Stream.of("--spring.kafka.bootstrap-servers=" + bootstrapServers)).toArray(String[]::new);
        ConfigurableApplicationContext command = new SpringApplicationBuilder(CommandServiceApplication.class)
                .run(LedgerTestEnvironment.arguments(databaseUrl, arguments));
        ConfigurableApplicationContext query = startQuery(databaseUrl, arguments);
        return new SplitLedger(databaseUrl, arguments, command, query);
    }

    private static ConfigurableApplicationContext startQuery(String databaseUrl, String... arguments) {
        return new SpringApplicationBuilder(QueryServiceApplication.class)
                .run(LedgerTestEnvironment.arguments(databaseUrl, arguments));
    }

    /** Stops the query service and starts a fresh one on the same database and broker (a new port). */
    public void restartQuery() {
        query.close();
        query = startQuery(databaseUrl, arguments);
    }

    /** Another query service on the same database and broker, as split mode scales them; the caller closes it. */
    public ConfigurableApplicationContext startAnotherQuery() {
        return startQuery(databaseUrl, arguments);
    }

    /** Another command service on the same database and broker, as split mode scales them; the caller closes it. */
    public ConfigurableApplicationContext startAnotherCommand() {
        return new SpringApplicationBuilder(CommandServiceApplication.class)
                .run(LedgerTestEnvironment.arguments(databaseUrl, arguments));
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    public static String url(ConfigurableApplicationContext service) {
        return "http://127.0.0.1:" + port(service);
    }

    public String commandUrl() {
        return "http://127.0.0.1:" + port(command);
    }

    public String queryUrl() {
        return "http://127.0.0.1:" + port(query);
    }

    public ConfigurableApplicationContext command() {
        return command;
    }

    public ConfigurableApplicationContext query() {
        return query;
    }

    public HttpResponse<String> send(String method, String url, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + LedgerTestEnvironment.INSTANCE_KEY)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        query.close();
        command.close();
    }
}
