package org.keyledger.query;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split mode with two query services: only one runs the projection, yet both answer every read as soon as a write
 * returns; when the projecting one stops, the other takes the projection over and writes stay readable at once.
 */
class SeveralQueryServicesTest {

    private SplitLedger ledger;
    private ConfigurableApplicationContext second;

    @BeforeEach
    void start() {
        ledger = SplitLedger.start();
        second = ledger.startAnotherQuery();
    }

    @AfterEach
    void stop() {
        second.close();
        ledger.close();
    }

    @Test
    void bothQueryServicesReflectEveryWriteAtOnce() {
        JsonNode key = create("two-readers");
        for (String reader : new String[]{ledger.queryUrl(), SplitLedger.url(second)}) {
            assertThat(get(reader, key)).isEqualTo(200);
            assertThat(verify(reader, key)).isEqualTo(200);
        }

        assertThat(ledger.send("POST", ledger.commandUrl() + "/v1/api_keys/" + key.get("id").asString() + "/revoke",
                null).statusCode()).isEqualTo(200);

        assertThat(verify(SplitLedger.url(second), key)).isEqualTo(404);
        assertThat(verify(ledger.queryUrl(), key)).isEqualTo(404);
    }

    @Test
    void whenTheProjectingServiceStopsTheOtherTakesOverAndWritesStayReadable() {
        create("before-handover");
        ledger.query().close(); // whichever of the two held the projection, the second must carry on

        JsonNode key = create("after-handover");

        assertThat(get(SplitLedger.url(second), key)).isEqualTo(200);
        assertThat(verify(SplitLedger.url(second), key)).isEqualTo(200);
    }

    private JsonNode create(String name) {
        var created = ledger.send("POST", ledger.commandUrl() + "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}");
        assertThat(created.statusCode()).isEqualTo(200);
        return JsonMapper.shared().readTree(created.body());
    }

    private int get(String reader, JsonNode key) {
        return ledger.send("GET", reader + "/v1/api_keys/" + key.get("id").asString(), null).statusCode();
    }

    private int verify(String reader, JsonNode key) {
        return ledger.send("POST", reader + "/v1/api_keys/verify",
                "{\"secret\":\"" + key.get("secret").asString() + "\"}").statusCode();
    }
}
