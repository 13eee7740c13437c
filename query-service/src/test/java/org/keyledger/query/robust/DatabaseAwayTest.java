package org.keyledger.query.robust;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.query.SplitLedger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL unreachable (a proxy between the services and it, cut and restored): writes answer 503
 * service_unavailable with Retry-After, never 500; verify of a key in the cache keeps answering from it; once
 * PostgreSQL is back everything answers as before and nothing acknowledged is lost.
 */
class DatabaseAwayTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static TcpProxy proxy;
    static SplitLedger ledger;

    @BeforeAll
    static void start() throws Exception {
        proxy = new TcpProxy("127.0.0.1", 5432);
        ledger = SplitLedger.startReaching(url -> url.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
        proxy.close();
    }

    private static HttpResponse<String> create(String name) {
        return ledger.send("POST", ledger.commandUrl() + "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}");
    }

    private static HttpResponse<String> verify(String secret) {
        return ledger.send("POST", ledger.queryUrl() + "/v1/api_keys/verify", "{\"secret\":\"" + secret + "\"}");
    }

    private static void assertUnavailable(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
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
        assertThat(verify(secret).statusCode()).isEqualTo(200); // now in the verify cache

        proxy.cut();
        List<HttpResponse<String>> answers = new ArrayList<>();
        try {
            assertThat(verify(secret).statusCode()).as("verify from the cache").isEqualTo(200);
            answers.add(create("during-the-cut"));
            answers.add(ledger.send("PATCH", ledger.commandUrl() + "/v1/api_keys/" + id, "{\"description\":\"x\"}"));
            answers.add(ledger.send("POST", ledger.commandUrl() + "/v1/api_keys/" + id + "/revoke", "{}"));
            answers.add(ledger.send("DELETE", ledger.commandUrl() + "/v1/api_keys/" + id, null));
            answers.add(verify("ak_unknownunknownunknownunknownunknownun000000"));
            answers.add(ledger.send("GET", ledger.queryUrl() + "/v1/api_keys/" + id, null));
        } finally {
            proxy.restore();
        }
        answers.forEach(answer -> {
            if (answer.statusCode() != 404 && answer.statusCode() != 400) {
                assertUnavailable(answer);
            }
        });
        assertUnavailable(answers.get(0));
        assertUnavailable(answers.get(1));

        long deadline = System.nanoTime() + 60_000_000_000L;
        HttpResponse<String> again;
        do {
            Thread.sleep(250);
            again = create("after-the-cut");
            assertThat(again.statusCode()).as(again.body()).isIn(200, 503);
        } while (again.statusCode() != 200 && System.nanoTime() < deadline);
        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode shown = JSON.readTree(ledger.send("GET", ledger.queryUrl() + "/v1/api_keys/" + id, null).body());
        assertThat(shown.get("revoked").asBoolean()).as("nothing of the cut-off writes was applied").isFalse();
        assertThat(verify(secret).statusCode()).isEqualTo(200);
        var revoked = ledger.send("POST", ledger.commandUrl() + "/v1/api_keys/" + id + "/revoke", "{}");
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(verify(secret).statusCode()).isEqualTo(404);
    }
}
