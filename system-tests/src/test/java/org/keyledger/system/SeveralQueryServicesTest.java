package org.keyledger.system;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split mode with two query services: only one runs the projection, yet both answer every read as soon as a write
 * returns; when the projecting one stops, the other takes the projection over and writes stay readable at once, and
 * finishes a rebuild it left half done. Every rebuild here loads the model without its secondary indexes
 * (BulkReplay), one event a transaction, so that it is still under way when its service stops.
 */
@SplitLedgerTest(queryServices = 2, lifecycle = SplitLedgerTest.Lifecycle.METHOD, properties = {
        "ledger.projection.bulk-replay-events=1", "ledger.projection.batch-size=1"})
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

    @Test
    void aRebuildLeftHalfDoneByTheProjectingServiceIsFinishedByTheOther() throws InterruptedException {
        assertThat(ledger.writes().send("POST", "/v1/api_keys/import", SplitLedger.importOfNewKeys("handover-", 1000))
                .status()).isEqualTo(200);
        JsonNode key = create("rebuilt-by-the-other");
        JdbcClient jdbc = second.getBean(JdbcClient.class);
        var indexes = indexes(jdbc);
        ConfigurableApplicationContext projecting = ledger.query();
        ConfigurableApplicationContext other = second;
        if (ledger.reads().send("POST", "/v1/query_model/rebuild", "{}").status() == 409) {
            projecting = second;
            other = ledger.query();
        }
        if (projecting == second) {
            assertThat(SplitLedger.client(second).send("POST", "/v1/query_model/rebuild", "{}").status())
                    .isEqualTo(202);
        }

        projecting.close();
        ConfigurableApplicationContext finishing = other;
        jdbc = other.getBean(JdbcClient.class);
        assertThat(jdbc.sql("select count(*) from api_key_view_index_set_aside").query(Long.class).single())
                .as("the rebuild was under way when its service stopped").isPositive();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (verify(SplitLedger.client(other), key) != 200) {
            JdbcClient state = jdbc;
            assertThat(System.nanoTime()).as(() -> "the other service did not finish the rebuild: " + state.sql(
                    "select (select count(*) from api_key_view) as rows_now, (select count(*) from"
                            + " api_key_view_index_set_aside) as aside, (select string_agg(processor_name || '/'"
                            + " || coalesce(owner, '-') || '/' || token_type, ', ') from token_entry) as tokens,"
                            + " (select max(position) from projection_checkpoint) as checkpoint,"
                            + " (select max(global_index) from domain_event_entry) as head").query().singleRow()
                    + " verify " + verify(SplitLedger.client(finishing), key)).isLessThan(deadline);
            Thread.sleep(50);
        }

        assertThat(indexes(jdbc)).isEqualTo(indexes);
        assertThat(jdbc.sql("select count(*) from api_key_view_index_set_aside").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from api_key_view").query(Long.class).single()).isEqualTo(1001);
        assertThat(jdbc.sql("select count(*) from api_key_projection_position").query(Long.class).single())
                .isEqualTo(1001);
    }

    private static List<String> indexes(JdbcClient jdbc) {
        return jdbc.sql("select indexdef from pg_indexes where tablename = 'api_key_view' order by indexname")
                .query(String.class).list();
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
