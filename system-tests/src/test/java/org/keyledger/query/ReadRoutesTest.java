package org.keyledger.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.actorOf;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.assertKeyObject;
import static org.keyledger.platform.test.ClerkAssertions.fieldNames;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.ClerkAssertions.withoutSecret;
import static org.keyledger.platform.test.LedgerClient.newSubject;
import static org.keyledger.platform.test.LedgerClient.unknownId;

/**
 * The query service's key routes, {@code GET /{id}} and {@code GET /{id}/secret}, under both prefixes; the instance
 * key on every read route; and what an unknown route answers.
 */
@SplitLedgerTest
class ReadRoutesTest {

    private static final List<String> PREFIXES = List.of("/v1/api_keys", "/api_keys");
    private static final List<String> MALFORMED_IDS = List.of("ak_123", "ak_" + "g".repeat(32),
            "ak_" + "0".repeat(31), "ak_" + "0".repeat(33), "AK_" + "0".repeat(32), "key_" + "0".repeat(32),
            "0".repeat(32), "ak-" + "0".repeat(32), "ak_" + "0".repeat(31) + "%20", "api_key_", "nope");

    private static SplitLedger ledger;

    // --- GET /{id} ---

    @ParameterizedTest
    @ValueSource(strings = {"/v1/api_keys", "/api_keys"})
    void getAnswersTheKeyWithEveryFieldAndNoSecret(String prefix) {
        JsonNode created = ledger.writes().createKey(newSubject(), "get-me", "\"description\":\"about\",\"claims\":{\"Tenant\":"
                + "\"t_1\",\"deep\":{\"x\":[1,1.50,null,true]}},\"scopes\":[\"read\"],\"created_by\":\""
                + newSubject() + "\",\"seconds_until_expiration\":600");
        String id = created.get("id").asString();

        LedgerClient.Response response = ledger.reads().get(prefix + "/" + id);
        JsonNode got = assertKeyObject(json(response, 200));

        assertThat(got).isEqualTo(withoutSecret(created));
        assertThat(response.body()).contains("\"claims\":{\"Tenant\":\"t_1\",\"deep\":{\"x\":[1,1.50,null,true]}}")
                .doesNotContain("secret");
        assertThat(got.get("expired").asBoolean()).isFalse();
        assertThat(got.get("last_used_at").isNull()).isTrue();
    }

    @Test
    void claimsAreAnsweredAsTheStoredTextNeverParsedAgain() {
        JsonNode created = ledger.writes().createKey(newSubject(), "raw-claims", "\"claims\":{\"Tenant\":\"t_1\"}");
        String id = created.get("id").asString();
        // text that Jackson would never write (spaces, an exponent), set behind the ledger's back: a read that parsed
        // it and wrote it out again would answer it normalized
        String stored = "{\"Tenant\": \"t_1\", \"n\": 1e2}";
        ledger.query().getBean(JdbcClient.class).sql("update api_key_view set claims = ? where id = ?")
                .params(stored, id).update();
        String verify = "{\"secret\":\"" + created.get("secret").asString() + "\"}";

        assertThat(ledger.reads().get("/v1/api_keys/" + id).body()).contains("\"claims\":" + stored + ",");
        for (String from : List.of("the row", "the verify cache")) {
            LedgerClient.Response verified = ledger.reads().send("POST", "/v1/api_keys/verify", verify);
            assertThat(verified.status()).isEqualTo(200);
            assertThat(verified.body()).as(from).contains("\"claims\":" + stored + ",");
        }
    }

    @Test
    void nullFieldsArePresentAsNull() {
        JsonNode created = ledger.writes().createKey(newSubject(), "bare-key");

        JsonNode got = assertKeyObject(json(ledger.reads().get("/v1/api_keys/" + created.get("id").asString()), 200));

        for (String field : List.of("description", "claims", "revocation_reason", "expiration", "created_by",
                "last_used_at")) {
            assertThat(got.get(field).isNull()).as(field).isTrue();
        }
        assertThat(got.get("scopes").isArray()).isTrue();
        assertThat(got.get("scopes").size()).isZero();
        assertThat(got.get("revoked").asBoolean()).isFalse();
        assertThat(got.get("expired").asBoolean()).isFalse();
    }

    @Test
    void getComputesExpiredWhenRead() {
        JsonNode created = ledger.writes().createExpiredKey(newSubject(), "short-lived");

        JsonNode got = assertKeyObject(json(ledger.reads().get("/v1/api_keys/" + created.get("id").asString()), 200));

        assertThat(got.get("expired").asBoolean()).isTrue();
        assertThat(got.get("expiration").asLong()).isEqualTo(created.get("expiration").asLong())
                .isLessThan(System.currentTimeMillis());
    }

