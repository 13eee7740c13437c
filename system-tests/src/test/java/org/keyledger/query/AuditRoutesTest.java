package org.keyledger.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.platform.secret.SecretFormat;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.actorOf;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.fieldNames;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.LedgerClient.newSubject;
import static org.keyledger.platform.test.LedgerClient.unknownId;

/** {@code GET /v1/api_keys/{id}/events} (a ledger addition): the key's audit trail, oldest first, after delete too. */
@SplitLedgerTest
class AuditRoutesTest {

    private static final Set<String> ENTRY_FIELDS = Set.of("object", "id", "api_key_id", "sequence", "type",
            "occurred_at", "actor", "session_id", "organization_id", "request_id", "client_address", "user_agent", "changed", "data");

    private static SplitLedger ledger;

    private record Write(LedgerClient.Response response, String requestId, String userAgent, String actor) {
    }

    /** A write with its own request id and user agent, as {@code instanceKey}; asserts 200 and the echoed id. */
    private static Write write(String instanceKey, String method, String path, String body) {
        String requestId = "test-" + UUID.randomUUID();
        String userAgent = "read-routes-test/" + UUID.randomUUID().toString().substring(0, 8) + " (audit)";
        LedgerClient.Response response = ledger.writes().sendAs("Bearer " + instanceKey, method, path, body,
                "X-Request-Id", requestId, "User-Agent", userAgent);
        json(response, 200);
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly(requestId);
        return new Write(response, requestId, userAgent, actorOf(instanceKey));
    }

    private static JsonNode events(String id, String queryString) {
        return json(ledger.reads().get("/v1/api_keys/" + id + "/events" + queryString), 200);
    }

    @Test
    void theTrailHasEveryEventOldestFirstWithWhoWhenAndWhere() {
        String key = LedgerTestEnvironment.INSTANCE_KEY;
        String other = LedgerTestEnvironment.OTHER_INSTANCE_KEY;
        String subject = newSubject();
        long before = System.currentTimeMillis();
        Write create = write(key, "POST", "/v1/api_keys", "{\"name\":\"audited\",\"subject\":\"" + subject
                + "\",\"description\":\"first\",\"scopes\":[\"read\"],\"claims\":{\"tenant\":\"t_1\"}}");
        JsonNode created = json(create.response(), 200);
        String id = created.get("id").asString();
        String secret = created.get("secret").asString();
        Write update = write(other, "PATCH", "/v1/api_keys/" + id,
                "{\"description\":\"second\",\"scopes\":[\"read\"],\"claims\":{\"tenant\":\"t_1\"}}");
        Write revoke = write(key, "POST", "/api_keys/" + id + "/revoke", "{\"revocation_reason\":\"rotated\"}");
        Write delete = write(other, "DELETE", "/api_keys/" + id, null);
        long after = System.currentTimeMillis();

        for (String prefix : List.of("/v1/api_keys", "/api_keys")) {
            LedgerClient.Response response = ledger.reads().get(prefix + "/" + id + "/events");
            JsonNode trail = json(response, 200);

            assertThat(fieldNames(trail)).containsExactlyInAnyOrder("data", "total_count");
            assertThat(trail.get("total_count").asLong()).isEqualTo(4);
            JsonNode data = trail.get("data");
            assertThat(data.size()).isEqualTo(4);
            List<Write> writes = List.of(create, update, revoke, delete);
            List<String> types = List.of("api_key.created", "api_key.updated", "api_key.revoked", "api_key.deleted");
            long previous = before;
            for (int i = 0; i < 4; i++) {
                JsonNode entry = data.get(i);
                Write write = writes.get(i);
                assertThat(fieldNames(entry)).as("entry %d", i).containsExactlyInAnyOrderElementsOf(ENTRY_FIELDS);
                assertThat(entry.get("object").asString()).isEqualTo("api_key_event");
                assertThat(entry.get("api_key_id").asString()).isEqualTo(id);
                assertThat(entry.get("sequence").asLong()).isEqualTo(i);
                assertThat(entry.get("type").asString()).isEqualTo(types.get(i));
                long occurredAt = entry.get("occurred_at").asLong();
                assertThat(occurredAt).isBetween(previous, after);
                previous = occurredAt;
                assertThat(entry.get("actor").asString()).as("actor %d", i).matches("key_[0-9a-f]{12}")
                        .isEqualTo(write.actor());
                assertThat(entry.get("request_id").asString()).isEqualTo(write.requestId());
                assertThat(entry.get("client_address").asString()).isEqualTo("127.0.0.1");
                assertThat(entry.get("user_agent").asString()).isEqualTo(write.userAgent());
            }
            assertThat(data.valueStream().map(e -> e.get("id").asString()).distinct().count()).isEqualTo(4);
            assertThat(data.get(0).get("actor").asString()).isNotEqualTo(data.get(1).get("actor").asString());

            // created: what it set; updated: exactly the fields whose value changed (scopes and claims were resent)
            JsonNode createdData = data.get(0).get("data");
            assertThat(createdData.get("name").asString()).isEqualTo("audited");
            assertThat(createdData.get("subject").asString()).isEqualTo(subject);
            assertThat(createdData.get("description").asString()).isEqualTo("first");
            assertThat(strings(data.get(1).get("changed"))).containsExactly("description");
            assertThat(data.get(1).get("data").get("description").asString()).isEqualTo("second");
            assertThat(data.get(2).get("data").get("revocation_reason").asString()).isEqualTo("rotated");

            String body = response.body();
            assertThat(body).doesNotContain(secret).doesNotContain(secret.substring(3))
                    .doesNotContain(SecretFormat.sha256(secret)).doesNotContainIgnoringCase("ciphertext")
                    .doesNotContainIgnoringCase("sha256").doesNotContain(key).doesNotContain(other);
        }
    }

