package org.keyledger.query.verify;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.cache.CacheInvalidation;
import org.keyledger.platform.cache.VerifyCache;
import org.keyledger.platform.sync.PgNotifications;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verify cache never outlives a write of its key: with two query services, both caches warm, every revoke and
 * delete is rejected by both the moment it returns, while the other keys stay cached; a cached answer really is
 * served from memory until a change of that key evicts it; a query service that cannot tell which key an epoch was
 * for empties its whole cache; and a query service that stops acknowledging holds writes back only until its lease
 * ends.
 */
@SplitLedgerTest(queryServices = 2, lifecycle = SplitLedgerTest.Lifecycle.CLASS,
        properties = "ledger.verify.cache.lease=1500ms")
class VerifyCacheCoherenceTest {

    private static SplitLedger ledger;
    private static ConfigurableApplicationContext secondQuery;
    private static List<ConfigurableApplicationContext> queries;
    private static JdbcClient jdbc;

    @BeforeAll
    static void services() {
        secondQuery = ledger.queries().get(1);
        queries = List.of(ledger.query(), secondQuery);
        jdbc = ledger.query().getBean(JdbcClient.class);
    }

    @Test
    void onceARevokeOrDeleteReturnsNoQueryServiceAnswersFromItsCache() {
        JsonNode bystander = create("bystander");
        queries.forEach(query -> assertThat(verify(query, bystander)).isEqualTo(200));
        for (int round = 0; round < 20; round++) {
            JsonNode key = create("coherent-" + round);
            for (ConfigurableApplicationContext query : queries) {
                assertThat(verify(query, key)).isEqualTo(200);
                assertThat(verify(query, key)).isEqualTo(200);
            }
            assertThat(ledger.query().getBean(VerifyCache.class).size()).as("warm").isPositive();
            assertThat(secondQuery.getBean(VerifyCache.class).size()).as("warm").isPositive();

            String path = "/v1/api_keys/" + key.get("id").asString();
            int status = round % 2 == 0 ? ledger.writes().send("POST", path + "/revoke", "{}").status()
                    : ledger.writes().send("DELETE", path, null).status();
            assertThat(status).isEqualTo(200);
            for (ConfigurableApplicationContext query : queries) {
                assertThat(verify(query, key)).as("round " + round + " on " + SplitLedger.url(query)).isEqualTo(404);
                double hits = hits(query);
                assertThat(verify(query, bystander)).isEqualTo(200);
                assertThat(hits(query)).as("the bystander stayed cached").isEqualTo(hits + 1);
            }
        }
    }

    @Test
    void aQueryServiceThatMissesTheNotificationHasEvictedTheKeyBeforeTheWriteReturns() {
        PgNotifications listener = secondQuery.getBean(PgNotifications.class);
        listener.stop(); // deaf to writes: only its lease renewal finds out that an epoch went by
        try {
            for (int round = 0; round < 5; round++) {
                JsonNode key = create("deaf-" + round);
                assertThat(verify(secondQuery, key)).isEqualTo(200);
                assertThat(verify(secondQuery, key)).isEqualTo(200);
                assertThat(ledger.writes().send("POST", "/v1/api_keys/" + key.get("id").asString()
                        + "/revoke", "{}").status()).isEqualTo(200);
                assertThat(verify(secondQuery, key)).as("round " + round).isEqualTo(404);
            }
        } finally {
            // listening again, it empties its cache (it may have missed notifications): wait for that here, so that
            // it does not happen in another test
            assertThat(verify(secondQuery, create("deaf-probe"))).isEqualTo(200);
            listener.start();
            await(() -> secondQuery.getBean(VerifyCache.class).size() == 0);
        }
    }

    @Test
    void aRepeatedVerifyIsAnsweredFromMemoryUntilAChangeOfThatKeyEvictsIt() {
        JsonNode key = create("cached");
        JsonNode other = create("changed-key");
        for (ConfigurableApplicationContext query : queries) {
            assertThat(verify(query, key)).isEqualTo(200);
            assertThat(verify(query, other)).isEqualTo(200);
        }
        revokeBehindTheLedgersBack(key);
        revokeBehindTheLedgersBack(other);
        for (ConfigurableApplicationContext query : queries) {
            assertThat(verify(query, key)).as("served from the cache").isEqualTo(200);
        }

        create("another-key");
        ledger.writes().send("PATCH", "/v1/api_keys/" + other.get("id").asString(),
                "{\"description\":\"a change of another key\"}");
        for (ConfigurableApplicationContext query : queries) {
            assertThat(verify(query, other)).as("the change evicted the key it changed").isEqualTo(404);
            double hits = hits(query);
            assertThat(verify(query, key)).as("a create or a change of another key leaves it cached")
                    .isEqualTo(200);
            assertThat(hits(query)).isEqualTo(hits + 1);
        }

        ledger.writes().send("PATCH", "/v1/api_keys/" + key.get("id").asString(),
                "{\"description\":\"a change of this key\"}");
        assertThat(jdbc.sql("select api_key_id from ledger_cache_eviction order by epoch desc limit 1")
                .query(String.class).single()).isEqualTo(key.get("id").asString());
        for (ConfigurableApplicationContext query : queries) {
            assertThat(verify(query, key)).as("the change evicted it").isEqualTo(404);
        }
    }

