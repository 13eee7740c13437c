package org.keyledger.platform.schema;

import org.junit.jupiter.api.Test;
import org.keyledger.platform.eventstore.EventStoreAutoConfiguration;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split mode starts its services at once on one database (docker compose up): on an empty database, each must
 * migrate or find the schema migrated, never fail. Flyway alone did not hold: an instance that found no history
 * table, and then another's history table in the schema, took the schema for an old one to baseline, and refused.
 */
class LedgerSchemaMigratorTest {

    private static final int ROUNDS = 20;
    private static final int INSTANCES = 4;

    @Test
    void instancesStartingTogetherOnAnEmptyDatabaseAllMigrateIt() throws Exception {
        LedgerSchema platform = EventStoreAutoConfiguration.platform();
        ExecutorService instances = Executors.newFixedThreadPool(INSTANCES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                DataSource database = LedgerTestEnvironment.newDataSource();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> migrations = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    migrations.add(instances.submit(() -> {
                        go.await();
                        new LedgerSchemaMigrator(database, List.of(platform)).afterPropertiesSet();
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> migration : migrations) {
                    try {
                        migration.get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw new AssertionError("round " + round + ": an instance failed to start", e.getCause());
                    }
                }
                assertThat(JdbcClient.create(database).sql("select count(*) from " + platform.historyTable()
                        + " where success and type = 'SQL'").query(Integer.class).single())
                        .as("round %d: each migration applied once", round).isEqualTo(7);
                LedgerTestEnvironment.drop(database);
            }
        } finally {
            instances.shutdownNow();
        }
    }
}
