package org.keyledger.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.actorOf;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.fieldNames;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/**
 * {@code GET /v1/events} (every event of the ledger, by position) and {@code GET /v1/metrics} (the last hour per
 * minute), the ledger additions behind the console's activity page.
 */
@SplitLedgerTest
class LedgerEventsRoutesTest {

    /** A key's audit-trail entry (AuditRoutesTest), and its position in the whole ledger. */
    private static final Set<String> EVENT_FIELDS = Set.of("position", "object", "id", "api_key_id", "sequence",
            "type", "occurred_at", "actor", "session_id", "organization_id", "request_id", "client_address",
            "user_agent", "changed", "data");

    private static SplitLedger ledger;

    /** Creates, revokes and deletes a key: three events, in this order. */
    private static String lifecycle(String name) {
        JsonNode key = ledger.writes().createKey(newSubject(), name, "\"scopes\":[\"read\"]");
        String id = key.get("id").asString();
        ledger.writes().revokeKey(id);
        ledger.writes().deleteKey(id);
        return id;
    }

    private static JsonNode events(String queryString) {
        return json(ledger.reads().get("/v1/events" + queryString), 200);
    }

    @Test
    void everyEventAcrossKeysNewestFirstWithItsPositionAndTheAuditFields() {
        String first = lifecycle("first");
        JsonNode created = ledger.writes().createKey(newSubject(), "second");
        String second = created.get("id").asString();

        LedgerClient.Response response = ledger.reads().get("/v1/events?limit=4");
        JsonNode page = json(response, 200);
        assertThat(fieldNames(page)).containsExactlyInAnyOrder("data", "has_more", "next_cursor");
        JsonNode data = page.get("data");
        assertThat(data.size()).isEqualTo(4);
        for (JsonNode event : data) {
            assertThat(fieldNames(event)).containsExactlyInAnyOrderElementsOf(EVENT_FIELDS);
            assertThat(event.get("object").asString()).isEqualTo("api_key_event");
            assertThat(event.get("actor").asString()).isEqualTo(actorOf(LedgerTestEnvironment.INSTANCE_KEY));
        }
        assertThat(types(data)).containsExactly("api_key.created", "api_key.deleted", "api_key.revoked",
                "api_key.created");
        assertThat(data.get(0).get("api_key_id").asString()).isEqualTo(second);
        assertThat(data.get(1).get("api_key_id").asString()).isEqualTo(first);
        assertThat(data.get(3).get("api_key_id").asString()).isEqualTo(first);
        assertThat(data.get(2).get("data").get("revocation_reason").asString()).isEqualTo("test");
        List<Long> positions = positions(data);
        assertThat(positions).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
        assertThat(page.get("next_cursor").asLong()).isEqualTo(positions.get(3));
        assertThat(response.body()).doesNotContain(created.get("secret").asString())
                .doesNotContain(created.get("secret").asString().substring(3));
    }

    @Test
    void bothOrdersPageThroughEveryEventExactlyOnce() {
        lifecycle("paged-1");
        lifecycle("paged-2");
        List<Long> newestFirst = new ArrayList<>();
        JsonNode page = events("?limit=2");
        newestFirst.addAll(positions(page.get("data")));
        while (page.get("has_more").asBoolean()) {
            page = events("?limit=2&cursor=" + page.get("next_cursor").asLong());
            newestFirst.addAll(positions(page.get("data")));
        }
        assertThat(page.get("data").size()).isBetween(1, 2);

        List<Long> oldestFirst = new ArrayList<>();
        page = events("?order=asc&limit=3");
        oldestFirst.addAll(positions(page.get("data")));
        while (page.get("has_more").asBoolean()) {
            page = events("?order=asc&limit=3&cursor=" + page.get("next_cursor").asLong());
            oldestFirst.addAll(positions(page.get("data")));
        }
        assertThat(newestFirst).hasSizeGreaterThanOrEqualTo(6).doesNotHaveDuplicates()
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        List<Long> reversed = new ArrayList<>(newestFirst);
        Collections.reverse(reversed);
        assertThat(oldestFirst).isEqualTo(reversed);

        // an ingester resumes from the last position it has: nothing until the next event, then exactly that one
        long last = page.get("next_cursor").asLong();
        JsonNode caughtUp = events("?order=asc&cursor=" + last);
        assertThat(caughtUp.get("data").size()).isZero();
        assertThat(caughtUp.get("has_more").asBoolean()).isFalse();
        assertThat(caughtUp.get("next_cursor").asLong()).isEqualTo(last);
        String id = ledger.writes().createKey(newSubject(), "resumed").get("id").asString();
        JsonNode next = events("?order=asc&cursor=" + last).get("data");
        assertThat(next.size()).isEqualTo(1);
        assertThat(next.get(0).get("api_key_id").asString()).isEqualTo(id);
        assertThat(next.get(0).get("position").asLong()).isGreaterThan(last);
        // desc from a cursor: strictly before it
        JsonNode before = events("?limit=1&cursor=" + next.get(0).get("position").asLong()).get("data");
        assertThat(before.get(0).get("position").asLong()).isEqualTo(last);
    }

