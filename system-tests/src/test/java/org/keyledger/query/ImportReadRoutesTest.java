package org.keyledger.query;

import org.junit.jupiter.api.Test;
import org.keyledger.platform.secret.SecretFormat;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.system.SplitLedger;
import org.keyledger.system.SplitLedgerTest;
import tools.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.assertKeyObject;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.ClerkAssertions.withoutSecret;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newSubject;
import static org.keyledger.platform.test.LedgerClient.quote;

/**
 * Imported keys through the query service, split mode: readable and verifiable the moment the import answers (one
 * read-your-writes wait for the whole request), a secret of another issuer verifies by its hash, a key known only by
 * its hash verifies but cannot reveal its secret, and the audit trail says the key was imported.
 */
@SplitLedgerTest
class ImportReadRoutesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static SplitLedger ledger;

    /** A secret in the style of Clerk's: not the ledger's format, so no checksum to check. */
    private static String foreignSecret() {
        StringBuilder secret = new StringBuilder("sk_live_");
        for (int i = 0; i < 40; i++) {
            secret.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return secret.toString();
    }

    private static List<JsonNode> importKeys(List<Map<String, Object>> keys) {
        LedgerClient.Response response = ledger.writes().request("POST", "/v1/api_keys/import")
                .json(Map.of("keys", keys)).send();
        JsonNode body = json(response, 200);
        assertThat(body.get("error_count").asInt()).as(response.body()).isZero();
        List<JsonNode> data = new ArrayList<>();
        body.get("data").forEach(data::add);
        return data;
    }

    private static Map<String, Object> key(String subject, String name, Object... more) {
        Map<String, Object> key = fields("name", name, "subject", subject);
        key.putAll(fields(more));
        return key;
    }

    private static LedgerClient.Response verify(String secret) {
        return ledger.reads().send("POST", "/v1/api_keys/verify", "{\"secret\":" + quote(secret) + "}");
    }

    @Test
    void everyImportedKeyIsReadableAndVerifiableWhenTheImportAnswers() {
        String subject = newSubject();
        List<Map<String, Object>> keys = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String secret = i % 2 == 0 ? foreignSecret() : null;
            secrets.add(secret);
            keys.add(i % 2 == 0 ? key(subject, "imported-" + i, "secret", secret) : key(subject, "imported-" + i));
        }

        List<JsonNode> imported = importKeys(keys);

        for (int i = 0; i < imported.size(); i++) {
            JsonNode key = imported.get(i);
            String secret = secrets.get(i) != null ? secrets.get(i) : key.get("secret").asString();
            JsonNode read = assertKeyObject(json(ledger.reads().get("/v1/api_keys/" + key.get("id").asString()), 200));
            assertThat(read).isEqualTo(withoutSecret(key));
            assertThat(json(verify(secret), 200).get("id").asString()).isEqualTo(key.get("id").asString());
        }
        JsonNode list = json(ledger.reads().get("/v1/api_keys?subject=" + subject + "&limit=100"), 200);
        assertThat(list.get("total_count").asLong()).isEqualTo(300);
    }

    @Test
    void aForeignSecretVerifiesAndReadsBackAHashOnlyKeyVerifiesButCannotRevealIt() {
        String subject = newSubject();
        String withSecret = foreignSecret();
        String hashOnly = foreignSecret();
        List<JsonNode> imported = importKeys(List.of(
                key(subject, "with-secret", "secret", withSecret),
                key(subject, "hash-only", "secret_sha256", SecretFormat.sha256(hashOnly))));

        assertThat(json(verify(withSecret), 200).get("name").asString()).isEqualTo("with-secret");
        assertThat(json(verify(hashOnly), 200).get("name").asString()).isEqualTo("hash-only");
        String first = imported.get(0).get("id").asString();
        String second = imported.get(1).get("id").asString();
        assertThat(json(ledger.reads().get("/v1/api_keys/" + first + "/secret"), 200).get("secret").asString())
                .isEqualTo(withSecret);
        for (String prefix : List.of("/v1/api_keys/", "/api_keys/")) {
            assertClerkError(ledger.reads().get(prefix + second + "/secret"), 400, "bad_request", null);
        }
        // the checksum pre-check still guards the ledger's own format
        String lookalike = "ak_" + withSecret.substring(3);
        assertClerkError(verify(lookalike), 404, "resource_not_found", null);
    }

    @Test
    void revokedAndExpiredImportsNeverVerify() {
        String subject = newSubject();
        String revoked = foreignSecret();
        String expired = foreignSecret();
        long past = System.currentTimeMillis() - 60_000;
        importKeys(List.of(
                key(subject, "revoked", "secret", revoked, "revoked", true, "revocation_reason", "leaked"),
                key(subject, "expired", "secret", expired, "created_at", past - 60_000, "expiration", past)));

        assertClerkError(verify(revoked), 404, "resource_not_found", null);
        assertClerkError(verify(expired), 404, "resource_not_found", null);
    }

    @Test
    void theAuditTrailSaysTheKeyWasImportedAndHowItsSecretCameButNeverTheSecret() {
        String secret = foreignSecret();
        JsonNode key = importKeys(List.of(key(newSubject(), "audited", "secret", secret))).get(0);

        JsonNode trail = json(ledger.reads().get("/v1/api_keys/" + key.get("id").asString() + "/events"), 200);

        assertThat(trail.get("data").size()).isEqualTo(1);
        JsonNode entry = trail.get("data").get(0);
        assertThat(entry.get("type").asString()).isEqualTo("api_key.imported");
        assertThat(trail.toString()).contains("\"secret_source\":\"secret\"")
                .doesNotContain(secret, SecretFormat.sha256(secret));
    }
}
