package org.keyledger.query.verify;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.cache.VerifyCache;
import org.keyledger.platform.sync.PgNotifications;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.LocalLedger;
import org.keyledger.system.SplitLedger;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In local mode a write evicts its key from the verify cache of its own process directly rather than waiting for that
 * query service's acknowledgement through PostgreSQL. Here the process is deaf to notifications, so the
 * acknowledgement would come only with a lease renewal, seconds later: every revoke and delete must still be rejected
 * from the moment it returns, and every other key stay cached (VerifyCacheCoherenceTest covers query services in
 * other processes).
 */
class LocalModeVerifyCacheTest {

    private static LocalLedger ledger;
    private static LedgerClient client;

    @BeforeAll
    static void start() {
        ledger = LocalLedger.start("ledger.verify.cache.lease=20s"); // renewed every 5 s
        client = ledger.client();
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void onceARevokeOrDeleteReturnsTheProcessOwnCacheNoLongerAnswers() {
        PgNotifications listener = ledger.context().getBean(PgNotifications.class);
        listener.stop();
        try {
            JsonNode bystander = create("bystander");
            assertThat(verify(bystander)).isEqualTo(200);
            // behind the ledger's back (never done by the ledger itself): only a verify that reads the row says 404
            ledger.context().getBean(JdbcClient.class).sql("update api_key_view set revoked = true where id = ?")
                    .param(bystander.get("id").asString()).update();
            assertThat(verify(bystander)).as("served from the cache").isEqualTo(200);
            for (int round = 0; round < 6; round++) {
                JsonNode key = create("local-" + round);
                assertThat(verify(key)).isEqualTo(200);
                assertThat(verify(key)).isEqualTo(200);
                assertThat(ledger.context().getBean(VerifyCache.class).size()).as("warm").isPositive();

                String path = "/v1/api_keys/" + key.get("id").asString();
                int status = round % 2 == 0 ? client.send("POST", path + "/revoke", "{}").status()
                        : client.send("DELETE", path, null).status();
                assertThat(status).isEqualTo(200);
                assertThat(verify(key)).as("round " + round).isEqualTo(404);
                assertThat(verify(bystander)).as("round " + round + ": still cached").isEqualTo(200);
            }
        } finally {
            listener.start();
        }
    }

    private static JsonNode create(String name) {
        return JsonMapper.shared().readTree(client.send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body());
    }

    private static int verify(JsonNode key) {
        return client.send("POST", "/v1/api_keys/verify", "{\"secret\":\"" + key.get("secret").asString() + "\"}")
                .status();
    }
}
