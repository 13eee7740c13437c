package org.keyledger.app;

import org.keyledger.embedded.EmbeddedKafka;
import org.keyledger.embedded.EmbeddedPostgres;
import org.keyledger.embedded.FreePorts;
import org.keyledger.platform.LedgerDefaults;
import org.keyledger.platform.web.InstanceKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.support.EnvironmentPostProcessorApplicationListener;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The local mode's infrastructure, around the Spring context's life:
 *
 * <ol>
 *   <li>When the environment is ready, before any bean exists, it starts PostgreSQL in the background while Spring
 *   builds the context (the first {@link DataSource} waits for it, see {@link #await}): in {@code <data>/postgres} on
 *   127.0.0.1:{@code LEDGER_EMBEDDED_DB_PORT} (default 5433) unless {@code LEDGER_DB_URL} (or
 *   {@code spring.datasource.url}) is set. Once the context is ready it starts a KRaft Kafka broker in the background
 *   in {@code <data>/kafka} on 127.0.0.1:{@code LEDGER_EMBEDDED_KAFKA_PORT} (default 9092, controller on the next
 *   port) unless {@code KAFKA_BOOTSTRAP_SERVERS} (or {@code spring.kafka.bootstrap-servers}) is set. Nothing waits
 *   for Kafka: verify and the write routes do not need it (the usage buffer and the event publisher catch up once it
 *   answers), and the broker's start, seconds of CPU on a small machine, would otherwise compete with the context's
 *   for the cores. Its ports are checked at once, so a taken port still fails the start.
 *   {@code <data>} is {@code ledger.data-dir}, i.e. {@code LEDGER_DATA_DIR}, default {@code ./data}. The context's
 *   {@code spring.datasource.*} and {@code spring.kafka.bootstrap-servers} then point at them.</li>
 *   <li>Without {@code LEDGER_SECRET_KEYS}, the instance key is a development key generated once into
 *   {@code <data>/dev-instance-key} and kept: the same key works across restarts (the services alone generate a new
 *   one per run). The master key is kept in {@code <data>/master.key} by the platform itself.</li>
 *   <li>The servers stop after every bean of the context is gone (registered as the context's first disposable, so
 *   destroyed last): on Ctrl-C or SIGTERM through Spring Boot's shutdown hook, on {@code context.close()}, and when
 *   the start fails; a Ctrl-C before the context exists stops them through a Spring Boot shutdown handler.</li>
 * </ol>
 * When ready it prints the base URL, the instance key and where everything is, with the time since the JVM started.
 */
public class LocalMode implements SmartApplicationListener, Ordered {

    public static final String PROPERTY_SOURCE_NAME = "ledgerLocalMode";
    /** For tests only: how long after the context is ready the embedded broker starts (a slow start, simulated). */
    static final String KAFKA_START_DELAY = "ledger.local.kafka-start-delay";
    static final String DEV_KEY_FILE = "dev-instance-key";
    /** Spring Boot's view of all the other sources (ConfigurationPropertySources.attach), not a source of its own. */
    private static final String ATTACHED_SOURCE_NAME = "configurationProperties";

    private static final Logger log = LoggerFactory.getLogger(LocalMode.class);

    private volatile EmbeddedPostgres postgres;
    private volatile EmbeddedKafka kafka;
    private Path dataDirectory;
    private String devKey;
    private CompletableFuture<Void> postgresStarting = CompletableFuture.completedFuture(null);
    private Runnable kafkaStart;
    private boolean stopped;

    @Override
    public int getOrder() {
        // after the environment post-processors (application.properties and the ledger defaults are in place) and
        // after logging is set up from them (else the broker's start-up would log at DEBUG)
        return Math.max(EnvironmentPostProcessorApplicationListener.DEFAULT_ORDER,
                LoggingApplicationListener.DEFAULT_ORDER) + 1;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationPreparedEvent.class.isAssignableFrom(eventType)
                || ApplicationStartedEvent.class.isAssignableFrom(eventType)
                || ApplicationReadyEvent.class.isAssignableFrom(eventType)
                || ApplicationFailedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        // Spring Boot gives every application on the classpath this listener: local mode is the ledger application's
        // only (system-tests run the services alone and local mode side by side in one JVM)
        if (event instanceof SpringApplicationEvent application
                && !application.getSpringApplication().getAllSources().contains(LedgerApplication.class)) {
            return;
        }
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent prepared) {
            var beanFactory = prepared.getApplicationContext().getBeanFactory();
            if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
                registry.registerDisposableBean("ledgerLocalModeInfrastructure", this::stop);
            }
            beanFactory.addBeanPostProcessor(awaitingBeanPostProcessor());
        } else if (event instanceof ApplicationStartedEvent) {
            await(postgresStarting);
        } else if (event instanceof ApplicationReadyEvent ready) {
            printReady(ready);
            if (kafkaStart != null) {
                async("ledger-start-kafka", kafkaStart);
            }
        } else if (event instanceof ApplicationFailedEvent) {
            stop();
        }
    }

    private void start(ConfigurableEnvironment environment) {
        dataDirectory = Path.of(environment.getRequiredProperty("ledger.data-dir")).toAbsolutePath().normalize();
        boolean startPostgres = !isSet(environment, "LEDGER_DB_URL", "spring.datasource.url");
        boolean startKafka = !isSet(environment, "KAFKA_BOOTSTRAP_SERVERS", "spring.kafka.bootstrap-servers");
        int postgresPort = environment.getProperty("LEDGER_EMBEDDED_DB_PORT", Integer.class,
                EmbeddedPostgres.DEFAULT_PORT);
        String sharedBuffers = environment.getProperty("LEDGER_EMBEDDED_DB_SHARED_BUFFERS",
                EmbeddedPostgres.DEFAULT_SHARED_BUFFERS);
        int kafkaPort = environment.getProperty("LEDGER_EMBEDDED_KAFKA_PORT", Integer.class,
                EmbeddedKafka.DEFAULT_PORT);

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ledger.data-dir", dataDirectory.toString());
        if (!isSet(environment, "LEDGER_SECRET_KEYS", "ledger.secret-keys")) {
            devKey = developmentKey(dataDirectory.resolve(DEV_KEY_FILE));
            properties.put("ledger.secret-keys", devKey);
        }

        // Until the context exists, Spring Boot's shutdown hook closes nothing: a Ctrl-C during start-up still stops
        // what is up by this handler, which Boot runs after closing its contexts.
        SpringApplication.getShutdownHandlers().add(this::stop);

        // The servers start in the background: their addresses are known now. PostgreSQL starts at once and the first
        // bean that needs it waits for it (see await); Kafka starts once the context is ready.
        if (startPostgres) {
            int port = postgresPort == 0 ? FreePorts.pick() : postgresPort;
            // its settings checked here, so that a bad one stops the start at once with its own message
            EmbeddedPostgres.Builder postgres = EmbeddedPostgres.builder()
                    .dataDirectory(dataDirectory.resolve("postgres")).port(port).sharedBuffers(sharedBuffers);
            postgresStarting = async("ledger-start-postgres", () -> adopt(postgres.start()));
            properties.put("spring.datasource.url", EmbeddedPostgres.jdbcUrl(port, EmbeddedPostgres.DEFAULT_DATABASE));
            properties.put("spring.datasource.username", EmbeddedPostgres.USER);
            properties.put("spring.datasource.password", "");
        }
        if (startKafka) {
            int port = kafkaPort == 0 ? FreePorts.pickPair() : kafkaPort;
            for (int needed : new int[] {port, port + 1}) {
                if (!FreePorts.isFree(needed)) {
                    throw new IllegalStateException("local mode: cannot start Kafka: 127.0.0.1:" + needed
                            + " is in use by another process");
                }
            }
            Duration delay = environment.getProperty(KAFKA_START_DELAY, Duration.class, Duration.ZERO);
            Path logDirectory = dataDirectory.resolve("kafka");
            kafkaStart = () -> startKafka(logDirectory, port, delay);
            properties.put("spring.kafka.bootstrap-servers", "127.0.0.1:" + port);
        }
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
    }

    /**
     * Waits until the embedded PostgreSQL is up, or throws why it could not start: before the first {@link DataSource}
     * is initialised, and once more when the context is refreshed, so that a failed server fails the start even when
     * no bean uses it.
     */
    private static void await(CompletableFuture<?>... servers) {
        try {
            CompletableFuture.allOf(servers).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("local mode: " + cause.getMessage(), cause);
        }
    }

    private BeanPostProcessor awaitingBeanPostProcessor() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource) {
                    await(postgresStarting);
                }
                return bean;
            }
        };
    }

    /**
     * The embedded broker's start, after the context is ready: a failure is logged, not fatal, since the ledger
     * answers without Kafka (health shows it DEGRADED, uses and events wait until a broker answers).
     */
    private void startKafka(Path logDirectory, int port, Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            adopt(EmbeddedKafka.builder().logDirectory(logDirectory).port(port).start());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("embedded Kafka did not start; the ledger answers without it, uses and events wait until a "
                    + "broker answers at 127.0.0.1:{}", port, e);
        }
    }

    /** Stops what this started, Kafka first (its clients are gone by now), then PostgreSQL; idempotent. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (kafka != null) {
                kafka.close();
            }
        } catch (RuntimeException e) {
            log.warn("embedded Kafka did not stop cleanly", e);
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /**
     * Whether the operator chose a value: set in any property source but the ledger defaults (which give every
     * variable a default for split mode, e.g. 127.0.0.1:5432) and not blank.
     */
    static boolean isSet(ConfigurableEnvironment environment, String... names) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source.getName().equals(LedgerDefaults.SOURCE_NAME)
                    || source.getName().equals(ATTACHED_SOURCE_NAME)) {
                continue;
            }
            for (String name : names) {
                Object value = source.getProperty(name);
                if (value != null && !value.toString().isBlank()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The development instance key in {@code file}, generated there on first use (readable by its owner only). */
    static String developmentKey(Path file) {
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file).trim();
                if (!key.isEmpty()) {
                    return key;
                }
            }
            String key = InstanceKeys.generateDevelopmentKey();
            Files.createDirectories(file.getParent());
            Files.writeString(file, key + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.info("generated a development instance key into {}", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development instance key " + file, e);
        }
    }

    private void printReady(ApplicationReadyEvent ready) {
        var environment = ready.getApplicationContext().getEnvironment();
        String host = environment.getProperty("server.address", "localhost");
        int port = ready.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : environment.getProperty("server.port", Integer.class, 8080);
        double seconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        StringBuilder text = new StringBuilder("\n  Key ledger (local mode) ready in ")
                .append(String.format(Locale.ROOT, "%.1f", seconds)).append(" s: http://").append(host).append(':')
                .append(port).append("/\n    open it in a browser for the console; the API is under /v1/api_keys\n");
        if (devKey != null) {
            text.append("    instance key (Authorization: Bearer …): ").append(devKey).append("\n      kept in ")
                    .append(dataDirectory.resolve(DEV_KEY_FILE))
                    .append("; set LEDGER_SECRET_KEYS to choose your own\n");
        }
        text.append("    PostgreSQL: ").append(postgres != null
                ? postgres.jdbcUrl() + " (embedded, data in " + postgres.dataDirectory() + ")"
                : environment.getProperty("spring.datasource.url")).append('\n');
        text.append("    Kafka: ").append(environment.getProperty("spring.kafka.bootstrap-servers")).append(kafkaStart != null
                ? " (embedded, starting now in the background, log in " + dataDirectory.resolve("kafka") + ")"
                : "").append('\n');
        text.append("    data directory: ").append(dataDirectory).append("; stop with Ctrl-C\n");
        System.out.println(text);
    }

    /** Keeps a started server for {@link #stop()}, or stops it at once when the application is stopping already. */
    private synchronized void adopt(AutoCloseable server) {
        if (stopped) {
            try {
                server.close();
            } catch (Exception e) {
                log.warn("could not stop {}", server, e);
            }
        } else if (server instanceof EmbeddedPostgres started) {
            postgres = started;
        } else if (server instanceof EmbeddedKafka started) {
            kafka = started;
        }
    }

    private static CompletableFuture<Void> async(String threadName, Runnable task) {
        return CompletableFuture.runAsync(task, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            thread.start();
        });
    }
}
