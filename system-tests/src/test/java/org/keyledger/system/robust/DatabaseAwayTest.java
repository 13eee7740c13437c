package org.keyledger.system.robust;

import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.keyledger.system.SplitLedgerProperties;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL unreachable (a proxy between the services and it, cut and restored): writes answer 503
 * service_unavailable with Retry-After, never 500; verify of a key in the cache keeps answering from it; once
 * PostgreSQL is back everything answers as before and nothing acknowledged is lost.
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS)
class DatabaseAwayTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static TcpProxy proxy;
    static SplitLedger ledger;

    /**
     * The services reach a fresh database through the proxy; it lives as long as the JVM (daemon threads), as the
     * ledger, closed after this class, still needs it to shut down.
     */
    @SplitLedgerProperties
    static String[] throughTheProxy() throws Exception {
        proxy = new TcpProxy("127.0.0.1", 5432);
        return new String[] {"spring.datasource.url=" + LedgerTestEnvironment.newDatabase()
                .replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port())};
    }

    private static LedgerClient.Response create(String name) {
        return ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}");
    }

    private static LedgerClient.Response verify(String secret) {
        return ledger.reads().send("POST", "/v1/api_keys/verify", "{\"secret\":\"" + secret + "\"}");
    }

    private static void assertUnavailable(LedgerClient.Response answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(JSON.readTree(answer.body()).path("errors").path(0).path("code").asString())
                .isEqualTo("service_unavailable");
    }

    @Test
    void writesAnswer503WhileItIsAwayAndEverythingWorksOnceItIsBack() throws Exception {
        JsonNode key = JSON.readTree(create("before-the-cut").body());
        String id = key.get("id").asString();
        String secret = key.get("secret").asString();
        assertThat(verify(secret).status()).isEqualTo(200); // now in the verify cache

        proxy.cut();
        List<LedgerClient.Response> answers = new ArrayList<>();
        try {
            assertThat(verify(secret).status()).as("verify from the cache").isEqualTo(200);
            answers.add(create("during-the-cut"));
            answers.add(ledger.writes().send("PATCH", "/v1/api_keys/" + id, "{\"description\":\"x\"}"));
            answers.add(ledger.writes().send("POST", "/v1/api_keys/" + id + "/revoke", "{}"));
            answers.add(ledger.writes().send("DELETE", "/v1/api_keys/" + id, null));
            answers.add(verify("ak_unknownunknownunknownunknownunknownun000000"));
            answers.add(ledger.reads().send("GET", "/v1/api_keys/" + id, null));
        } finally {
            proxy.restore();
        }
        answers.forEach(answer -> {
            if (answer.status() != 404 && answer.status() != 400) {
                assertUnavailable(answer);
            }
        });
        assertUnavailable(answers.get(0));
        assertUnavailable(answers.get(1));

        long deadline = System.nanoTime() + 60_000_000_000L;
        LedgerClient.Response again;
        do {
            Thread.sleep(250);
            again = create("after-the-cut");
            assertThat(again.status()).as(again.body()).isIn(200, 503);
        } while (again.status() != 200 && System.nanoTime() < deadline);
        assertThat(again.status()).isEqualTo(200);
        JsonNode shown = JSON.readTree(ledger.reads().send("GET", "/v1/api_keys/" + id, null).body());
        assertThat(shown.get("revoked").asBoolean()).as("nothing of the cut-off writes was applied").isFalse();
        // verify fails closed (503) until its lag measurement has seen the projection current again: never a 404
        int verified;
        do {
            verified = verify(secret).status();
            assertThat(verified).isIn(200, 503);
        } while (verified != 200 && System.nanoTime() < deadline && sleep(100));
        assertThat(verified).isEqualTo(200);
        var revoked = ledger.writes().send("POST", "/v1/api_keys/" + id + "/revoke", "{}");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(verify(secret).status()).isEqualTo(404);
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
