package org.keyledger.system;

import org.keyledger.app.LedgerApplication;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The ledger in local mode (ledger-app: both services in one Spring context on one port), started in this JVM on a
 * fresh database of the tests' PostgreSQL and the run's shared Kafka broker, so that local mode's own embedded
 * servers are not started (they are LocalModeIT's subject).
 */
public final class LocalLedger implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private LocalLedger(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** With the given {@code name=value} properties (e.g. {@code clerk.frontend-api=…}). */
    public static LocalLedger start(String... properties) {
        try {
            Path dataDirectory = Files.createDirectories(Path.of("target", "local-ledger"));
            return new LocalLedger(new SpringApplicationBuilder(LedgerApplication.class).run(
                    LedgerTestEnvironment.arguments(LedgerTestEnvironment.newDatabase(), Stream.concat(
                            Stream.of(properties).map(p -> "--" + p),
                            Stream.of("--spring.kafka.bootstrap-servers=" + SplitLedger.sharedKafka(),
                                    "--ledger.data-dir=" + dataDirectory.toAbsolutePath(),
                                    // on this classpath a service's application.properties comes before
                                    // ledger-app's, as for SplitLedger: the name is given here (the clerk.*
                                    // settings come as properties, not from the CLERK_* variables)
                                    "--spring.application.name=key-ledger",
                                    "--spring.datasource.hikari.minimum-idle=1")).toArray(String[]::new))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return SplitLedger.url(context);
    }

    /** Its one Spring context, for a test to reach a bean. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    /** The HTTP client with the tests' instance key. */
    public LedgerClient client() {
        return new LedgerClient(url());
    }

    @Override
    public void close() {
        context.close();
    }
}
