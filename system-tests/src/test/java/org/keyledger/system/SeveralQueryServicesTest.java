package org.keyledger.system;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split mode with two query services: only one runs the projection, yet both answer every read as soon as a write
 * returns; when the projecting one stops, the other takes the projection over and writes stay readable at once.
 */
@SplitLedgerTest(queryServices = 2, lifecycle = SplitLedgerTest.Lifecycle.METHOD)
class SeveralQueryServicesTest {

    private SplitLedger ledger;
    private ConfigurableApplicationContext second;

    @BeforeEach
    void second() {
        second = ledger.queries().get(1);
    }

    @Test
    void bothQueryServicesReflectEveryWriteAtOnce() {
        JsonNode key = create("two-readers");
        for (LedgerClient reader : new LedgerClient[]{ledger.reads(), SplitLedger.client(second)}) {
            assertThat(get(reader, key)).isEqualTo(200);
            assertThat(verify(reader, key)).isEqualTo(200);
        }

        assertThat(ledger.writes().send("POST", "/v1/api_keys/" + key.get("id").asString() + "/revoke",
                null).status()).isEqualTo(200);

        assertThat(verify(SplitLedger.client(second), key)).isEqualTo(404);
        assertThat(verify(ledger.reads(), key)).isEqualTo(404);
    }

    @Test
    void whenTheProjectingServiceStopsTheOtherTakesOverAndWritesStayReadable() {
        create("before-handover");
        ledger.query().close(); // whichever of the two held the projection, the second must carry on

        JsonNode key = create("after-handover");

        assertThat(get(SplitLedger.client(second), key)).isEqualTo(200);
        assertThat(verify(SplitLedger.client(second), key)).isEqualTo(200);
    }

    private JsonNode create(String name) {
        var created = ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}");
        assertThat(created.status()).isEqualTo(200);
        return JsonMapper.shared().readTree(created.body());
    }

    private int get(LedgerClient reader, JsonNode key) {
        return reader.send("GET", "/v1/api_keys/" + key.get("id").asString(), null).status();
    }

    private int verify(LedgerClient reader, JsonNode key) {
        return reader.send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + key.get("secret").asString() + "\"}").status();
    }
}
