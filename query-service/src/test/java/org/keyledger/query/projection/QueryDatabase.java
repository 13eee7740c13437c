package org.keyledger.query.projection;

import org.keyledger.platform.eventstore.EventStoreAutoConfiguration;
import org.keyledger.platform.schema.LedgerSchemaMigrator;
import org.keyledger.platform.test.LedgerTestEnvironment;

import javax.sql.DataSource;
import java.util.List;

/** For tests without a Spring context: a new PostgreSQL database with the event store's and the query model's tables. */
public final class QueryDatabase {

    private QueryDatabase() {
    }

    public static DataSource migrated() {
        DataSource database = LedgerTestEnvironment.newDataSource();
        new LedgerSchemaMigrator(database, List.of(EventStoreAutoConfiguration.platform(),
                new ProjectionConfiguration().querySchema())).afterPropertiesSet();
        return database;
    }
}