    /**
     * A key verify rejects is kept too, revoked, expired or deleted (a leaked key retried by whoever holds it costs no
     * query), and a change evicts it like any other: an expired key given a later expiration verifies again at once.
     */
    @Test
    void aRejectedKeyIsKeptTooAndItsChangeEvictsIt() {
        JsonNode revoked = create("rejected-revoked");
        ledger.writes().send("POST", "/v1/api_keys/" + revoked.get("id").asString() + "/revoke", "{}");
        JsonNode expired = JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"rejected-expired\",\"subject\":\"" + SplitLedger.SUBJECT
                        + "\",\"seconds_until_expiration\":0.001}").body());
        JsonNode deleted = create("rejected-deleted");
        ledger.writes().send("DELETE", "/v1/api_keys/" + deleted.get("id").asString(), null);
        await(() -> System.currentTimeMillis() > expired.get("expiration").asLong());
        for (ConfigurableApplicationContext query : queries) {
            assertThat(verify(query, revoked)).isEqualTo(404);
            assertThat(verify(query, expired)).isEqualTo(404);
            assertThat(verify(query, deleted)).isEqualTo(404);
            double hits = hits(query);
            assertThat(verify(query, revoked)).as("from memory").isEqualTo(404);
            assertThat(verify(query, expired)).as("from memory").isEqualTo(404);
            assertThat(verify(query, deleted)).as("from memory").isEqualTo(404);
            assertThat(hits(query)).isEqualTo(hits + 3);
        }

        ledger.writes().send("PATCH", "/v1/api_keys/" + expired.get("id").asString(),
                "{\"seconds_until_expiration\":3600}");
        for (ConfigurableApplicationContext query : queries) {
            assertThat(verify(query, expired)).as("the change evicted it").isEqualTo(200);
        }
    }

    @Test
    void anEpochWhoseEvictionIsGoneEmptiesEveryCache() {
        JsonNode key = cachedThenRevokedBehindTheLedgersBack("pruned");
        // an epoch without its row, as pruning leaves it
        long epoch = jdbc.sql("with bumped as (update ledger_cache_epoch set epoch = epoch + 1 returning epoch)"
                        + " select epoch, pg_notify(?, epoch::text) from bumped")
                .param(CacheInvalidation.EPOCH_CHANNEL).query((rs, n) -> rs.getLong(1)).single();
        await(() -> jdbc.sql("select count(*) from ledger_query_instance where lease_until > now() and acked_epoch < ?")
                .param(epoch).query(Long.class).single() == 0);
        for (ConfigurableApplicationContext query : queries) {
            assertThat(verify(query, key)).as("read from its row again").isEqualTo(404);
        }
    }

    @Test
    void anEvictionOfEveryKeyEmptiesEveryCache() throws InterruptedException {
        JsonNode key = cachedThenRevokedBehindTheLedgersBack("every-key");
        try (CacheInvalidation.Invalidation invalidation = ledger.command().getBean(CacheInvalidation.class)
                .beginForEveryKey()) {
            assertThat(invalidation.await()).as("acknowledged by both").isTrue();
        }
        for (ConfigurableApplicationContext query : queries) {
            assertThat(verify(query, key)).as("read from its row again").isEqualTo(404);
        }
    }

    @Test
    void aQueryServiceThatStopsAcknowledgingHoldsWritesOnlyUntilItsLeaseEnds() {
        JsonNode key = create("silent-peer");
        jdbc.sql("insert into ledger_query_instance (instance_id, lease_until, acked_epoch)"
                + " values ('silent', now() + interval '1200 milliseconds', -1)").update();
        long started = System.nanoTime();
        assertThat(ledger.writes().send("POST", "/v1/api_keys/" + key.get("id").asString() + "/revoke",
                "{}").status()).isEqualTo(200);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMillis).as("waited for the silent query service's lease").isBetween(800L, 4_000L);
        assertThat(verify(ledger.query(), key)).isEqualTo(404);
        jdbc.sql("delete from ledger_query_instance where instance_id = 'silent'").update();
    }

    /** A key in both caches whose row then says revoked: only a query service that reads the row again says 404. */
    private static JsonNode cachedThenRevokedBehindTheLedgersBack(String name) {
        JsonNode key = create(name);
        queries.forEach(query -> assertThat(verify(query, key)).isEqualTo(200));
        revokeBehindTheLedgersBack(key);
        queries.forEach(query -> assertThat(verify(query, key)).as("served from the cache").isEqualTo(200));
        return key;
    }

    /** Never done by the ledger itself: the row says revoked, no cache knows. */
    private static void revokeBehindTheLedgersBack(JsonNode key) {
        jdbc.sql("update api_key_view set revoked = true where id = ?").param(key.get("id").asString()).update();
    }

    private static JsonNode create(String name) {
        return JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body());
    }

    private static int verify(ConfigurableApplicationContext query, JsonNode key) {
        LedgerClient client = SplitLedger.client(query);
        return client.send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + key.get("secret").asString() + "\"}").status();
    }

    /** Verifies this query service answered from its cache. */
    private static double hits(ConfigurableApplicationContext query) {
        return query.getBean(MeterRegistry.class).get("ledger.verify.cache.lookups").tag("result", "hit").counter()
                .count();
    }

    private static void await(BooleanSupplier done) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
