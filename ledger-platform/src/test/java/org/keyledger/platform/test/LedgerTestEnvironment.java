package org.keyledger.platform.test;

import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.security.SecureRandom;

/**
 * Real PostgreSQL for tests: each Spring test context gets a database of its own, created here and dropped when the
 * JVM exits, so test classes never see each other's rows and a run leaves nothing behind. The server is the one
 * {@code .ci/run} starts ({@code LEDGER_TEST_PG_URL}, default 127.0.0.1:5432, user postgres).
 */
public final class LedgerTestEnvironment {

    public static final String INSTANCE_KEY = "sk_test_ledger_suite_instance_key";
    public static final String OTHER_INSTANCE_KEY = "sk_test_ledger_suite_other_key";
    /** A fixed 256-bit master key, so that tests are repeatable; never used outside tests. */
    public static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static final String SERVER = Objects.requireNonNullElse(System.getenv("LEDGER_TEST_PG_URL"),
            "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = Objects.requireNonNullElse(System.getenv("LEDGER_TEST_PG_USER"), "postgres");
    private static final String PASSWORD = Objects.requireNonNullElse(System.getenv("LEDGER_TEST_PG_PASSWORD"), "");
    private static final List<String> CREATED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LedgerTestEnvironment::dropCreated));
    }

    private LedgerTestEnvironment() {
    }

    /** Points the context at a new empty database and sets the ledger's keys for tests. */
    public static void register(DynamicPropertyRegistry registry) {
        String url = newDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> PASSWORD);
        registry.add("ledger.secret-keys", () -> INSTANCE_KEY + "," + OTHER_INSTANCE_KEY);
        registry.add("ledger.master-key", () -> MASTER_KEY);
    }

    /**
     * Command-line arguments (the highest precedence) that point a service at {@code databaseUrl} with the test
     * keys, for tests that start services themselves, several on one database, as split mode runs them.
     */
    public static String[] arguments(String databaseUrl, String... more) {
        java.util.List<String> arguments = new java.util.ArrayList<>(java.util.List.of(
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + USER,
                "--spring.datasource.password=" + PASSWORD,
                "--ledger.secret-keys=" + INSTANCE_KEY + "," + OTHER_INSTANCE_KEY,
                "--ledger.master-key=" + MASTER_KEY,
                "--server.port=0"));
        arguments.addAll(java.util.List.of(more));
        return arguments.toArray(String[]::new);
    }

    public static synchronized String newDatabase() {
        String name = "ledger_t_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        execute("create database " + name);
        CREATED.add(name);
        return SERVER + name;
    }

    /** A new empty database, as a data source of its own (for tests without a Spring context). */
    public static DataSource newDataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(newDatabase());
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    /** Drops a database of {@link #newDataSource()} now, not at exit: for a test that makes many. */
    public static synchronized void drop(DataSource dataSource) {
        String name = ((PGSimpleDataSource) dataSource).getDatabaseName();
        execute("drop database if exists " + name + " with (force)");
        CREATED.remove(name);
    }

    private static synchronized void dropCreated() {
        for (String name : CREATED) {
            try {
                execute("drop database if exists " + name + " with (force)");
            } catch (RuntimeException ignored) {
                // best effort at exit; .ci/run also removes leftovers
            }
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for tests is not reachable at " + SERVER
                    + " (start it with .ci/run, or set LEDGER_TEST_PG_URL): " + e.getMessage(), e);
        }
    }
}
