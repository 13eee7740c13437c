package org.keyledger.command.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.command.support.CommandServiceTest;
import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.secret.SecretFormat;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.web.HttpErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.KEY_FIELDS;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.fieldNames;
import static org.keyledger.platform.test.ClerkAssertions.json;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;
import static org.keyledger.platform.test.LedgerClient.random;

/** POST /v1/api_keys/import and POST /api_keys/import over real HTTP: every rule, per key and per request. */
class ImportApiKeysHttpTest extends CommandServiceTest {

    private static final String IMPORTED = "org.keyledger.events.ApiKeyImported";
    /** A secret in Clerk's style, not the ledger's format. */
    private static final String FOREIGN = "sk_live_";

    private LedgerClient.Response importKeys(String prefix, List<?> keys) {
        return http.request("POST", prefix + "/import").json(fields("keys", keys)).send();
    }

    private LedgerClient.Response importKeys(List<?> keys) {
        return importKeys("/v1/api_keys", keys);
    }

    /** The answer's entries, after checking the envelope: 200, JSON, one entry per key sent. */
    private static List<JsonNode> entries(LedgerClient.Response response, int sent) {
        JsonNode body = json(response, 200);
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("data", "imported_count", "error_count");
        assertThat(body.get("data")).hasSize(sent);
        List<JsonNode> entries = new ArrayList<>();
        body.get("data").forEach(entries::add);
        long errors = entries.stream().filter(e -> e.has("errors")).count();
        assertThat(body.get("error_count").asInt()).isEqualTo(errors);
        assertThat(body.get("imported_count").asInt()).isEqualTo(sent - errors);
        return entries;
    }

    private static JsonNode assertKey(JsonNode entry, boolean withSecret) {
        List<String> expected = new ArrayList<>(KEY_FIELDS);
        if (withSecret) {
            expected.add("secret");
        }
        assertThat(fieldNames(entry)).as("%s", entry).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(entry.get("object").asString()).isEqualTo("api_key");
        return entry;
    }

    /** One key's error: Clerk's error shape, for that key alone. */
    private static void assertKeyError(JsonNode entry, String code, String param) {
        assertThat(fieldNames(entry)).as("%s", entry).containsExactly("errors");
        assertThat(entry.get("errors")).hasSize(1);
        JsonNode error = entry.get("errors").get(0);
        assertThat(error.get("message").asString()).isNotBlank();
        assertThat(error.get("long_message").asString()).isNotBlank();
        assertThat(error.get("code").asString()).as("%s", entry).isEqualTo(code);
        if (param == null) {
            assertThat(error.get("meta").has("param_name")).isFalse();
        } else {
            assertThat(error.get("meta").path("param_name").asString()).as("%s", entry).isEqualTo(param);
        }
    }

    private static Map<String, Object> key(Object... more) {
        Map<String, Object> key = fields("name", newName(), "subject", newSubject());
        key.putAll(fields(more));
        return key;
    }

    private static String newId() {
        return ApiKeyId.generate().value();
    }

    private String storedHash(String id) {
        return jdbc.sql("""
                        select convert_from(payload, 'UTF8')::jsonb -> 'secret' ->> 'sha256' from domain_event_entry
                        where aggregate_identifier = ?""").param(id).query(String.class).single();
    }

    private long dataKeys(String id) {
        return jdbc.sql("select count(*) from api_key_data_key where api_key_id = ?").param(id)
                .query(Long.class).single();
    }

    // ---------------------------------------------------------------- success