    @Test
    void getShowsARevokedKey() {
        String id = ledger.writes().createKey(newSubject(), "to-revoke").get("id").asString();
        JsonNode revoked = ledger.writes().revokeKey(id);

        JsonNode got = assertKeyObject(json(ledger.reads().get("/api_keys/" + id), 200));

        assertThat(got).isEqualTo(revoked);
        assertThat(got.get("revoked").asBoolean()).isTrue();
        assertThat(got.get("revocation_reason").asString()).isEqualTo("test");
    }

    @Test
    void getAcceptsTheLongPrefixAndUpperCaseHex() {
        JsonNode created = ledger.writes().createKey(newSubject(), "spellings");
        String id = created.get("id").asString();
        String hex = id.substring("ak_".length());

        for (String spelling : List.of("api_key_" + hex, "ak_" + hex.toUpperCase(Locale.ROOT),
                "api_key_" + hex.toUpperCase(Locale.ROOT))) {
            for (String prefix : PREFIXES) {
                JsonNode got = json(ledger.reads().get(prefix + "/" + spelling), 200);
                assertThat(got.get("id").asString()).as(spelling).isEqualTo(id);
                assertThat(got).isEqualTo(withoutSecret(created));
            }
            assertThat(json(ledger.reads().get("/v1/api_keys/" + spelling + "/secret"), 200).get("secret").asString())
                    .isEqualTo(created.get("secret").asString());
        }
    }

    @Test
    void getAnUnknownOrDeletedKeyIs404() {
        for (String prefix : PREFIXES) {
            assertClerkError(ledger.reads().get(prefix + "/" + unknownId()), 404, "resource_not_found", null);
        }
        String id = ledger.writes().createKey(newSubject(), "to-delete").get("id").asString();
        ledger.writes().deleteKey(id);
        for (String prefix : PREFIXES) {
            assertClerkError(ledger.reads().get(prefix + "/" + id), 404, "resource_not_found", null);
            assertClerkError(ledger.reads().get(prefix + "/api_key_" + id.substring(3)), 404, "resource_not_found", null);
        }
    }

    @Test
    void aMalformedIdIs400NamingTheIdParameter() {
        for (String id : MALFORMED_IDS) {
            for (String prefix : PREFIXES) {
                assertClerkError(ledger.reads().get(prefix + "/" + id), 400, "form_param_format_invalid", "api_key_id");
                assertClerkError(ledger.reads().get(prefix + "/" + id + "/secret"), 400, "form_param_format_invalid", "api_key_id");
            }
        }
    }

    // --- GET /{id}/secret ---

    @ParameterizedTest
    @ValueSource(strings = {"/v1/api_keys", "/api_keys"})
    void secretAnswersTheSecretTheCreateResponseHad(String prefix) {
        JsonNode created = ledger.writes().createKey(newSubject(), "secret-keeper");

        JsonNode secret = json(ledger.reads().get(prefix + "/" + created.get("id").asString() + "/secret"), 200);

        assertThat(fieldNames(secret)).containsExactly("secret");
        assertThat(secret.get("secret").asString()).isEqualTo(created.get("secret").asString());
    }

    @Test
    void secretOfAnotherKeyIsThatKeysSecret() {
        String subject = newSubject();
        JsonNode first = ledger.writes().createKey(subject, "first-key");
        JsonNode second = ledger.writes().createKey(subject, "second-key");

        assertThat(json(ledger.reads().get("/v1/api_keys/" + second.get("id").asString() + "/secret"), 200)
                .get("secret").asString()).isEqualTo(second.get("secret").asString())
                .isNotEqualTo(first.get("secret").asString());
    }

    @Test
    void secretOfARevokedOrExpiredKeyIsStillServed() {
        JsonNode revoked = ledger.writes().createKey(newSubject(), "revoked-secret");
        ledger.writes().revokeKey(revoked.get("id").asString());
        JsonNode expired = ledger.writes().createExpiredKey(newSubject(), "expired-secret");

        for (JsonNode key : List.of(revoked, expired)) {
            assertThat(json(ledger.reads().get("/v1/api_keys/" + key.get("id").asString() + "/secret"), 200)
                    .get("secret").asString()).isEqualTo(key.get("secret").asString());
        }
    }

    @Test
    void secretOfAnUnknownOrDeletedKeyIs404() {
        for (String prefix : PREFIXES) {
            assertClerkError(ledger.reads().get(prefix + "/" + unknownId() + "/secret"), 404, "resource_not_found", null);
        }
        JsonNode created = ledger.writes().createKey(newSubject(), "shredded");
        String id = created.get("id").asString();
        ledger.writes().deleteKey(id);
        for (String prefix : PREFIXES) {
            LedgerClient.Response response = ledger.reads().get(prefix + "/" + id + "/secret");
            assertClerkError(response, 404, "resource_not_found", null);
            assertThat(response.body()).doesNotContain(created.get("secret").asString());
        }
    }

    // --- the instance key ---

