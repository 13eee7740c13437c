package org.keyledger.query;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.platform.secret.SecretFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.query.ReadRoutes.assertError;
import static org.keyledger.query.ReadRoutes.assertKeyObject;
import static org.keyledger.query.ReadRoutes.json;
import static org.keyledger.query.ReadRoutes.newSubject;
import static org.keyledger.query.ReadRoutes.quote;

/** {@code POST /v1/api_keys/verify} and {@code POST /api_keys/verify}: 200 only for an active key, and read-only. */
class VerifyRoutesTest {

    private static final List<String> PREFIXES = List.of("/v1/api_keys", "/api_keys");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static SplitLedger ledger;
    private static ReadRoutes api;

    @BeforeAll
    static void start() {
        ledger = SplitLedger.start();
        api = new ReadRoutes(ledger);
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    private static HttpResponse<String> verify(String prefix, String body) {
        return api.send("POST", api.query(prefix + "/verify"), body);
    }

    private static HttpResponse<String> verifySecret(String prefix, String secret) {
        return verify(prefix, "{\"secret\":" + quote(secret) + "}");
    }

    private static void assertNotFound(String secret) {
        for (String prefix : PREFIXES) {
            HttpResponse<String> response = verifySecret(prefix, secret);
            assertError(response, 404, "resource_not_found", null);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/api_keys", "/api_keys"})
    void anActiveKeysSecretAnswersTheKeyWithoutItsSecret(String prefix) {
        JsonNode created = api.create(newSubject(), "verify-me", "\"scopes\":[\"read\"],\"claims\":{\"a\":1},"
                + "\"seconds_until_expiration\":3600");
        String secret = created.get("secret").asString();

        HttpResponse<String> response = verifySecret(prefix, secret);

        JsonNode verified = assertKeyObject(json(response, 200));
        assertThat(verified).isEqualTo(ReadRoutes.withoutSecret(created));
        assertThat(response.body()).doesNotContain(secret);
        assertThat(verified).isEqualTo(json(api.get("/v1/api_keys/" + created.get("id").asString()), 200));
    }

    @Test
    void eachSecretFindsItsOwnKey() {
        String subject = newSubject();
        List<JsonNode> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(api.create(subject, "own-" + i));
        }
        for (JsonNode key : keys) {
            assertThat(json(verifySecret("/api_keys", key.get("secret").asString()), 200).get("id").asString())
                    .isEqualTo(key.get("id").asString());
        }
    }

    @Test
    void anUnknownWellFormedSecretIs404() {
        String unknown = SecretFormat.generate(new SecureRandom());
        assertThat(SecretFormat.isWellFormed(unknown)).isTrue();

        assertNotFound(unknown);
    }

    @Test
    void malformedSecretsAre404() {
        String secret = api.create(newSubject(), "malformed").get("secret").asString();
        for (String wrong : List.of("ak_short", "", "ak_", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl",
                "ak_a.b.c", secret + "x", secret.substring(0, secret.length() - 1), " " + secret, secret + " ",
                secret.toUpperCase(java.util.Locale.ROOT), "sk_" + secret.substring(3), secret.replace("ak_", "ak-"),
                ReadRoutes.sha256(secret))) {
            assertNotFound(wrong);
        }
    }

    @Test
    void theRightSecretWithOneCharacterChangedIs404() {
        String secret = api.create(newSubject(), "one-off").get("secret").asString();
        assertThat(json(verifySecret("/v1/api_keys", secret), 200)).isNotNull();

        for (int position : List.of(3, 20, secret.length() - 7, secret.length() - 1)) {
            char original = secret.charAt(position);
            char other = BASE62.charAt((BASE62.indexOf(original) + 1) % BASE62.length());
            String changed = secret.substring(0, position) + other + secret.substring(position + 1);
            assertThat(SecretFormat.isWellFormed(changed)).as("checksum catches position " + position).isFalse();
            assertNotFound(changed);
        }
    }

    @Test
    void aRevokedKeyIs404() {
        JsonNode key = api.create(newSubject(), "revoked");
        json(verifySecret("/v1/api_keys", key.get("secret").asString()), 200);

        api.revoke(key.get("id").asString());

        assertNotFound(key.get("secret").asString());
    }

    @Test
    void anExpiredKeyIs404() {
        JsonNode key = api.createExpired(newSubject(), "expired");

        assertNotFound(key.get("secret").asString());
    }

    @Test
    void aKeyThatExpiresLaterIsStillVerified() {
        JsonNode key = api.create(newSubject(), "not-yet", "\"seconds_until_expiration\":60");

        JsonNode verified = json(verifySecret("/api_keys", key.get("secret").asString()), 200);

        assertThat(verified.get("expired").asBoolean()).isFalse();
    }

    @Test
    void aDeletedKeyIs404() {
        JsonNode key = api.create(newSubject(), "deleted");
        json(verifySecret("/v1/api_keys", key.get("secret").asString()), 200);

        api.delete(key.get("id").asString());

        assertNotFound(key.get("secret").asString());
    }

    @Test
    void aKeyWhoseSubjectChangedIsVerifiedWithItsNewSubject() {
        JsonNode key = api.create(newSubject(), "moved");
        String newSubject = newSubject();
        json(api.send("PATCH", api.command("/v1/api_keys/" + key.get("id").asString()),
                "{\"subject\":\"" + newSubject + "\"}"), 200);

        JsonNode verified = json(verifySecret("/v1/api_keys", key.get("secret").asString()), 200);

        assertThat(verified.get("subject").asString()).isEqualTo(newSubject);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/api_keys", "/api_keys"})
    void aMissingSecretIs400(String prefix) {
        assertError(verify(prefix, "{}"), 400, "form_param_missing", "secret");
        assertError(verify(prefix, "{\"secret\":null}"), 400, "form_param_missing", "secret");
        assertError(verify(prefix, ""), 400, "form_param_missing", "secret");
        assertError(api.send("POST", api.query(prefix + "/verify"), null), 400, "form_param_missing", "secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "[\"ak_x\"]", "{\"value\":\"ak_x\"}"})
    void aSecretThatIsNotAStringIs400(String value) {
        for (String prefix : PREFIXES) {
            assertError(verify(prefix, "{\"secret\":" + value + "}"), 400, "form_param_format_invalid", "secret");
        }
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        String secret = api.create(newSubject(), "unknown-field").get("secret").asString();
        for (String prefix : PREFIXES) {
            assertError(verify(prefix, "{\"secret\":" + quote(secret) + ",\"scope\":\"read\"}"), 400, "bad_request",
                    "scope");
            assertError(verify(prefix, "{\"token\":" + quote(secret) + "}"), 400, "bad_request", "token");
        }
    }

    @Test
    void aBodyThatIsNotAJsonObjectIs400() {
        for (String body : List.of("[]", "\"ak_x\"", "{", "secret=ak_x", "null}")) {
            HttpResponse<String> response = verify("/v1/api_keys", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertError(response, 400, "bad_request", null);
        }
    }

    @Test
    void verifyWritesNoEvent() {
        JdbcClient jdbc = ledger.query().getBean(JdbcClient.class);
        JsonNode active = api.create(newSubject(), "read-only");
        JsonNode revoked = api.create(newSubject(), "read-only-revoked");
        api.revoke(revoked.get("id").asString());
        long events = countEvents(jdbc);
        JsonNode before = json(api.get("/v1/api_keys/" + active.get("id").asString()), 200);

        for (int i = 0; i < 5; i++) {
            json(verifySecret(PREFIXES.get(i % 2), active.get("secret").asString()), 200);
            assertError(verifySecret("/v1/api_keys", revoked.get("secret").asString()), 404, "resource_not_found",
                    null);
            assertError(verifySecret("/v1/api_keys", SecretFormat.generate(new SecureRandom())), 404,
                    "resource_not_found", null);
            assertError(verify("/v1/api_keys", "{}"), 400, "form_param_missing", "secret");
        }

        assertThat(countEvents(jdbc)).isEqualTo(events);
        assertThat(json(api.get("/v1/api_keys/" + active.get("id").asString()), 200).get("updated_at"))
                .isEqualTo(before.get("updated_at"));
        JsonNode trail = json(api.get("/v1/api_keys/" + active.get("id").asString() + "/events"), 200);
        assertThat(trail.get("total_count").asLong()).isEqualTo(1);
    }

    private static long countEvents(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from domain_event_entry").query(Long.class).single();
    }
}