    @ParameterizedTest
    @ValueSource(strings = {"/v1/api_keys", "/api_keys"})
    void aNewKeyGetsASecretFromTheLedgerReturnedOnce(String prefix) {
        String subject = newSubject();
        long before = System.currentTimeMillis();

        JsonNode key = assertKey(entries(importKeys(prefix, List.of(fields("name", "ci-deploy", "subject", subject,
                "scopes", List.of("read"), "claims", fields("tenant", "t_1")))), 1).get(0), true);

        assertThat(key.get("id").asString()).matches("ak_[0-9a-f]{32}");
        assertThat(key.get("name").asString()).isEqualTo("ci-deploy");
        assertThat(key.get("subject").asString()).isEqualTo(subject);
        assertThat(key.get("created_at").asLong()).isBetween(before, System.currentTimeMillis());
        assertThat(SecretFormat.isWellFormed(key.get("secret").asString())).isTrue();
        assertThat(eventTypes(key.get("id").asString())).containsExactly(IMPORTED);
        assertThat(storedHash(key.get("id").asString())).isEqualTo(SecretFormat.sha256(key.get("secret").asString()));
        assertThat(dataKeys(key.get("id").asString())).isOne();
    }

    @Test
    void anExistingKeyKeepsItsIdTimesCreatorAndItsSecretSealed() {
        String id = newId();
        String creator = newSubject("user");
        String secret = FOREIGN + random(40);
        long createdAt = System.currentTimeMillis() - 86_400_000L;
        long expiration = createdAt + 30L * 86_400_000L;

        JsonNode key = assertKey(entries(importKeys(List.of(key("id", id, "secret", secret, "created_at", createdAt,
                "expiration", expiration, "created_by", creator, "description", "from Clerk"))), 1).get(0), false);

        assertThat(key.get("id").asString()).isEqualTo(id);
        assertThat(key.get("created_at").asLong()).isEqualTo(createdAt);
        assertThat(key.get("updated_at").asLong()).isGreaterThan(createdAt);
        assertThat(key.get("expiration").asLong()).isEqualTo(expiration);
        assertThat(key.get("expired").asBoolean()).isFalse();
        assertThat(key.get("created_by").asString()).isEqualTo(creator);
        assertThat(key.get("description").asString()).isEqualTo("from Clerk");
        assertThat(storedHash(id)).isEqualTo(SecretFormat.sha256(secret));
        assertThat(dataKeys(id)).as("sealed, so that GET …/secret can open it").isOne();
    }

    @Test
    void aKeyKnownOnlyByItsHashKeepsNoDataKeyAndNoCiphertext() {
        String id = newId();
        String hash = SecretFormat.sha256(FOREIGN + random(40));

        assertKey(entries(importKeys(List.of(key("id", id, "secret_sha256", hash.toUpperCase()))), 1).get(0), false);

        assertThat(storedHash(id)).isEqualTo(hash);
        assertThat(dataKeys(id)).isZero();
        assertThat(jdbc.sql("""
                        select (convert_from(payload, 'UTF8')::jsonb -> 'secret' ->> 'ciphertext') is null
                        from domain_event_entry where aggregate_identifier = ?""").param(id).query(Boolean.class)
                .single()).isTrue();
    }

    @Test
    void aRevokedKeyArrivesRevokedAndAnExpiredOneExpired() {
        long past = System.currentTimeMillis() - 60_000;
        List<JsonNode> entries = entries(importKeys(List.of(
                key("revoked", true, "revocation_reason", "leaked"),
                key("revoked", true),
                key("created_at", past - 86_400_000L, "expiration", past))), 3);

        assertThat(assertKey(entries.get(0), true).get("revoked").asBoolean()).isTrue();
        assertThat(entries.get(0).get("revocation_reason").asString()).isEqualTo("leaked");
        assertThat(assertKey(entries.get(1), true).get("revocation_reason").isNull()).isTrue();
        assertThat(assertKey(entries.get(2), true).get("expired").asBoolean()).isTrue();
        assertThat(entries.get(2).get("revoked").asBoolean()).isFalse();
    }

    @Test
    void aThousandKeysInOneRequestAreOneEventEach() {
        String subject = newSubject();
        List<Map<String, Object>> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(fields("name", "bulk-" + i, "subject", subject));
        }
        long events = eventCount();