    /** One authenticated call per read route and prefix, each answering 200 with the test instance key. */
    private List<Route> readRoutes() {
        JsonNode key = ledger.writes().createKey(newSubject(), "auth-" + System.nanoTime());
        String id = key.get("id").asString();
        String verify = "{\"secret\":\"" + key.get("secret").asString() + "\"}";
        String subject = key.get("subject").asString();
        List<Route> routes = new java.util.ArrayList<>();
        for (String prefix : PREFIXES) {
            routes.add(new Route("GET", prefix + "?subject=" + subject, null));
            routes.add(new Route("GET", prefix + "/" + id, null));
            routes.add(new Route("GET", prefix + "/" + id + "/secret", null));
            routes.add(new Route("GET", prefix + "/" + id + "/events", null));
            routes.add(new Route("POST", prefix + "/verify", verify));
        }
        return routes;
    }

    private record Route(String method, String path, String body) {
        LedgerClient.Response callAs(String authorization) {
            return ledger.reads().sendAs(authorization, method, path, body);
        }
    }

    @Test
    void everyReadRouteAcceptsEitherConfiguredInstanceKey() {
        for (Route route : readRoutes()) {
            for (String authorization : List.of(LedgerClient.BEARER, ("Bearer " + LedgerTestEnvironment.OTHER_INSTANCE_KEY),
                    "bearer " + LedgerTestEnvironment.OTHER_INSTANCE_KEY)) {
                json(route.callAs(authorization), 200);
            }
        }
    }

    @Test
    void everyReadRouteRefusesAMissingOrWrongInstanceKey() {
        String key = LedgerTestEnvironment.INSTANCE_KEY;
        List<String> refused = java.util.Arrays.asList(null, "", "Bearer ", "Bearer sk_test_wrong",
                "Bearer " + key + "x", "Bearer " + key.substring(0, key.length() - 1), key, "Basic " + key,
                "Bearer " + key.toUpperCase(Locale.ROOT), "Bearer " + actorOf(key));
        for (Route route : readRoutes()) {
            for (String authorization : refused) {
                LedgerClient.Response response = route.callAs(authorization);
                assertThat(response.status()).as("%s %s with %s", route.method(), route.path(), authorization)
                        .isEqualTo(401);
                assertClerkError(response, 401, "authentication_invalid", null);
                assertThat(response.body()).doesNotContain(key);
            }
        }
    }

    @Test
    void healthAnswersWithoutAnInstanceKey() {
        LedgerClient.Response health = ledger.reads().sendAs(null, "GET", "/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(JsonMapper.shared().readTree(health.body()).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void pathTricksDoNotGetPastTheInstanceKey() {
        String id = ledger.writes().createKey(newSubject(), "tricks").get("id").asString();
        for (String path : List.of("/actuator/../v1/api_keys/" + id, "/actuator/..;/v1/api_keys/" + id,
                "/actuator/%2e%2e/v1/api_keys/" + id, "/actuator/%2E%2E/api_keys/" + id + "/secret",
                "/actuator/..%2fv1/api_keys/" + id, "/v3/api-docs/../../v1/api_keys/" + id,
                "/swagger-ui/..;/api_keys/" + id + "/secret", "/actuator;/../v1/api_keys/" + id)) {
            LedgerClient.Response response = ledger.reads().sendAs(null, "GET", path, null);
            assertThat(response.status()).as(path).isNotEqualTo(200).isLessThan(500);
            assertThat(response.body()).as(path).doesNotContain("\"secret\"").doesNotContain("\"api_key\"");
        }
    }

    // --- unknown routes ---

    @Test
    void anUnknownRouteIs404InTheEnvelope() {
        String id = ledger.writes().createKey(newSubject(), "routes").get("id").asString();
        for (String prefix : PREFIXES) {
            for (String path : List.of(prefix + "/" + id + "/nope", prefix + "/" + id + "/secret/more",
                    prefix + "/" + id + "/events/1", prefix + "/" + unknownId() + "/x/y/z",
                    prefix + "/verify/extra", prefix + "/" + id + "/")) {
                assertClerkError(ledger.reads().get(path), 404, "resource_not_found", null);
            }
        }
        // "/" is the console (ConsoleRoutesTest)
        for (String path : List.of("/v1/nothing", "/v2/api_keys", "/v1/api_keys_x", "/index.html")) {
            assertClerkError(ledger.reads().get(path), 404, "resource_not_found", null);
        }
    }

    @Test
    void anUnknownRouteWithAnotherMethodIsNeverA500OrHtml() {
        String id = ledger.writes().createKey(newSubject(), "methods").get("id").asString();
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            for (String path : List.of("/v1/api_keys/" + id + "/nope", "/api_keys/" + id + "/secret/more",
                    "/v1/elsewhere")) {
                LedgerClient.Response response = ledger.reads().send(method, path, "{}");
                assertThat(response.status()).as("%s %s", method, path).isEqualTo(404);
                assertClerkError(response, 404, "resource_not_found", null);
            }
        }
    }
}