    @Test
    void anUpdateListsExactlyTheFieldsItChanged() {
        String id = ledger.writes().createKey(newSubject(), "changes", "\"description\":\"d\",\"scopes\":[\"a\"],"
                + "\"claims\":{\"x\":1}").get("id").asString();
        String newSubject = newSubject();
        json(ledger.writes().send("PATCH", "/v1/api_keys/" + id, "{\"scopes\":[\"a\",\"b\"],\"claims\":{\"x\":1},"
                + "\"subject\":\"" + newSubject + "\"}"), 200);
        json(ledger.writes().send("PATCH", "/v1/api_keys/" + id, "{\"description\":null,"
                + "\"seconds_until_expiration\":60}"), 200);
        json(ledger.writes().send("PATCH", "/v1/api_keys/" + id, "{\"description\":null}"), 200); // no change

        JsonNode data = events(id, "").get("data");

        assertThat(data.size()).isEqualTo(3);
        assertThat(strings(data.get(0).get("changed"))).containsExactlyInAnyOrder("type", "name", "subject",
                "description", "claims", "scopes", "created_by", "expiration");
        assertThat(strings(data.get(1).get("changed"))).containsExactlyInAnyOrder("subject", "scopes");
        assertThat(data.get(1).get("data").get("subject").asString()).isEqualTo(newSubject);
        assertThat(strings(data.get(2).get("changed"))).containsExactlyInAnyOrder("description", "expiration");
        assertThat(data.get(2).get("data").get("description").isNull()).isTrue();
    }

    @Test
    void aGeneratedRequestIdIsEchoedAndRecorded() {
        LedgerClient.Response created = ledger.writes().send("POST", "/v1/api_keys",
                "{\"name\":\"generated-id\",\"subject\":\"" + newSubject() + "\"}");
        String requestId = created.headers().firstValue("X-Request-Id").orElseThrow();
        String id = json(created, 200).get("id").asString();
        // not sane: too long, or with characters a log line should not carry; the ledger makes up its own
        LedgerClient.Response revoked = ledger.writes().sendAs(LedgerClient.BEARER, "POST", "/v1/api_keys/" + id
                + "/revoke", "{}", "X-Request-Id", "x".repeat(129));
        String revokeRequestId = revoked.headers().firstValue("X-Request-Id").orElseThrow();

        JsonNode data = events(id, "").get("data");

        assertThat(requestId).isNotBlank();
        assertThat(revokeRequestId).isNotEqualTo("x".repeat(129)).isNotEqualTo(requestId);
        assertThat(data.get(0).get("request_id").asString()).isEqualTo(requestId);
        assertThat(data.get(1).get("request_id").asString()).isEqualTo(revokeRequestId);
        assertThat(data.get(1).get("data").get("revocation_reason").isNull()).isTrue();
    }

