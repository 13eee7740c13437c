package org.keyledger.platform.schema;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;

/**
 * Applies every registered {@link LedgerSchema} at start-up, before Axon or any repository touches the
 * database (see {@link LedgerSchemaInitializerDetector}). Several instances may start at once (split mode): they
 * migrate one after another, under one advisory lock. Flyway's own lock is not enough on an empty database: an
 * instance that found no history table, then another's history table in the schema, took the schema for an old one
 * to baseline, and failed ({@code LedgerSchemaMigratorTest}).
 */
public class LedgerSchemaMigrator implements InitializingBean {

    private static final String LOCK = "ledger schema migration";

    private final DataSource dataSource;
    private final List<LedgerSchema> schemas;

    public LedgerSchemaMigrator(DataSource dataSource, List<LedgerSchema> schemas) {
        this.dataSource = dataSource;
        this.schemas = schemas.stream().sorted(Comparator.comparing(LedgerSchema::order)).toList();
    }

    @Override
    public void afterPropertiesSet() {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                // held until the rollback below, or until the connection drops with its instance
                statement.execute("select pg_advisory_xact_lock(hashtext('" + LOCK + "'))");
                migrate();
            } finally {
                lock.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take the schema migration lock: " + e.getMessage(), e);
        }
    }

    private void migrate() {
        for (LedgerSchema schema : schemas) {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(schema.locations().toArray(String[]::new))
                    .table(schema.historyTable())
                    // the schema is shared: another owner's tables may already be there
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        }
    }
}
