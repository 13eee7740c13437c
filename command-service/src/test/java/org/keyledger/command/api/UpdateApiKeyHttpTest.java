package org.keyledger.command.api;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.command.support.CommandServiceTest;
import org.keyledger.platform.test.LedgerClient;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.assertKeyObject;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/** PATCH /v1/api_keys/{id} and PATCH /api_keys/{id} over real HTTP. */
class UpdateApiKeyHttpTest extends CommandServiceTest {

    private static final String UNKNOWN_ID = "ak_00000000000000000000000000000000";

    /** A key with every mutable field set. */
    private JsonNode fullKey() {
        return assertKeyObject(http.create(fields("name", newName(), "subject", newSubject(),
                "description", "original",
                "claims", fields("tenant", "t_1", "limit", new java.math.BigDecimal("2.50"),
                        "big", new java.math.BigDecimal("12345678901234567890.125"), "tags", List.of(1, "x")),
                "scopes", List.of("read"),
                "seconds_until_expiration", 86_400)), 200, true);
    }

    @Test
    void updateAnswers200WithTheChangedKeyAndNoSecret() {
        JsonNode created = fullKey();
        String id = created.get("id").asString();

        JsonNode key = assertKeyObject(http.patch(id, fields("description", "changed", "scopes", List.of("a", "b"))),
                200, false);

        assertThat(key.get("id").asString()).isEqualTo(id);
        assertThat(key.get("description").asString()).isEqualTo("changed");
        assertThat(key.get("scopes")).isEqualTo(LedgerClient.JSON.valueToTree(List.of("a", "b")));
        assertThat(key.get("name")).isEqualTo(created.get("name"));
        assertThat(key.get("created_at")).isEqualTo(created.get("created_at"));
        assertThat(key.get("updated_at").asLong()).isGreaterThanOrEqualTo(created.get("updated_at").asLong());
        assertThat(eventTypes(id)).containsExactly("org.keyledger.events.ApiKeyCreated",
                "org.keyledger.events.ApiKeyUpdated");
    }

    @Test
    void updateOnTheBarePrefixAnswersTheSame() {
        String id = fullKey().get("id").asString();

        JsonNode key = assertKeyObject(http.request("PATCH", "/api_keys/" + id)
                .json(fields("description", "bare")).send(), 200, false);

        assertThat(key.get("description").asString()).isEqualTo("bare");
    }

    @Test
    void anAbsentFieldIsLeftUnchanged() {
        JsonNode created = fullKey();

        JsonNode key = assertKeyObject(http.patch(created.get("id").asString(), fields("scopes", List.of("write"))),
                200, false);

        assertThat(key.get("description")).isEqualTo(created.get("description"));
        assertThat(key.get("claims")).isEqualTo(created.get("claims"));
        assertThat(key.get("expiration")).isEqualTo(created.get("expiration"));
        assertThat(key.get("subject")).isEqualTo(created.get("subject"));
        assertThat(key.get("scopes")).isEqualTo(LedgerClient.JSON.valueToTree(List.of("write")));
    }

    @Test
    void anExplicitNullClearsDescriptionClaimsAndExpiration() {
        JsonNode created = fullKey();

        JsonNode key = assertKeyObject(http.patch(created.get("id").asString(),
                fields("description", null, "claims", null, "seconds_until_expiration", null)), 200, false);

        assertThat(key.get("description").isNull()).isTrue();
        assertThat(key.get("claims").isNull()).isTrue();
        assertThat(key.get("expiration").isNull()).isTrue();
        assertThat(key.get("expired").asBoolean()).isFalse();
        assertThat(key.get("scopes")).isEqualTo(created.get("scopes"));
    }

    @Test
    void secondsUntilExpirationCountFromTheUpdate() {
        JsonNode created = fullKey();

        JsonNode key = assertKeyObject(http.patch(created.get("id").asString(),
                fields("seconds_until_expiration", 60)), 200, false);

        assertThat(key.get("expiration").asLong()).isEqualTo(key.get("updated_at").asLong() + 60_000);
    }

    @Test
    void claimsKeepTheCallersKeys() {
        JsonNode created = fullKey();
        Map<String, Object> claims = fields("camelCase", 1, "snake_case", 2, "UPPER", fields("Mixed_Case", true));

        JsonNode key = assertKeyObject(http.patch(created.get("id").asString(), fields("claims", claims)), 200, false);

        assertThat(key.get("claims")).isEqualTo(LedgerClient.JSON.valueToTree(claims));
    }

    @Test
    void anUpdateThatChangesNothingAnswers200AndRecordsNothing() {
        JsonNode created = fullKey();
        String id = created.get("id").asString();
        List<Long> before = rowCounts();

        JsonNode key = assertKeyObject(http.patch(id, fields("description", "original", "scopes", List.of("read"),
                "subject", created.get("subject").asString(), "claims", created.get("claims"))), 200, false);
        JsonNode empty = assertKeyObject(http.patch(id, fields()), 200, false);

        assertNothingWritten(before);
        assertThat(key.get("updated_at")).isEqualTo(created.get("updated_at"));
        assertThat(empty.get("updated_at")).isEqualTo(created.get("updated_at"));
    }

    @Test
    void anUpdateWithoutABodyChangesNothing() {
        JsonNode created = fullKey();
        List<Long> before = rowCounts();

        assertKeyObject(http.request("PATCH", "/v1/api_keys/" + created.get("id").asString())
                .contentType("application/json").send(), 200, false);

        assertNothingWritten(before);
    }