    @Test
    void theTrailIsPagedWithLimitAndOffset() {
        String id = ledger.writes().createKey(newSubject(), "paged").get("id").asString();
        for (int i = 0; i < 4; i++) {
            json(ledger.writes().send("PATCH", "/v1/api_keys/" + id, "{\"description\":\"v" + i + "\"}"), 200);
        }
        ledger.writes().revokeKey(id);

        JsonNode all = events(id, "");
        assertThat(all.get("total_count").asLong()).isEqualTo(6);
        assertThat(sequences(all)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);

        JsonNode page = events(id, "?limit=2&offset=1");
        assertThat(page.get("total_count").asLong()).isEqualTo(6);
        assertThat(sequences(page)).containsExactly(1L, 2L);
        assertThat(page.get("data").get(0)).isEqualTo(all.get("data").get(1));

        assertThat(sequences(events(id, "?limit=1"))).containsExactly(0L);
        assertThat(sequences(events(id, "?offset=4"))).containsExactly(4L, 5L);
        assertThat(sequences(events(id, "?offset=5&limit=100"))).containsExactly(5L);
        assertThat(sequences(events(id, "?limit=3.0&offset=3.0"))).containsExactly(3L, 4L, 5L);
        JsonNode beyond = events(id, "?offset=6");
        assertThat(beyond.get("data").size()).isZero();
        assertThat(beyond.get("total_count").asLong()).isEqualTo(6);
        assertThat(events(id, "?offset=2147483647&limit=100").get("data").size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=abc", "limit=1.5", "offset=-1", "offset=x"})
    void badPagingIs400NamingTheParameter(String queryString) {
        String id = ledger.writes().createKey(newSubject(), "bad-paging").get("id").asString();

        assertClerkError(ledger.reads().get("/v1/api_keys/" + id + "/events?" + queryString), 400, "form_param_format_invalid",
                queryString.substring(0, queryString.indexOf('=')));
    }

    @Test
    void theTrailIsServedAfterDelete() {
        JsonNode created = ledger.writes().createKey(newSubject(), "gone");
        String id = created.get("id").asString();
        ledger.writes().deleteKey(id);

        LedgerClient.Response response = ledger.reads().get("/api_keys/" + id + "/events");
        JsonNode trail = json(response, 200);

        assertThat(trail.get("data").valueStream().map(e -> e.get("type").asString()).toList())
                .containsExactly("api_key.created", "api_key.deleted");
        assertThat(strings(trail.get("data").get(1).get("changed"))).containsExactly("deleted");
        assertThat(response.body()).doesNotContain(created.get("secret").asString())
                .doesNotContain(SecretFormat.sha256(created.get("secret").asString()))
                .doesNotContainIgnoringCase("ciphertext");
        // and under the long spelling of the id
        assertThat(json(ledger.reads().get("/v1/api_keys/api_key_" + id.substring(3).toUpperCase() + "/events"), 200))
                .isEqualTo(trail);
    }

    @Test
    void anUnknownKeyIs404AndAMalformedId400() {
        for (String prefix : List.of("/v1/api_keys", "/api_keys")) {
            assertClerkError(ledger.reads().get(prefix + "/" + unknownId() + "/events"), 404, "resource_not_found", null);
            assertClerkError(ledger.reads().get(prefix + "/ak_nothex/events"), 400, "form_param_format_invalid", "api_key_id");
            assertClerkError(ledger.reads().get(prefix + "/verify/events"), 400, "form_param_format_invalid", "api_key_id");
        }
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("%s is an array", array).isTrue();
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private static List<Long> sequences(JsonNode page) {
        return page.get("data").valueStream().map(e -> e.get("sequence").asLong()).toList();
    }
}
