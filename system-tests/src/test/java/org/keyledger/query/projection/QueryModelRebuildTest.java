package org.keyledger.query.projection;

import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's rebuild of the query model while the ledger stays up (POST /v1/query_model/rebuild): meanwhile
 * verify answers 503 and never a wrong answer; afterwards the model is what it was and everything answers as before.
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS)
class QueryModelRebuildTest {

    private static final String REBUILD = "/v1/query_model/rebuild";

    private SplitLedger ledger;

    @Test
    void aRebuildWhileUpFailsClosedThenAnswersAsBefore() throws Exception {
        JsonNode active = create("rebuild-active");
        JsonNode revoked = create("rebuild-revoked");
        ledger.writes().send("POST", "/v1/api_keys/" + id(revoked) + "/revoke", "{}");
        ledger.writes().send("PATCH", "/v1/api_keys/" + id(active), "{\"description\":\"before the rebuild\"}");
        String imports = SplitLedger.importOfNewKeys("rebuild-import-", 500); // enough for the replay to take a while
        assertThat(ledger.writes().send("POST", "/v1/api_keys/import", imports).status()).isEqualTo(200);
        JdbcClient jdbc = ledger.query().getBean(JdbcClient.class);
        List<Map<String, Object>> before = rows(jdbc);
        JsonNode activeBefore = get(active);
        assertThat(verify(active).status()).isEqualTo(200);
        assertThat(ledger.reads().send("GET", REBUILD, null).body()).contains("\"status\":\"idle\"");

        // verifies of both keys all along the rebuild
        Set<Integer> activeAnswers = ConcurrentHashMap.newKeySet();
        Set<Integer> revokedAnswers = ConcurrentHashMap.newKeySet();
        AtomicBoolean verifying = new AtomicBoolean(true);
        Thread verifier = new Thread(() -> {
            while (verifying.get()) {
                activeAnswers.add(verify(active).status());
                revokedAnswers.add(verify(revoked).status());
            }
        });
        verifier.start();
        Thread.sleep(200);
        LedgerClient.Response started = ledger.reads().send("POST", REBUILD, "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.body()).containsPattern("\"status\":\"(rebuilding|done)\"");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!ledger.reads().send("GET", REBUILD, null).body().contains("\"status\":\"done\"")) {
            assertThat(System.nanoTime()).as("the rebuild did not finish").isLessThan(deadline);
            Thread.sleep(20);
        }
        while (verify(active).status() != 200) { // the lag is measured every 100 ms
            assertThat(System.nanoTime()).as("verify did not come back").isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(200);
        verifying.set(false);
        verifier.join();

        assertThat(activeAnswers).as("the active key: valid or 503, never unknown").containsOnly(200, 503);
        assertThat(activeAnswers).as("verify failed closed during the rebuild").contains(503);
        assertThat(revokedAnswers).as("the revoked key: unknown or 503, never valid").containsOnly(404, 503);
        JsonNode status = JsonMapper.shared().readTree(ledger.reads().send("GET", REBUILD, null).body());
        assertThat(status.get("position").asLong()).isGreaterThanOrEqualTo(status.get("target_position").asLong());
        assertThat(rows(jdbc)).isEqualTo(before);
        assertThat(get(active)).isEqualTo(activeBefore);
        assertThat(verify(revoked).status()).isEqualTo(404);

        // and writes after it keep their promises: once revoke returns, verify rejects
        assertThat(ledger.writes().send("POST", "/v1/api_keys/" + id(active) + "/revoke", "{}").status())
                .isEqualTo(200);
        assertThat(verify(active).status()).isEqualTo(404);
    }

    private JsonNode create(String name) {
        return JsonMapper.shared().readTree(ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}").body());
    }

    /** The key as GET answers it, but for last_used_at, which the verifies meanwhile move on. */
    private JsonNode get(JsonNode key) {
        var object = (ObjectNode) JsonMapper.shared().readTree(
                ledger.reads().send("GET", "/v1/api_keys/" + id(key), null).body());
        object.remove("last_used_at");
        return object;
    }

    private static String id(JsonNode key) {
        return key.get("id").asString();
    }

    private LedgerClient.Response verify(JsonNode key) {
        return ledger.reads().send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + key.get("secret").asString() + "\"}");
    }

    private static List<Map<String, Object>> rows(JdbcClient jdbc) {
        return jdbc.sql("select * from api_key_view order by id").query().listOfRows();
    }
}
