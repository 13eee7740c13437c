package org.keyledger.platform.eventstore;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyledger.platform.schema.LedgerSchema;
import org.keyledger.platform.schema.LedgerSchemaMigrator;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * ledger-platform's migrations lay in one directory, db/ledger/eventstore, until they moved to one per owner. A
 * database migrated by that layout must migrate on (to the migrations added since, unchanged below them), and a new
 * one must get the same history.
 */
class PlatformSchemaHistoryTest {

    /** Where each migration lies now, in the order the old layout held them all in db/ledger/eventstore. */
    private static final Map<String, String> NOW_IN = Map.of(
            "V1__axon_event_store.sql", "eventstore",
            "V2__data_key_vault.sql", "secret",
            "V3__projection_sync.sql", "sync",
            "V4__verify_cache_leases.sql", "cache");

    private final LedgerSchema platform = EventStoreAutoConfiguration.platform();

    @Test
    void aDatabaseMigratedFromTheOldSingleDirectoryMigratesOnUnchanged(@TempDir Path oldLayout) throws IOException {
        DataSource database = LedgerTestEnvironment.newDataSource();
        migrateAsBefore(database, oldLayout);
        List<Map<String, Object>> before = history(database);
        assertThat(before).extracting(row -> row.get("version")).containsExactly("1", "2", "3", "4");

        new LedgerSchemaMigrator(database, List.of(platform)).afterPropertiesSet();

        List<Map<String, Object>> after = history(database);
        assertThat(after.subList(0, before.size())).isEqualTo(before);
        assertThat(after.subList(before.size(), after.size())).as("added since the move, applied on top")
                .extracting(row -> row.get("script"), row -> row.get("success"))
                .containsExactly(tuple("V5__verify_cache_evictions.sql", true),
                        tuple("V6__global_index_default.sql", true),
                        tuple("V7__append_notified_after_commit.sql", true));
        assertThat(Flyway.configure().dataSource(database).locations(platform.locations().toArray(String[]::new))
                .table(platform.historyTable()).load().validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void aNewDatabaseGetsTheSameVersionsScriptsAndChecksums(@TempDir Path oldLayout) throws IOException {
        DataSource old = LedgerTestEnvironment.newDataSource();
        migrateAsBefore(old, oldLayout);
        DataSource fresh = LedgerTestEnvironment.newDataSource();

        new LedgerSchemaMigrator(old, List.of(platform)).afterPropertiesSet();
        new LedgerSchemaMigrator(fresh, List.of(platform)).afterPropertiesSet();

        assertThat(history(fresh)).isEqualTo(history(old));
    }

    /** As LedgerSchemaMigrator migrated the one directory, rebuilt in {@code oldLayout} from today's files. */
    private void migrateAsBefore(DataSource database, Path oldLayout) throws IOException {
        for (var migration : NOW_IN.entrySet()) {
            try (InputStream sql = Objects.requireNonNull(getClass().getResourceAsStream(
                    "/db/ledger/" + migration.getValue() + "/" + migration.getKey()))) {
                Files.copy(sql, oldLayout.resolve(migration.getKey()));
            }
        }
        Flyway.configure().dataSource(database).locations("filesystem:" + oldLayout).table(platform.historyTable())
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    private static List<Map<String, Object>> history(DataSource database) {
        return JdbcClient.create(database).sql("select version, description, type, script, checksum, success"
                + " from flyway_eventstore_history order by installed_rank").query().listOfRows();
    }
}
