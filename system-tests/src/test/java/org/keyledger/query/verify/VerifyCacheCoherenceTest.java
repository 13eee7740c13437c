package org.keyledger.query.verify;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verify cache never outlives a write: with two query services, both caches warm, every revoke and delete is
 * rejected by both the moment it returns; a cached answer really is served from memory until some write empties the
 * caches; and a query service that stops acknowledging holds writes back only until its lease ends.
 */
@SplitLedgerTest(queryServices = 2, lifecycle = SplitLedgerTest.Lifecycle.CLASS, properties = "ledger.verify.cache.lease=1500ms")
class VerifyCacheCoherenceTest {

    private static SplitLedger ledger;
    private static ConfigurableApplicationContext secondQuery;
    private static JdbcClient jdbc;

    @BeforeAll
    static void services() {
        secondQuery = ledger.queries().get(1);
        jdbc = ledger.query().getBean(JdbcClient.class);
    }

    @Test
    void onceARevokeOrDeleteReturnsNoQueryServiceAnswersFromItsCache() {
        List<LedgerClient> queries = List.of(ledger.reads(), SplitLedger.client(secondQuery));
        for (int round = 0; round < 20; round++) {
            JsonNode key = create("coherent-" + round);
            for (LedgerClient query : queries) {
                assertThat(verify(query, key)).isEqualTo(200);
                assertThat(verify(query, key)).isEqualTo(200);
            }
            assertThat(ledger.query().getBean(VerifyCache.class).size()).as("warm").isPositive();
            assertThat(secondQuery.getBean(VerifyCache.class).size()).as("warm").isPositive();

            String path = "/v1/api_keys/" + key.get("id").asString();
            int status = round % 2 == 0 ? ledger.writes().send("POST", path + "/revoke", "{}").status()
                    : ledger.writes().send("DELETE", path, null).status();
            assertThat(status).isEqualTo(200);
            for (LedgerClient query : queries) {
                assertThat(verify(query, key)).as("round " + round + " on " + query).isEqualTo(404);
            }
        }
    }

    @Test
    void aQueryServiceThatMissesTheNotificationHasEmptiedItsCacheBeforeTheWriteReturns() {
        PgNotifications listener = secondQuery.getBean(PgNotifications.class);
        listener.stop(); // deaf to writes: only its lease renewal finds out that an epoch went by
        try {
            for (int round = 0; round < 5; round++) {
                JsonNode key = create("deaf-" + round);
                assertThat(verify(SplitLedger.client(secondQuery), key)).isEqualTo(200);
                assertThat(verify(SplitLedger.client(secondQuery), key)).isEqualTo(200);
                assertThat(ledger.writes().send("POST", "/v1/api_keys/" + key.get("id").asString()
                        + "/revoke", "{}").status()).isEqualTo(200);
                assertThat(verify(SplitLedger.client(secondQuery), key)).as("round " + round).isEqualTo(404);
            }
        } finally {
            listener.start();
        }
    }

    @Test
    void aRepeatedVerifyIsAnsweredFromMemoryUntilAChangeEmptiesTheCaches() {
        JsonNode key = create("cached");
        assertThat(verify(ledger.reads(), key)).isEqualTo(200);
        // behind the ledger's back (never done by the ledger itself): the row says revoked, the cache does not know
        jdbc.sql("update api_key_view set revoked = true where id = ?").param(key.get("id").asString()).update();
        assertThat(verify(ledger.reads(), key)).as("served from the cache").isEqualTo(200);

        create("another-key");
        assertThat(verify(ledger.reads(), key)).as("a create touches no cached key").isEqualTo(200);
        JsonNode other = create("changed-key");
        ledger.writes().send("PATCH", "/v1/api_keys/" + other.get("id").asString(),
                "{\"description\":\"any change of any key\"}");
        assertThat(verify(ledger.reads(), key)).as("the change emptied the cache").isEqualTo(404);
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
        assertThat(verify(ledger.reads(), key)).isEqualTo(404);
        jdbc.sql("delete from ledger_query_instance where instance_id = 'silent'").update();
    }

    private static JsonNode create(String name) {
        return JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body());
    }

    private static int verify(LedgerClient query, JsonNode key) {
        return query.send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + key.get("secret").asString() + "\"}").status();
    }
}
