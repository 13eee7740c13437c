package org.keyledger.query.verify;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.cache.CacheInvalidation;
import org.keyledger.platform.cache.VerifyCache;
import org.keyledger.platform.secret.SecretFormat;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.LocalLedger;
import org.keyledger.system.SplitLedger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The preload ({@code ledger.verify.cache.preload}) after the cache is emptied: it loads every active key, over more
 * than one page of 5,000, and no revoked one.
 */
class VerifyCachePreloadTest {

    private static LocalLedger ledger;
    private static LedgerClient client;

    @BeforeAll
    static void start() {
        ledger = LocalLedger.start();
        client = ledger.client();
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void theCacheEmptiedIsLoadedAgainWithEveryActiveKeyAndNoOther() throws Exception {
        for (int request = 0; request < 6; request++) {
            LedgerClient.Response imported = client.send("POST", "/v1/api_keys/import",
                    SplitLedger.importOfNewKeys("preload-" + request + "-", 1000));
            assertThat(imported.body()).contains("\"imported_count\":1000");
        }
        JsonNode active = create("preload-active");
        JsonNode revoked = create("preload-revoked");
        assertThat(client.send("POST", "/v1/api_keys/" + revoked.get("id").asString() + "/revoke", "{}").status())
                .isEqualTo(200);
        int activeKeys = 6001;
        VerifyCache<?> cache = ledger.context().getBean(VerifyCache.class);
        try (var emptying = ledger.context().getBean(CacheInvalidation.class).beginForEveryKey()) {
            assertThat(emptying.await()).isTrue();
        }

        long deadline = System.nanoTime() + 60_000_000_000L;
        while (cache.size() < activeKeys) {
            assertThat(System.nanoTime()).as("the preload did not finish: " + cache.size()).isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(1500); // a tick more of the preload's worker: nothing else comes in

        assertThat(cache.size()).isEqualTo(activeKeys);
        assertThat(cache.get(SecretFormat.sha256(active.get("secret").asString()))).isNotNull();
        assertThat(cache.get(SecretFormat.sha256(revoked.get("secret").asString()))).as("revoked: not loaded").isNull();
        assertThat(verify(revoked)).isEqualTo(404);
        assertThat(verify(active)).isEqualTo(200);
    }

    private static int verify(JsonNode key) {
        return client.send("POST", "/v1/api_keys/verify", "{\"secret\":\"" + key.get("secret").asString() + "\"}")
                .status();
    }

    private static JsonNode create(String name) {
        return JsonMapper.shared().readTree(client.send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body());
    }
}
