package org.keyledger.platform.cache;

import org.junit.jupiter.api.Test;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.eventstore.EventStoreAutoConfiguration;
import org.keyledger.platform.schema.LedgerSchemaMigrator;
import org.keyledger.platform.sync.PgNotifications;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The writers' records on PostgreSQL: each epoch's eviction, and their pruning. */
class CacheInvalidationTest {

    private final DataSource database;
    private final JdbcClient jdbc;
    private final CacheInvalidation caches;

    CacheInvalidationTest() {
        database = LedgerTestEnvironment.newDataSource();
        new LedgerSchemaMigrator(database, List.of(EventStoreAutoConfiguration.platform())).afterPropertiesSet();
        jdbc = JdbcClient.create(database);
        caches = new CacheInvalidation(jdbc, new PgNotifications(database), Duration.ofSeconds(2), List::of);
    }

    @Test
    void eachEpochRecordsTheKeyItEvictsOrNoneForEveryKey() {
        ApiKeyId id = ApiKeyId.generate();
        caches.begin(id).close();
        caches.beginForEveryKey().close();

        assertThat(jdbc.sql("select epoch, api_key_id from ledger_cache_eviction order by epoch").query().listOfRows())
                .extracting(row -> row.get("epoch"), row -> row.get("api_key_id"))
                .containsExactly(tuple(1L, id.value()), tuple(2L, null));
    }

    /** The bump commits on its own, without waiting for the WAL flush: never inside a write's transaction. */
    @Test
    void anInvalidationNeverBeginsInsideATransaction() {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(database));

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> caches.begin(ApiKeyId.generate())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(epochs()).isEmpty();
    }

    @Test
    void everyThousandthEpochPrunesTheOldEvictionsThatEveryCurrentLeaseAcknowledged() throws InterruptedException {
        jdbc.sql("update ledger_cache_epoch set epoch = 998").update();
        evicted(990, "11 minutes"); // acknowledged by every current lease
        evicted(993, "9 minutes"); // too recent
        evicted(996, "11 minutes"); // not yet acknowledged by one
        lease("current", "1 minute", 995);
        lease("current-too", "1 minute", 998);
        lease("lapsed", "-1 minute", 900); // holds nothing back: it empties its cache when it comes back

        caches.begin(ApiKeyId.generate()).close(); // 999
        assertThat(epochs()).as("not the thousandth").contains(990L);
        caches.begin(ApiKeyId.generate()).close(); // 1000: pruned off the write's thread

        assertThat(epochsOncePruned(990)).containsExactly(993L, 996L, 999L, 1000L);
    }

    @Test
    void withNoCurrentLeaseEveryOldEvictionIsPruned() throws InterruptedException {
        jdbc.sql("update ledger_cache_epoch set epoch = 998").update();
        evicted(990, "11 minutes");
        evicted(996, "11 minutes");
        evicted(997, "1 minute");
        lease("lapsed", "-1 minute", 900);

        caches.begin(ApiKeyId.generate()).close();
        caches.begin(ApiKeyId.generate()).close();

        assertThat(epochsOncePruned(996)).containsExactly(997L, 999L, 1000L);
    }

    private void evicted(long epoch, String ago) {
        jdbc.sql("insert into ledger_cache_eviction (epoch, api_key_id, recorded_at)"
                + " values (?, ?, now() - ?::interval)").params(epoch, ApiKeyId.generate().value(), ago).update();
    }

    private void lease(String instance, String lasting, long acked) {
        jdbc.sql("insert into ledger_query_instance (instance_id, lease_until, acked_epoch)"
                + " values (?, now() + ?::interval, ?)").params(instance, lasting, acked).update();
    }

    /** The epochs recorded once {@code epoch} is gone, or after ten seconds. */
    private List<Long> epochsOncePruned(long epoch) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (epochs().contains(epoch) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return epochs();
    }

    private List<Long> epochs() {
        return jdbc.sql("select epoch from ledger_cache_eviction order by epoch").query(Long.class).list();
    }
}
