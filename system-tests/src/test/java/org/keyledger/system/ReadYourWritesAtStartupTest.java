package org.keyledger.system;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.ids;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/**
 * Read your writes holds from the moment a query service is up: a write made at once after it started (or
 * restarted) is on every read route when the write returns.
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.METHOD)
class ReadYourWritesAtStartupTest {

    @Test
    void aWriteMadeAsSoonAsTheQueryServiceIsUpIsReadAtOnce(SplitLedger ledger) {
        writeThenRead(ledger);
        ledger.restartQuery();
        writeThenRead(ledger);
    }

    private static void writeThenRead(SplitLedger ledger) {
        String subject = newSubject();
        JsonNode created = ledger.writes().createKey(subject, "at-startup");
        String id = created.get("id").asString();

        assertThat(json(ledger.reads().get("/v1/api_keys/" + id), 200).get("id").asString()).isEqualTo(id);
        assertThat(ids(json(ledger.reads().get("/v1/api_keys?subject=" + subject), 200))).containsExactly(id);
        assertThat(json(ledger.reads().send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + created.get("secret").asString() + "\"}"), 200).get("id").asString())
                .isEqualTo(id);
    }
}
