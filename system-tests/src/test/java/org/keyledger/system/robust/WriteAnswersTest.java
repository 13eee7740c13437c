package org.keyledger.system.robust;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A write answers with the key exactly as GET shows it right after, last use included; a write that changes nothing
 * records nothing and costs the query services nothing (no cache epoch, no wait for their acknowledgements).
 */
@SplitLedgerTest(lifecycle = SplitLedgerTest.Lifecycle.CLASS, properties = "ledger.verify.cache.lease=500ms")
class WriteAnswersTest {

    /** The short lease above, so that a key's last change is soon "long past" (twice the lease). */
    private static final Duration LEASE = Duration.ofMillis(500);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static SplitLedger ledger;
    static SingleConnectionDataSource database;
    static JdbcClient jdbc;

    @BeforeAll
    static void start() {
        database = new SingleConnectionDataSource(ledger.databaseUrl(), "postgres", "", true);
        jdbc = JdbcClient.create(database);
    }

    @AfterAll
    static void stop() {
        database.destroy();
    }

    private static JsonNode create() {
        LedgerClient.Response created = ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"k-" + UUID.randomUUID() + "\",\"subject\":\"" + SplitLedger.SUBJECT + "\"}");
        assertThat(created.status()).isEqualTo(200);
        return JSON.readTree(created.body());
    }

    private static JsonNode write(String method, String path, String body) {
        LedgerClient.Response answer = ledger.writes().send(method, "/v1/api_keys/" + path, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static JsonNode get(String id) {
        return JSON.readTree(ledger.reads().send("GET", "/v1/api_keys/" + id, null).body());
    }

    @Test
    void writeAnswersEqualGetForAUsedKey() {
        JsonNode key = create();
        String id = key.get("id").asString();
        assertThat(ledger.reads().send("POST", "/v1/api_keys/verify",
                "{\"secret\":\"" + key.get("secret").asString() + "\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !get(id).get("last_used_at").isNull());

        JsonNode patched = write("PATCH", id, "{\"description\":\"used\"}");
        assertThat(patched.get("last_used_at").isNull()).isFalse();
        assertThat(patched).isEqualTo(get(id));

        JsonNode revoked = write("POST", id + "/revoke", "{\"revocation_reason\":\"rotated\"}");
        assertThat(revoked).isEqualTo(get(id));
        assertThat(write("POST", id + "/revoke", "{}")).isEqualTo(get(id));
    }

    @Test
    void aWriteThatChangesNothingRecordsNothingAndLeavesTheCachesAlone() throws InterruptedException {
        String id = create().get("id").asString();
        write("PATCH", id, "{\"description\":\"same\",\"scopes\":[\"read\"]}");
        write("POST", id + "/revoke", "{\"revocation_reason\":\"first\"}");
        Thread.sleep(LEASE.multipliedBy(3).toMillis()); // the revoke's own wait is long past
        long epoch = epoch();
        long events = events(id);

        JsonNode again = write("POST", id + "/revoke", "{\"revocation_reason\":\"second\"}");
        JsonNode same = write("PATCH", id, "{\"description\":\"same\",\"scopes\":[\"read\"]}");

        assertThat(again.get("revocation_reason").asString()).isEqualTo("first");
        assertThat(same).isEqualTo(again).isEqualTo(get(id));
        assertThat(events(id)).as("events recorded").isEqualTo(events);
        assertThat(epoch()).as("verify cache evictions").isEqualTo(epoch);

        write("PATCH", id, "{\"description\":\"changed\"}");
        assertThat(epoch()).as("a real change evicts its key").isGreaterThan(epoch);
    }

    private static long epoch() {
        return jdbc.sql("select epoch from ledger_cache_epoch").query(Long.class).single();
    }

    private static long events(String id) {
        return jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = ?").param(id)
                .query(Long.class).single();
    }
}
