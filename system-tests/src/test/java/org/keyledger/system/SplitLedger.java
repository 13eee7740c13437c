package org.keyledger.system;

import org.keyledger.command.CommandServiceApplication;
import org.keyledger.embedded.EmbeddedKafka;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.keyledger.query.QueryServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ledger as split mode runs it: a command service and one or more query services, each its own Spring
 * application on its own port, sharing one fresh PostgreSQL database and a Kafka broker. Tests drive them over HTTP
 * ({@link #writes()}, {@link #reads()}); {@link SplitLedgerTest} starts and stops it.
 */
public final class SplitLedger implements AutoCloseable {

    public static final String SUBJECT = "user_2xhFjEI5X2qWRvtV13BzSj8H6Dk";

    /** A body for POST /v1/api_keys/import: {@code count} new keys of {@link #SUBJECT}, named prefix0, prefix1… */
    public static String importOfNewKeys(String namePrefix, int count) {
        StringBuilder keys = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < count; i++) {
            keys.append(i == 0 ? "" : ",").append("{\"name\":\"").append(namePrefix).append(i)
                    .append("\",\"subject\":\"").append(SUBJECT).append("\"}");
        }
        return keys.append("]}").toString();
    }

    /** One real Kafka broker (in-process KRaft) for every ledger of this test JVM that brings none of its own. */
    private static EmbeddedKafka sharedKafka;

    private static final String DATABASE_URL = "spring.datasource.url";
    private static final String KAFKA = "spring.kafka.bootstrap-servers";

    private final String databaseUrl;
    private final String[] arguments;
    private final Kafka kafka;
    private final ConfigurableApplicationContext command;
    private final List<ConfigurableApplicationContext> queries = new ArrayList<>();

    private SplitLedger(Kafka kafka, int queryServices, String... properties) {
        this.kafka = kafka;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(DATABASE_URL, null); // a fresh database, unless the test names one (e.g. through a proxy)
        settings.put(KAFKA, kafka == null ? null : kafka.bootstrapServers()); // likewise the shared broker
        // connections as the tests need them, not ten idle ones per service: the PostgreSQL of the tests serves
        // every test JVM on the machine
        settings.put("spring.datasource.hikari.minimum-idle", "1");
        for (String property : properties) {
            int equals = property.indexOf('=');
            settings.put(property.substring(0, equals), property.substring(equals + 1));
        }
        settings.computeIfAbsent(DATABASE_URL, k -> LedgerTestEnvironment.newDatabase());
        settings.computeIfAbsent(KAFKA, k -> sharedKafka());
        this.databaseUrl = settings.remove(DATABASE_URL);
        this.arguments = LedgerTestEnvironment.arguments(databaseUrl, settings.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        this.command = startCommand();
        for (int i = 0; i < queryServices; i++) {
            queries.add(startQuery());
        }
    }

    static SplitLedger start(SplitLedgerTest settings, List<String> properties) {
        Kafka own = settings.ownKafka() ? Kafka.start() : null;
        try {
            return new SplitLedger(own, settings.queryServices(), properties.toArray(String[]::new));
        } catch (RuntimeException e) {
            if (own != null) {
                own.stop();
            }
            throw e;
        }
    }

    /** A ledger of the caller's own, for engines the extension does not serve (jqwik's); the caller closes it. */
    public static SplitLedger startOwn(String... properties) {
        return new SplitLedger(null, 1, properties);
    }

    public static synchronized String sharedKafka() {
        if (sharedKafka == null) {
            sharedKafka = EmbeddedKafka.startTemporary();
            Runtime.getRuntime().addShutdownHook(new Thread(sharedKafka::close));
        }
        return sharedKafka.bootstrapServers();
    }

    private ConfigurableApplicationContext startCommand() {
        return new SpringApplicationBuilder(CommandServiceApplication.class).run(named("command-service"));
    }

    private ConfigurableApplicationContext startQuery() {
        return new SpringApplicationBuilder(QueryServiceApplication.class).run(named("query-service"));
    }

    /**
     * Both services' jars hold an {@code application.properties} (just the name); on one classpath only the first is
     * read, so each service is given its name here, as its own jar gives it.
     */
    private String[] named(String service) {
        return Stream.concat(Stream.of(arguments), Stream.of("--spring.application.name=" + service))
                .toArray(String[]::new);
    }

    /** Stops the first query service and starts a fresh one on the same database and broker (a new port). */
    public void restartQuery() {
        queries.remove(0).close();
        queries.add(0, startQuery());
    }

    /** Another command service on the same database and broker, as split mode scales them; the caller closes it. */
    public ConfigurableApplicationContext startAnotherCommand() {
        return startCommand();
    }

    /** The database every service of this ledger uses, as they reach it. */
    public String databaseUrl() {
        return databaseUrl;
    }

    /** The HTTP client of the command service: the write routes. */
    public LedgerClient writes() {
        return client(command);
    }

    /** The HTTP client of the first query service: reads, verify, the audit trail. */
    public LedgerClient reads() {
        return client(query());
    }

    /** The HTTP client of any one of the services. */
    public static LedgerClient client(ConfigurableApplicationContext service) {
        return new LedgerClient(url(service));
    }

    public static String url(ConfigurableApplicationContext service) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    public String commandUrl() {
        return url(command);
    }

    public String queryUrl() {
        return url(query());
    }

    public ConfigurableApplicationContext command() {
        return command;
    }

    /** The first query service. */
    public ConfigurableApplicationContext query() {
        return queries.get(0);
    }

    /** Every query service, the first first. */
    public List<ConfigurableApplicationContext> queries() {
        return List.copyOf(queries);
    }

    /** The broker of this ledger's own ({@link SplitLedgerTest#ownKafka()}). */
    public Kafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("this ledger uses the shared broker: ask for @SplitLedgerTest(ownKafka = true)");
        }
        return kafka;
    }

    @Override
    public void close() {
        queries.forEach(ConfigurableApplicationContext::close);
        command.close();
        if (kafka != null) {
            kafka.stop();
        }
    }

    /** A broker that a test may stop and start again: same port, same log, so nothing on it is lost. */
    public static final class Kafka {
        private final Path log;
        private final int port;
        private EmbeddedKafka broker;

        private Kafka(Path log, EmbeddedKafka broker) {
            this.log = log;
            this.port = broker.port();
            this.broker = broker;
        }

        static Kafka start() {
            try {
                Path log = Files.createTempDirectory("ledger-kafka");
                return new Kafka(log, EmbeddedKafka.builder().logDirectory(log).port(0).start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String bootstrapServers() {
            return "127.0.0.1:" + port;
        }

        public synchronized void stop() {
            if (broker != null) {
                broker.close();
                broker = null;
            }
        }

        public synchronized void restart() {
            stop();
            broker = EmbeddedKafka.builder().logDirectory(log).port(port).start();
        }
    }
}
