package org.keyledger.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresTest {

    @TempDir
    Path temp;

    @Test
    void temporaryServerAnswersAndIsRemovedOnClose() throws SQLException {
        Path dataDirectory;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startTemporary()) {
            dataDirectory = postgres.dataDirectory();
            assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/ledger");
            assertThat(queryInt(postgres, "select 1")).isEqualTo(1);
            assertThat(queryText(postgres, "select current_database()")).isEqualTo("ledger");
            assertThat(queryText(postgres, "show listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(queryText(postgres, "show shared_buffers")).isEqualTo("1GB");
        }
        assertThat(dataDirectory).doesNotExist();
    }

    @Test
    void sharedBuffersMustBeASize() {
        assertThatThrownBy(() -> EmbeddedPostgres.builder().sharedBuffers("1 GB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared_buffers");
        assertThatThrownBy(() -> EmbeddedPostgres.builder().sharedBuffers("1GB; drop"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dataSurvivesARestartOnTheSameDirectory() throws SQLException {
        Path dataDirectory = temp.resolve("data/postgres");
        int firstPort = FreePorts.pick();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().dataDirectory(dataDirectory).port(firstPort)
                .start()) {
            assertThat(postgres.port()).isEqualTo(firstPort);
            execute(postgres, "create table kept (id int primary key, note text)");
            execute(postgres, "insert into kept values (1, 'still here')");
        }
        assertThat(dataDirectory.resolve("PG_VERSION")).exists();
        assertThat(FreePorts.isFree(firstPort)).isTrue();

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().dataDirectory(dataDirectory)
                .port(FreePorts.pick()).sharedBuffers("256MB").start()) {
            assertThat(queryText(postgres, "select note from kept where id = 1")).isEqualTo("still here");
            assertThat(queryText(postgres, "show shared_buffers")).as("set at each start").isEqualTo("256MB");
        }
        assertThat(dataDirectory.resolve("PG_VERSION")).exists();
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefused() {
        Path dataDirectory = temp.resolve("postgres");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().dataDirectory(dataDirectory).port(0).start()) {
            assertThatThrownBy(() -> EmbeddedPostgres.builder().dataDirectory(dataDirectory).port(0).start())
                    .hasMessageContaining("in use");
            assertThat(postgres.port()).isPositive();
        }
    }

    @Test
    void anOrphanedServerFromAKilledJvmIsStoppedAndItsDataKept() throws Exception {
        Path dataDirectory = temp.resolve("postgres");
        int port = FreePorts.pick();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OrphanedPostgresMain.class.getName(), dataDirectory.toString(), Integer.toString(port))
                .redirectErrorStream(true).start();
        try (var output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null && !line.equals(OrphanedPostgresMain.READY)) {
                // the child's log
            }
            assertThat(line).as("the child JVM started PostgreSQL").isEqualTo(OrphanedPostgresMain.READY);
            child.destroyForcibly().waitFor(); // kill -9: no shutdown hook, the postmaster stays behind
        }
        ProcessHandle orphan = ProcessHandle.of(Long.parseLong(
                Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim())).orElseThrow();
        assertThat(orphan.isAlive()).isTrue();

        try (EmbeddedPostgres second = EmbeddedPostgres.builder().dataDirectory(dataDirectory).port(port).start()) {
            assertThat(orphan.isAlive()).isFalse();
            assertThat(queryInt(second, "select count(*) from survivor")).isEqualTo(1);
        }
    }

    static void execute(EmbeddedPostgres postgres, String sql) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static int queryInt(EmbeddedPostgres postgres, String sql) throws SQLException {
        return Integer.parseInt(queryText(postgres, sql));
    }

    static String queryText(EmbeddedPostgres postgres, String sql) throws SQLException {
        try (Connection connection = connect(postgres); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }
}
