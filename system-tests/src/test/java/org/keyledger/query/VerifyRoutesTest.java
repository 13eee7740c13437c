package org.keyledger.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.platform.secret.SecretFormat;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.assertKeyObject;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.ClerkAssertions.withoutSecret;
import static org.keyledger.platform.test.LedgerClient.newSubject;
import static org.keyledger.platform.test.LedgerClient.quote;

/** {@code POST /v1/api_keys/verify} and {@code POST /api_keys/verify}: 200 only for an active key, and read-only. */
@SplitLedgerTest
class VerifyRoutesTest {

    private static final List<String> PREFIXES = List.of("/v1/api_keys", "/api_keys");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static SplitLedger ledger;

    private static LedgerClient.Response verify(String prefix, String body) {
        return ledger.reads().send("POST", prefix + "/verify", body);
    }

    private static LedgerClient.Response verifySecret(String prefix, String secret) {
        return verify(prefix, "{\"secret\":" + quote(secret) + "}");
    }

    private static void assertNotFound(String secret) {
        for (String prefix : PREFIXES) {
            LedgerClient.Response response = verifySecret(prefix, secret);
            assertClerkError(response, 404, "resource_not_found", null);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/api_keys", "/api_keys"})
    void anActiveKeysSecretAnswersTheKeyWithoutItsSecret(String prefix) {
        JsonNode created = ledger.writes().createKey(newSubject(), "verify-me", "\"scopes\":[\"read\"],\"claims\":{\"a\":1},"
                + "\"seconds_until_expiration\":3600");
        String secret = created.get("secret").asString();

        LedgerClient.Response response = verifySecret(prefix, secret);

        JsonNode verified = assertKeyObject(json(response, 200));
        assertThat(verified).isEqualTo(withoutSecret(created));
        assertThat(response.body()).doesNotContain(secret);
        assertThat(verified).isEqualTo(json(ledger.reads().get("/v1/api_keys/" + created.get("id").asString()), 200));
    }

    @Test
    void eachSecretFindsItsOwnKey() {
        String subject = newSubject();
        List<JsonNode> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(ledger.writes().createKey(subject, "own-" + i));
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
        String secret = ledger.writes().createKey(newSubject(), "malformed").get("secret").asString();
        for (String wrong : List.of("ak_short", "", "ak_", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJl",
                "ak_a.b.c", secret + "x", secret.substring(0, secret.length() - 1), " " + secret, secret + " ",
                secret.toUpperCase(java.util.Locale.ROOT), "sk_" + secret.substring(3), secret.replace("ak_", "ak-"),
                SecretFormat.sha256(secret))) {
            assertNotFound(wrong);
        }
    }

    @Test
    void theRightSecretWithOneCharacterChangedIs404() {
        String secret = ledger.writes().createKey(newSubject(), "one-off").get("secret").asString();
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
        JsonNode key = ledger.writes().createKey(newSubject(), "revoked");
        json(verifySecret("/v1/api_keys", key.get("secret").asString()), 200);

        ledger.writes().revokeKey(key.get("id").asString());

        assertNotFound(key.get("secret").asString());
    }

    @Test
    void anExpiredKeyIs404() {
        JsonNode key = ledger.writes().createExpiredKey(newSubject(), "expired");

        assertNotFound(key.get("secret").asString());
    }

    @Test
    void aKeyThatExpiresLaterIsStillVerified() {
        JsonNode key = ledger.writes().createKey(newSubject(), "not-yet", "\"seconds_until_expiration\":60");

        JsonNode verified = json(verifySecret("/api_keys", key.get("secret").asString()), 200);

        assertThat(verified.get("expired").asBoolean()).isFalse();
    }

    @Test
    void aDeletedKeyIs404() {
        JsonNode key = ledger.writes().createKey(newSubject(), "deleted");
        json(verifySecret("/v1/api_keys", key.get("secret").asString()), 200);

        ledger.writes().deleteKey(key.get("id").asString());

        assertNotFound(key.get("secret").asString());
    }

    @Test
    void aKeyWhoseSubjectChangedIsVerifiedWithItsNewSubject() {
        JsonNode key = ledger.writes().createKey(newSubject(), "moved");
        String newSubject = newSubject();
        json(ledger.writes().send("PATCH", "/v1/api_keys/" + key.get("id").asString(),
                "{\"subject\":\"" + newSubject + "\"}"), 200);

        JsonNode verified = json(verifySecret("/v1/api_keys", key.get("secret").asString()), 200);

        assertThat(verified.get("subject").asString()).isEqualTo(newSubject);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/api_keys", "/api_keys"})
    void aMissingSecretIs400(String prefix) {
        assertClerkError(verify(prefix, "{}"), 400, "form_param_missing", "secret");
        assertClerkError(verify(prefix, "{\"secret\":null}"), 400, "form_param_missing", "secret");
        assertClerkError(verify(prefix, ""), 400, "form_param_missing", "secret");
        assertClerkError(ledger.reads().send("POST", prefix + "/verify", null), 400, "form_param_missing", "secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "[\"ak_x\"]", "{\"value\":\"ak_x\"}"})
    void aSecretThatIsNotAStringIs400(String value) {
        for (String prefix : PREFIXES) {
            assertClerkError(verify(prefix, "{\"secret\":" + value + "}"), 400, "form_param_format_invalid", "secret");
        }
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        String secret = ledger.writes().createKey(newSubject(), "unknown-field").get("secret").asString();
        for (String prefix : PREFIXES) {
            assertClerkError(verify(prefix, "{\"secret\":" + quote(secret) + ",\"scope\":\"read\"}"), 400, "bad_request",
                    "scope");
            assertClerkError(verify(prefix, "{\"token\":" + quote(secret) + "}"), 400, "bad_request", "token");
        }
    }

    @Test
    void aBodyThatIsNotAJsonObjectIs400() {
        for (String body : List.of("[]", "\"ak_x\"", "{", "secret=ak_x", "null}")) {
            LedgerClient.Response response = verify("/v1/api_keys", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertClerkError(response, 400, "bad_request", null);
        }
    }

    @Test
    void verifyWritesNoEvent() {
        JdbcClient jdbc = ledger.query().getBean(JdbcClient.class);
        JsonNode active = ledger.writes().createKey(newSubject(), "read-only");
        JsonNode revoked = ledger.writes().createKey(newSubject(), "read-only-revoked");
        ledger.writes().revokeKey(revoked.get("id").asString());
        long events = countEvents(jdbc);
        JsonNode before = json(ledger.reads().get("/v1/api_keys/" + active.get("id").asString()), 200);

        for (int i = 0; i < 5; i++) {
            json(verifySecret(PREFIXES.get(i % 2), active.get("secret").asString()), 200);
            assertClerkError(verifySecret("/v1/api_keys", revoked.get("secret").asString()), 404, "resource_not_found",
                    null);
            assertClerkError(verifySecret("/v1/api_keys", SecretFormat.generate(new SecureRandom())), 404,
                    "resource_not_found", null);
            assertClerkError(verify("/v1/api_keys", "{}"), 400, "form_param_missing", "secret");
        }

        assertThat(countEvents(jdbc)).isEqualTo(events);
        assertThat(json(ledger.reads().get("/v1/api_keys/" + active.get("id").asString()), 200).get("updated_at"))
                .isEqualTo(before.get("updated_at"));
        JsonNode trail = json(ledger.reads().get("/v1/api_keys/" + active.get("id").asString() + "/events"), 200);
        assertThat(trail.get("total_count").asLong()).isEqualTo(1);
    }

    private static long countEvents(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from domain_event_entry").query(Long.class).single();
    }
}