    @Test
    void anIngesterNeverSkipsAPositionThatMayStillCommit() throws Exception {
        lifecycle("before-gap");
        long last = events("?limit=1").get("data").get(0).get("position").asLong();
        // a position taken by an append that has not committed (or never will): the sequence moves on without it
        try (var connection = ledger.query().getBean(javax.sql.DataSource.class).getConnection();
             var statement = connection.createStatement()) {
            statement.execute("select nextval('domain_event_entry_seq')");
        }
        String id = ledger.writes().createKey(newSubject(), "after-gap").get("id").asString();

        JsonNode held = events("?order=asc&cursor=" + last);
        assertThat(held.get("data").size()).as("nothing past a young gap").isZero();
        assertThat(held.get("has_more").asBoolean()).isTrue();
        assertThat(held.get("next_cursor").asLong()).isEqualTo(last);
        // newest first shows what is there
        assertThat(events("?limit=1").get("data").get(0).get("api_key_id").asString()).isEqualTo(id);

        // once the gap is older than any append can take, it is a gap for good and the page passes it
        Thread.sleep(10_000 + 500);
        JsonNode passed = events("?order=asc&cursor=" + last);
        assertThat(passed.get("data").size()).isEqualTo(1);
        assertThat(passed.get("data").get(0).get("api_key_id").asString()).isEqualTo(id);
        assertThat(passed.get("data").get(0).get("position").asLong()).isEqualTo(last + 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=ten", "limit=1.5"})
    void badLimitIs400NamingIt(String queryString) {
        assertClerkError(ledger.reads().get("/v1/events?" + queryString), 400, "form_param_format_invalid", "limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cursor=-1", "cursor=abc", "cursor=1.5", "cursor=99999999999999999999"})
    void badCursorIs400NamingIt(String queryString) {
        assertClerkError(ledger.reads().get("/v1/events?" + queryString), 400, "form_param_format_invalid", "cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"order=newest", "order=ASC", "order=1"})
    void badOrderIs400NamingIt(String queryString) {
        assertClerkError(ledger.reads().get("/v1/events?" + queryString), 400, "form_param_format_invalid", "order");
    }

    @Test
    void withoutTheInstanceKeyBothRoutesAre401() {
        for (String path : List.of("/v1/events", "/v1/metrics")) {
            assertClerkError(ledger.reads().sendAs(null, "GET", path, null), 401, "authentication_invalid", null);
            assertClerkError(ledger.reads().sendAs("Bearer sk_test_wrong", "GET", path, null), 401,
                    "authentication_invalid", null);
        }
    }

    @Test
    void theMetricsHaveTheLastHourPerMinuteWithVerifiesAndChanges() {
        JsonNode before = json(ledger.reads().get("/v1/metrics"), 200);
        JsonNode key = ledger.writes().createKey(newSubject(), "charted");
        String secret = key.get("secret").asString();
        json(ledger.reads().send("POST", "/v1/api_keys/verify", "{\"secret\":\"" + secret + "\"}"), 200);
        ledger.reads().send("POST", "/v1/api_keys/verify", "{\"secret\":\"ak_unknown\"}");
        ledger.writes().revokeKey(key.get("id").asString());
        JsonNode after = json(ledger.reads().get("/v1/metrics"), 200);

        assertThat(after.get("object").asString()).isEqualTo("metrics");
        assertThat(after.get("interval_seconds").asInt()).isEqualTo(60);
        JsonNode minutes = after.get("minutes");
        assertThat(minutes.size()).isEqualTo(60);
        for (int i = 1; i < minutes.size(); i++) {
            assertThat(minutes.get(i).get("minute").asLong() - minutes.get(i - 1).get("minute").asLong())
                    .isEqualTo(60_000);
        }
        JsonNode current = minutes.get(59);
        assertThat(fieldNames(current)).containsExactlyInAnyOrder("minute", "verifies",
                "projection_lag_seconds", "events");
        assertThat(fieldNames(current.get("verifies")))
                .containsExactlyInAnyOrder("valid", "invalid", "rejected", "unavailable");
        assertThat(fieldNames(current.get("events")))
                .containsExactlyInAnyOrder("created", "updated", "revoked", "deleted");
        assertThat(current.get("projection_lag_seconds").asDouble()).isGreaterThanOrEqualTo(0);
        // the last two minutes, in case a minute ended in between
        assertThat(total(after, "verifies", "valid") - total(before, "verifies", "valid")).isEqualTo(1);
        assertThat(total(after, "verifies", "invalid") - total(before, "verifies", "invalid")).isEqualTo(1);
        assertThat(total(after, "events", "created") - total(before, "events", "created")).isEqualTo(1);
        assertThat(total(after, "events", "revoked") - total(before, "events", "revoked")).isEqualTo(1);
    }

    @Test
    void bothRoutesAreInTheReadRoutesOpenApiDocument() {
        JsonNode reads = json(ledger.reads().sendAs(null, "GET", "/v3/api-docs/reads", null), 200);
        List<String> parameters = new ArrayList<>();
        reads.at("/paths/~1v1~1events/get/parameters").forEach(p -> parameters.add(p.get("name").asString()));
        assertThat(parameters).containsExactlyInAnyOrder("order", "limit", "cursor");
        assertThat(reads.at("/paths/~1v1~1metrics").has("get")).isTrue();
        assertThat(reads.at("/paths/~1events").isMissingNode()).as("only under /v1").isTrue();
    }

    /** The sum of a counter over all sixty minutes (a minute that dropped off the hour had none of this test's). */
    private static long total(JsonNode metrics, String group, String name) {
        long sum = 0;
        for (JsonNode minute : metrics.get("minutes")) {
            if (!minute.get(group).isNull()) {
                sum += minute.get(group).get(name).asLong();
            }
        }
        return sum;
    }

    private static List<String> types(JsonNode data) {
        return data.valueStream().map(event -> event.get("type").asString()).toList();
    }

    private static List<Long> positions(JsonNode data) {
        return data.valueStream().map(event -> event.get("position").asLong()).toList();
    }
}
