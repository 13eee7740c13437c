package org.keyledger.platform.schema;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

import javax.sql.DataSource;
import java.util.Comparator;
import java.util.List;

/**
 * Applies every registered {@link LedgerSchema} at start-up, before Axon or any repository touches the
 * database (see {@link LedgerSchemaInitializerDetector}). Flyway serialises concurrent migrations with
 * an advisory lock, so several instances may start at once.
 */
public class LedgerSchemaMigrator implements InitializingBean {

    private final DataSource dataSource;
    private final List<LedgerSchema> schemas;

    public LedgerSchemaMigrator(DataSource dataSource, List<LedgerSchema> schemas) {
        this.dataSource = dataSource;
        this.schemas = schemas.stream().sorted(Comparator.comparing(LedgerSchema::order)).toList();
    }

    @Override
    public void afterPropertiesSet() {
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