    @Test
    void movingAKeyToAnotherSubjectFreesItsNameInTheOld() {
        String subject = newSubject();
        String name = newName();
        String id = http.createKey(subject, name).get("id").asString();
        String org = newSubject("org");

        JsonNode key = assertKeyObject(http.patch(id, fields("subject", org)), 200, false);

        assertThat(key.get("subject").asString()).isEqualTo(org);
        assertKeyObject(http.create(fields("name", name, "subject", subject)), 200, true);
        assertClerkError(http.create(fields("name", name, "subject", org)), 409, "token_creation_conflict", "name");
    }

    @Test
    void movingAKeyToASubjectWhereItsNameIsTakenIs409AndChangesNothing() {
        String name = newName();
        String id = http.createKey(newSubject(), name).get("id").asString();
        String other = newSubject();
        http.createKey(other, name);
        List<Long> before = rowCounts();

        assertClerkError(http.patch(id, fields("subject", other, "description", "moved")), 409,
                "token_creation_conflict", "name");

        assertNothingWritten(before);
        assertThat(eventTypes(id)).containsExactly("org.keyledger.events.ApiKeyCreated");
    }

    @Test
    void updateOfAnUnknownKeyIs404() {
        List<Long> before = rowCounts();

        assertClerkError(http.patch(UNKNOWN_ID, fields("description", "x")), 404, "resource_not_found", null);

        assertNothingWritten(before);
    }

    @Test
    void updateOfADeletedKeyIs404() {
        String id = fullKey().get("id").asString();
        assertThat(http.delete(id).status()).isEqualTo(200);
        List<Long> before = rowCounts();

        assertClerkError(http.patch(id, fields("description", "x")), 404, "resource_not_found", null);

        assertNothingWritten(before);
    }

    @Test
    void updateOfARevokedKeyIsAllowedAndKeepsItRevoked() {
        String id = fullKey().get("id").asString();
        http.revoke(id, fields("revocation_reason", "rotated"));

        JsonNode key = assertKeyObject(http.patch(id, fields("description", "after revoke")), 200, false);

        assertThat(key.get("revoked").asBoolean()).isTrue();
        assertThat(key.get("revocation_reason").asString()).isEqualTo("rotated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key_", "ak_"})
    void thePathAcceptsBothPrefixesAndUpperCaseHex(String prefix) {
        String id = fullKey().get("id").asString();
        String spelled = prefix + id.substring(3).toUpperCase();

        JsonNode key = assertKeyObject(http.patch(spelled, fields("description", "by " + prefix)), 200, false);

        assertThat(key.get("id").asString()).isEqualTo(id);
        assertThat(key.get("description").asString()).isEqualTo("by " + prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ak_123", "key_3beecc9c60adb5f9b850e91a8ee1e992", "ak_3beecc9c60adb5f9b850e91a8ee1e99z",
            "AK_3beecc9c60adb5f9b850e91a8ee1e992", "ak_3beecc9c60adb5f9b850e91a8ee1e9921", "verify", "%20"})
    void aBadPathIdIs400NamingApiKeyId(String badId) {
        List<Long> before = rowCounts();

        assertClerkError(http.patch(badId, fields("description", "x")), 400, "form_param_format_invalid",
                "api_key_id");

        assertNothingWritten(before);
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of(fields("subject", "app_2xhFjEI5X2qWRvtV13BzSj8H6Dk"), "form_param_format_invalid",
                        "subject"),
                Arguments.of(fields("subject", 5), "form_param_format_invalid", "subject"),
                Arguments.of(fields("subject", null), "form_param_missing", "subject"),
                Arguments.of(fields("description", "d".repeat(256)), "form_param_format_invalid", "description"),
                Arguments.of(fields("description", 1), "form_param_format_invalid", "description"),
                Arguments.of(fields("scopes", null), "form_param_format_invalid", "scopes"),
                Arguments.of(fields("scopes", "read"), "form_param_format_invalid", "scopes"),
                Arguments.of(fields("scopes", List.of(true)), "form_param_format_invalid", "scopes"),
                Arguments.of(fields("seconds_until_expiration", 0), "form_param_format_invalid",
                        "seconds_until_expiration"),
                Arguments.of(fields("seconds_until_expiration", -1.5), "form_param_format_invalid",
                        "seconds_until_expiration"),
                Arguments.of(fields("seconds_until_expiration", "60"), "form_param_format_invalid",
                        "seconds_until_expiration"),
                Arguments.of(fields("name", "renamed"), "bad_request", "name"),
                Arguments.of(fields("type", "api_key"), "bad_request", "type"),
                Arguments.of(fields("created_by", null), "bad_request", "created_by"),
                Arguments.of(fields("revoked", true), "bad_request", "revoked"),
                Arguments.of(fields("description", "fine", "unknown", 1), "bad_request", "unknown"));
    }

    @ParameterizedTest
    @MethodSource("badFields")
    void updateRejectsABadFieldNamingItAndChangesNothing(Map<String, Object> body, String code, String param) {
        String id = fullKey().get("id").asString();
        List<Long> before = rowCounts();

        assertClerkError(http.patch(id, body), 400, code, param);

        assertNothingWritten(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"description\":", "{description: 1}", "[]", "\"text\""})
    void updateRejectsABodyThatIsNotAJsonObject(String body) {
        String id = fullKey().get("id").asString();
        List<Long> before = rowCounts();

        assertClerkError(http.request("PATCH", "/v1/api_keys/" + id).body(body, "application/json").send(),
                400, "bad_request", null);

        assertNothingWritten(before);
    }
}
