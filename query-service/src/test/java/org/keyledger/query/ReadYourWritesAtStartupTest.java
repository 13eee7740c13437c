package org.keyledger.query;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.query.ReadRoutes.ids;
import static org.keyledger.query.ReadRoutes.json;
import static org.keyledger.query.ReadRoutes.newSubject;

/**
 * Read your writes holds from the moment a query service is up: a write made at once after it started (or
 * restarted) is on every read route when the write returns.
 */
class ReadYourWritesAtStartupTest {

    @Test
    void aWriteMadeAsSoonAsTheQueryServiceIsUpIsReadAtOnce() {
        try (SplitLedger ledger = SplitLedger.start()) {
            ReadRoutes api = new ReadRoutes(ledger);
            writeThenRead(api);
            ledger.restartQuery();
            writeThenRead(api);
        }
    }

    private static void writeThenRead(ReadRoutes api) {
        String subject = newSubject();
        JsonNode created = api.create(subject, "at-startup");
        String id = created.get("id").asString();

        assertThat(json(api.get("/v1/api_keys/" + id), 200).get("id").asString()).isEqualTo(id);
        assertThat(ids(json(api.get("/v1/api_keys?subject=" + subject), 200))).containsExactly(id);
        assertThat(json(api.send("POST", api.query("/v1/api_keys/verify"),
                "{\"secret\":\"" + created.get("secret").asString() + "\"}"), 200).get("id").asString())
                .isEqualTo(id);
    }
}