        List<JsonNode> entries = entries(importKeys(keys), 1000);

        for (int i = 0; i < 1000; i++) {
            assertThat(assertKey(entries.get(i), true).get("name").asString()).isEqualTo("bulk-" + i);
        }
        assertThat(eventCount()).isEqualTo(events + 1000);
    }

    // ---------------------------------------------------------------- retries

    @Test
    void aRetryWithTheSameIdsAndContentAnswersTheSameKeysAndRecordsNothing() {
        List<Map<String, Object>> keys = List.of(
                key("id", newId()),
                key("id", newId(), "secret", FOREIGN + random(40), "claims", fields("ratio", 2.5)),
                key("id", newId(), "secret_sha256", SecretFormat.sha256(random(30)),
                        "created_at", System.currentTimeMillis() - 1000, "revoked", true));
        List<JsonNode> first = entries(importKeys(keys), 3);
        long events = eventCount();
        List<Long> rows = rowCounts();

        List<JsonNode> again = entries(importKeys(keys), 3);

        assertThat(eventCount()).isEqualTo(events);
        assertThat(rowCounts()).isEqualTo(rows);
        ((ObjectNode) first.get(0)).remove("secret"); // the issued secret is in the first answer only
        for (int i = 0; i < 3; i++) {
            assertThat(assertKey(again.get(i), false)).isEqualTo(first.get(i));
        }
    }

    @Test
    void aRetryWithOtherContentIsAConflictForThatKey() {
        String id = newId();
        Map<String, Object> key = key("id", id, "secret_sha256", SecretFormat.sha256(random(30)));
        entries(importKeys(List.of(key)), 1);
        Map<String, Object> changed = new java.util.LinkedHashMap<>(key);
        changed.put("description", "other");
        long events = eventCount();

        List<JsonNode> entries = entries(importKeys(List.of(changed, key())), 2);

        assertKeyError(entries.get(0), "token_creation_conflict", "id");
        assertKey(entries.get(1), true);
        assertThat(eventCount()).isEqualTo(events + 1);
        assertThat(eventCount(id)).isOne();
    }

    @Test
    void theIdOfACreatedOrDeletedKeyIsAConflict() {
        String created = http.createKey(newSubject(), newName()).get("id").asString();
        String deleted = http.createKey(newSubject(), newName()).get("id").asString();
        http.deleteKey(deleted);

        List<JsonNode> entries = entries(importKeys(List.of(key("id", created), key("id", deleted))), 2);

        assertKeyError(entries.get(0), "token_creation_conflict", "id");
        assertKeyError(entries.get(1), "token_creation_conflict", "id");
        assertThat(eventTypes(created)).doesNotContain(IMPORTED);
    }

    // ---------------------------------------------------------------- errors of one key

    @Test
    void eachKeyIsCheckedOnItsOwnAndAnswersItsOwnError() {
        long events = eventCount();
        List<Object> keys = List.of(
                key(),
                fields("subject", newSubject()),
                key("name", "x"),
                key("subject", "someone"),
                key("created_by", "org_2xhFjEI5X2qWRvtV13BzSj8H6Dk"),
                key("type", "m2m_token"),
                key("scopes", "read"),
                key("unknown", 1),
                "not an object",
                key("id", "ak_123"),
                key("created_at", System.currentTimeMillis() + 3_600_000L),
                key("created_at", 1.5),
                key("expiration", 1000),
                key("expiration", System.currentTimeMillis() + 101L * 365 * 86_400_000L),
                key("revocation_reason", "no revoke"),
                key("revoked", "yes"),
                key());

        List<JsonNode> entries = entries(importKeys(keys), keys.size());

        assertKey(entries.get(0), true);
        assertKeyError(entries.get(1), "form_param_missing", "name");
        assertKeyError(entries.get(2), "form_param_format_invalid", "name");
        assertKeyError(entries.get(3), "form_param_format_invalid", "subject");
        assertKeyError(entries.get(4), "form_param_format_invalid", "created_by");
        assertKeyError(entries.get(5), "form_param_format_invalid", "type");
        assertKeyError(entries.get(6), "form_param_format_invalid", "scopes");
        assertKeyError(entries.get(7), "bad_request", "unknown");
        assertKeyError(entries.get(8), "bad_request", null);
        assertKeyError(entries.get(9), "form_param_format_invalid", "id");
        assertKeyError(entries.get(10), "form_param_format_invalid", "created_at");
        assertKeyError(entries.get(11), "form_param_format_invalid", "created_at");
        assertKeyError(entries.get(12), "form_param_format_invalid", "expiration");
        assertKeyError(entries.get(13), "form_param_format_invalid", "expiration");
        assertKeyError(entries.get(14), "form_param_format_invalid", "revocation_reason");
        assertKeyError(entries.get(15), "form_param_format_invalid", "revoked");
        assertKey(entries.get(16), true);
        assertThat(eventCount()).isEqualTo(events + 2);
    }

    @Test
    void secretOrItsHashNotBothAndEachWellFormed() {
        String tooShort = random(SecretFormat.FOREIGN_MIN - 1);
        String badChecksum = SecretFormat.PREFIX + random(46);
        List<JsonNode> entries = entries(importKeys(List.of(
                key("secret", FOREIGN + random(40), "secret_sha256", SecretFormat.sha256("x")),
                key("secret_sha256", "abc"),
                key("secret_sha256", "g".repeat(64)),
                key("secret", tooShort),
                key("secret", FOREIGN + "with space" + random(20)),
                key("secret", badChecksum),
                key("secret", SecretFormat.generate(new java.security.SecureRandom())))), 7);

        assertKeyError(entries.get(0), "form_param_format_invalid", "secret_sha256");
        assertKeyError(entries.get(1), "form_param_format_invalid", "secret_sha256");
        assertKeyError(entries.get(2), "form_param_format_invalid", "secret_sha256");
        assertKeyError(entries.get(3), "form_param_format_invalid", "secret");
        assertKeyError(entries.get(4), "form_param_format_invalid", "secret");
        assertKeyError(entries.get(5), "form_param_format_invalid", "secret");
        assertKey(entries.get(6), false); // a secret in the ledger's own format, from another ledger
    }

    @Test
    void namesAreUniquePerSubjectWithinTheRequestAndAgainstExistingKeys() {
        String subject = newSubject();
        String taken = http.createKey(subject, newName()).get("name").asString();
        String name = newName();
        List<Long> rows = rowCounts();
        long hashes = count("api_key_secret_hash");

        List<JsonNode> entries = entries(importKeys(List.of(
                fields("name", name, "subject", subject),
                fields("name", name, "subject", subject),
                fields("name", taken, "subject", subject),
                fields("name", name, "subject", newSubject()))), 4);

        assertKey(entries.get(0), true);
        assertKeyError(entries.get(1), "token_creation_conflict", "name");
        assertKeyError(entries.get(2), "token_creation_conflict", "name");
        assertKey(entries.get(3), true);
        assertThat(rowCounts().get(1)).as("names held").isEqualTo(rows.get(1) + 2);
        assertThat(count("api_key_secret_hash")).as("hashes held: the two refused keys' freed").isEqualTo(hashes + 2);
    }

    @Test
    void aSecretBelongsToOneKeyWithinTheRequestAndAcrossRequests() {
        String secret = FOREIGN + random(40);
        String hash = SecretFormat.sha256(FOREIGN + random(40));
        List<Long> rows = rowCounts();
        List<JsonNode> first = entries(importKeys(List.of(key("secret", secret), key("secret", secret),
                key("secret_sha256", hash))), 3);
        List<JsonNode> second = entries(importKeys(List.of(key("secret_sha256", SecretFormat.sha256(secret)),
                key("secret", secret), key("secret_sha256", hash))), 3);

        assertKey(first.get(0), false);
        assertKeyError(first.get(1), "token_creation_conflict", "secret");
        assertKey(first.get(2), false);
        assertKeyError(second.get(0), "token_creation_conflict", "secret_sha256");
        assertKeyError(second.get(1), "token_creation_conflict", "secret");
        assertKeyError(second.get(2), "token_creation_conflict", "secret_sha256");
        assertThat(rowCounts().get(1)).as("names held: the refused keys' freed").isEqualTo(rows.get(1) + 2);
    }

    @Test
    void theSecretOfACreatedKeyCannotBeImported() {
        String secret = http.createKey(newSubject(), newName()).get("secret").asString();

        List<JsonNode> entries = entries(importKeys(List.of(key("secret", secret),
                key("secret_sha256", SecretFormat.sha256(secret)))), 2);

        assertKeyError(entries.get(0), "token_creation_conflict", "secret");
        assertKeyError(entries.get(1), "token_creation_conflict", "secret_sha256");
    }

    @Test
    void anIdAppearsOncePerRequest() {
        String id = newId();

        List<JsonNode> entries = entries(importKeys(List.of(key("id", id), key("id", id))), 2);

        assertKey(entries.get(0), true);
        assertKeyError(entries.get(1), "form_param_format_invalid", "id");
        assertThat(eventCount(id)).isOne();
    }

    // ---------------------------------------------------------------- errors of the request

    @Test
    void moreThanAThousandKeysIsRefusedNamingKeysAndWritesNothing() {
        List<Map<String, Object>> keys = new ArrayList<>();
        String subject = newSubject();
        for (int i = 0; i < 1001; i++) {
            keys.add(fields("name", "too-many-" + i, "subject", subject));
        }
        List<Long> rows = rowCounts();

        assertClerkError(importKeys(keys), 400, "form_param_format_invalid", "keys");
        assertNothingWritten(rows);
    }

    @Test
    void theBodyMustHoldAnArrayOfKeys() {
        List<Long> rows = rowCounts();
        assertClerkError(importKeys(List.of()), 400, "form_param_format_invalid", "keys");
        assertClerkError(http.request("POST", "/v1/api_keys/import").json(fields("keys", fields("a", 1))).send(),
                400, "form_param_format_invalid", "keys");
        assertClerkError(http.request("POST", "/v1/api_keys/import").json(fields()).send(),
                400, "form_param_missing", "keys");
        assertClerkError(http.request("POST", "/v1/api_keys/import").send(), 400, "form_param_missing", "keys");
        assertClerkError(http.request("POST", "/v1/api_keys/import").json(fields("keys", List.of(key()),
                "extra", 1)).send(), 400, "bad_request", "extra");
        assertClerkError(http.request("POST", "/v1/api_keys/import").body("[]", "application/json").send(),
                400, "bad_request", null);
        assertClerkError(http.request("POST", "/v1/api_keys/import").body("{\"keys\":[", "application/json")
                .send(), 400, "bad_request", null);
        assertClerkError(http.request("POST", "/v1/api_keys/import").body("{\"keys\":[]}", "text/plain").send(),
                400, "bad_request", null);
        assertNothingWritten(rows);
    }

    @Test
    void aBodyBeyondTheLimitIsRefused() {
        String big = "x".repeat(HttpErrors.MAX_IMPORT_BODY_BYTES);
        List<Long> rows = rowCounts();

        assertClerkError(importKeys(List.of(key("description", big))), 413, "request_body_too_large", null);
        assertNothingWritten(rows);
    }

    @Test
    void importNeedsTheInstanceKey() {
        assertThat(http.request("POST", "/v1/api_keys/import").noAuthorization().json(fields("keys",
                List.of(key()))).send().status()).isEqualTo(401);
    }
}
