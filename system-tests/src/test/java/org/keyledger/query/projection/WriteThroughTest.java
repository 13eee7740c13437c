package org.keyledger.query.projection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.LocalLedger;
import org.keyledger.system.SplitLedger;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In local mode a write is applied to the query model in the transaction that appends its event
 * ({@link WriteThroughProjection}): with the tracking projection stopped, create, import, update, revoke and delete
 * still show in every read route and in verify the moment they return, and the tracking projection, started again,
 * finds nothing left to change. (In split mode the write waits for the query service's projection: FailClosedTest,
 * ZeroWindowRevocationTest.)
 */
class WriteThroughTest {

    private static LocalLedger ledger;
    private static LedgerClient client;
    /**
     * Each test leaves it caught up, so the next one never stops its processor while it still claims its segment after
     * a start, which leaves it never claiming one again ({@link QueryModelRebuild}; CI once met that).
     */
    private static TrackingProjection projection;

    @BeforeAll
    static void start() {
        // a write that had to wait for the stopped projection would return, unapplied, after 10 s; verify answers
        // from the rows for the first 5 s of the projection's lag
        ledger = LocalLedger.start("ledger.read-your-writes.timeout=10s", "ledger.verify.max-projection-lag=5s");
        client = ledger.client();
        projection = new TrackingProjection(ledger);
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void updateRevokeAndDeleteShowAtOnceWithTheTrackingProjectionStopped() {
        JsonNode revoked = create("write-through-revoked");
        JsonNode deleted = create("write-through-deleted");
        assertThat(verify(revoked)).isEqualTo(200);
        assertThat(verify(deleted)).isEqualTo(200);
        projection.processor().shutDown();
        try {
            String revokedPath = "/v1/api_keys/" + revoked.get("id").asString();
            assertThat(client.send("PATCH", revokedPath, "{\"scopes\":[\"audit\"]}").status()).isEqualTo(200);
            assertThat(client.send("POST", revokedPath + "/revoke", "{\"revocation_reason\":\"leaked\"}").status())
                    .isEqualTo(200);
            String deletedPath = "/v1/api_keys/" + deleted.get("id").asString();
            assertThat(client.send("DELETE", deletedPath, null).status()).isEqualTo(200);

            JsonNode read = JsonMapper.shared().readTree(client.send("GET", revokedPath, null).body());
            assertThat(read.get("revoked").asBoolean()).isTrue();
            assertThat(read.get("revocation_reason").asString()).isEqualTo("leaked");
            assertThat(read.get("scopes").toString()).isEqualTo("[\"audit\"]");
            assertThat(verify(revoked)).as("revoked").isEqualTo(404);
            assertThat(client.send("GET", deletedPath, null).status()).isEqualTo(404);
            assertThat(verify(deleted)).as("deleted").isEqualTo(404);
        } finally {
            projection.processor().start();
        }
        assertThat(appliedUpToDate(revoked, deleted)).isEqualTo(2);
        assertThat(verify(revoked)).isEqualTo(404);
        projection.awaitCaughtUp();
    }

    @Test
    void createsAndImportsShowAtOnceWithTheTrackingProjectionStopped() {
        projection.processor().shutDown();
        JsonNode created;
        JsonNode imported;
        try {
            created = create("write-through-created");
            imported = JsonMapper.shared().readTree(client.send("POST", "/v1/api_keys/import", "{\"keys\":["
                    + "{\"name\":\"write-through-imported\",\"subject\":\"" + SplitLedger.SUBJECT + "\"},"
                    + "{\"name\":\"write-through-imported-revoked\",\"subject\":\"" + SplitLedger.SUBJECT
                    + "\",\"revoked\":true}]}").body()).get("data");

            assertThat(client.send("GET", "/v1/api_keys/" + created.get("id").asString(), null).status())
                    .isEqualTo(200);
            assertThat(verify(created)).as("created").isEqualTo(200);
            assertThat(verify(imported.get(0))).as("imported").isEqualTo(200);
            JsonNode revoked = JsonMapper.shared().readTree(client.send("GET",
                    "/v1/api_keys/" + imported.get(1).get("id").asString(), null).body());
            assertThat(revoked.get("revoked").asBoolean()).isTrue();
            assertThat(verify(imported.get(1))).as("imported revoked").isEqualTo(404);
            assertThat(client.send("POST", "/v1/api_keys/" + created.get("id").asString() + "/revoke", null)
                    .status()).isEqualTo(200);
            assertThat(verify(created)).as("revoked right after its create").isEqualTo(404);
        } finally {
            projection.processor().start();
        }
        assertThat(appliedUpToDate(created, imported.get(0), imported.get(1))).isEqualTo(3);
        projection.awaitCaughtUp();
    }

    /**
     * The tracking projection passes over the arrivals this process wrote through ({@link WrittenThrough}): it moves
     * its checkpoint past their events without applying them again. Seen here by a row taken away behind the
     * projection's back while it was stopped, which it would otherwise have put back.
     */
    @Test
    void theTrackingProjectionPassesOverWhatWasWrittenThrough() {
        projection.processor().shutDown();
        WrittenThrough writtenThrough = ledger.context().getBean(WrittenThrough.class);
        JsonNode imported;
        try {
            int before = writtenThrough.size();
            imported = JsonMapper.shared().readTree(client.send("POST", "/v1/api_keys/import", "{\"keys\":[{\"name\":"
                    + "\"write-through-passed-over\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}]}").body())
                    .get("data").get(0);
            assertThat(writtenThrough.size()).isEqualTo(before + 1);
            jdbc().sql("delete from api_key_view where id = ?").param(imported.get("id").asString()).update();
        } finally {
            projection.processor().start();
        }
        projection.awaitCaughtUp();

        assertThat(writtenThrough.size()).isZero();
        assertThat(jdbc().sql("select count(*) from api_key_view where id = ?").param(imported.get("id").asString())
                .query(Long.class).single()).as("the row, not applied again").isZero();
    }

    private static JdbcClient jdbc() {
        return ledger.context().getBean(JdbcClient.class);
    }


    /** How many of the keys' rows hold their latest event. */
    private static long appliedUpToDate(JsonNode... keys) {
        return jdbc().sql("select count(*) from api_key_view v"
                        + " where v.last_sequence = (select max(sequence_number) from domain_event_entry e"
                        + " where e.aggregate_identifier = v.id) and v.id = any(?)")
                .param(Arrays.stream(keys).map(key -> key.get("id").asString()).toArray(String[]::new))
                .query(Long.class).single();
    }

    private static JsonNode create(String name) {
        return JsonMapper.shared().readTree(client.send("POST", "/v1/api_keys",
                "{\"name\":\"" + name + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\",\"scopes\":[\"read\"]}")
                .body());
    }

    private static int verify(JsonNode key) {
        return client.send("POST", "/v1/api_keys/verify", "{\"secret\":\"" + key.get("secret").asString() + "\"}")
                .status();
    }
}
