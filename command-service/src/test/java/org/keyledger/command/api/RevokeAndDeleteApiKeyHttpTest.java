package org.keyledger.command.api;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyledger.command.support.CommandServiceTest;
import org.keyledger.platform.test.LedgerClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.keyledger.platform.test.ClerkAssertions.assertClerkError;
import static org.keyledger.platform.test.ClerkAssertions.assertJsonContentType;
import static org.keyledger.platform.test.ClerkAssertions.assertKeyObject;
import static org.keyledger.platform.test.ClerkAssertions.assertRequestId;
import static org.keyledger.platform.test.ClerkAssertions.fieldNames;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/** POST /v1/api_keys/{id}/revoke and DELETE /v1/api_keys/{id} (and the bare prefix) over real HTTP. */
class RevokeAndDeleteApiKeyHttpTest extends CommandServiceTest {

    private static final String UNKNOWN_ID = "ak_ffffffffffffffffffffffffffffffff";

    private String newKey() {
        return http.createKey(newSubject(), newName()).get("id").asString();
    }

    // ---------------------------------------------------------------- revoke

    @Test
    void revokeAnswers200WithTheRevokedKey() {
        String id = newKey();

        JsonNode key = assertKeyObject(http.revoke(id, fields("revocation_reason", "leaked")), 200, false);

        assertThat(key.get("id").asString()).isEqualTo(id);
        assertThat(key.get("revoked").asBoolean()).isTrue();
        assertThat(key.get("revocation_reason").asString()).isEqualTo("leaked");
        assertThat(eventTypes(id)).containsExactly("org.keyledger.events.ApiKeyCreated",
                "org.keyledger.events.ApiKeyRevoked");
    }

    @Test
    void revokeOnTheBarePrefixAnswersTheSame() {
        String id = newKey();

        JsonNode key = assertKeyObject(http.request("POST", "/api_keys/" + id + "/revoke")
                .json(fields("revocation_reason", "bare")).send(), 200, false);

        assertThat(key.get("revoked").asBoolean()).isTrue();
    }

    @Test
    void revokeWithANullReasonAsClerkBackendSendsIt() {
        String id = newKey();

        LedgerClient.Response response = http.request("POST", "/v1/api_keys/" + id + "/revoke")
                .body("{\"revocation_reason\":null}", "application/json").send();

        JsonNode key = assertKeyObject(response, 200, false);
        assertThat(key.get("revoked").asBoolean()).isTrue();
        assertThat(key.get("revocation_reason").isNull()).isTrue();
    }

    @Test
    void revokeWithAnEmptyObjectAsGoSendsIt() {
        String id = newKey();

        JsonNode key = assertKeyObject(http.request("POST", "/v1/api_keys/" + id + "/revoke")
                .body("{}", "application/json").send(), 200, false);

        assertThat(key.get("revoked").asBoolean()).isTrue();
        assertThat(key.get("revocation_reason").isNull()).isTrue();
    }

    @Test
    void revokeWithAnEmptyBodyAndNoContentType() {
        String id = newKey();

        LedgerClient.Response response = http.request("POST", "/v1/api_keys/" + id + "/revoke").send();

        JsonNode key = assertKeyObject(response, 200, false);
        assertThat(key.get("revoked").asBoolean()).isTrue();
    }

    @Test
    void revokeWithAnEmptyBodyAndJsonContentType() {
        String id = newKey();

        JsonNode key = assertKeyObject(http.request("POST", "/v1/api_keys/" + id + "/revoke")
                .contentType("application/json").send(), 200, false);

        assertThat(key.get("revoked").asBoolean()).isTrue();
    }

    @Test
    void revokingARevokedKeyAnswers200KeepsTheFirstReasonAndRecordsNothing() {
        String id = newKey();
        JsonNode first = assertKeyObject(http.revoke(id, fields("revocation_reason", "first")), 200, false);
        List<Long> before = rowCounts();

        JsonNode again = assertKeyObject(http.revoke(id, fields("revocation_reason", "second")), 200, false);

        assertNothingWritten(before);
        assertThat(again.get("revocation_reason").asString()).isEqualTo("first");
        assertThat(again.get("updated_at")).isEqualTo(first.get("updated_at"));
        assertThat(eventTypes(id)).containsExactly("org.keyledger.events.ApiKeyCreated",
                "org.keyledger.events.ApiKeyRevoked");
    }

    @Test
    void revokeOfAnUnknownKeyIs404() {
        List<Long> before = rowCounts();

        assertClerkError(http.revoke(UNKNOWN_ID, fields()), 404, "resource_not_found", null);

        assertNothingWritten(before);
    }

    @Test
    void revokeOfADeletedKeyIs404() {
        String id = newKey();
        assertThat(http.delete(id).status()).isEqualTo(200);
        List<Long> before = rowCounts();

        assertClerkError(http.revoke(id, fields("revocation_reason", "late")), 404, "resource_not_found", null);

        assertNothingWritten(before);
    }

    @Test
    void revokeRejectsAReasonLongerThan1024Characters() {
        String id = newKey();
        List<Long> before = rowCounts();

        assertClerkError(http.revoke(id, fields("revocation_reason", "r".repeat(1025))), 400,
                "form_param_format_invalid", "revocation_reason");

        assertNothingWritten(before);
        assertKeyObject(http.revoke(id, fields("revocation_reason", "r".repeat(1024))), 200, false);
    }

    @Test
    void revokeRejectsAReasonThatIsNotAString() {
        String id = newKey();
        List<Long> before = rowCounts();

        assertClerkError(http.revoke(id, fields("revocation_reason", 42)), 400, "form_param_format_invalid",
                "revocation_reason");

        assertNothingWritten(before);
    }

    @Test
    void revokeRejectsAnUnknownField() {
        String id = newKey();
        List<Long> before = rowCounts();

        assertClerkError(http.revoke(id, fields("reason", "camel")), 400, "bad_request", "reason");

        assertNothingWritten(before);
    }

    @Test
    void revokeRejectsMalformedJson() {
        String id = newKey();
        List<Long> before = rowCounts();

        assertClerkError(http.request("POST", "/v1/api_keys/" + id + "/revoke")
                .body("{\"revocation_reason\":", "application/json").send(), 400, "bad_request", null);

        assertNothingWritten(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key_", "ak_"})
    void revokeAcceptsBothPrefixesAndUpperCaseHex(String prefix) {
        String id = newKey();

        JsonNode key = assertKeyObject(http.revoke(prefix + id.substring(3).toUpperCase(), fields()), 200, false);

        assertThat(key.get("id").asString()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ak_1", "api_key_zz", "ak_3beecc9c60adb5f9b850e91a8ee1e992a", "Ak_3beecc9c60adb5f9b850e91a8ee1e992"})
    void revokeWithABadPathIdIs400NamingApiKeyId(String badId) {
        List<Long> before = rowCounts();

        assertClerkError(http.revoke(badId, fields()), 400, "form_param_format_invalid", "api_key_id");

        assertNothingWritten(before);
    }

    // ---------------------------------------------------------------- delete

    @Test
    void deleteAnswers200WithTheDeletedObject() {
        String id = newKey();

        LedgerClient.Response response = http.delete(id);

        assertThat(response.status()).isEqualTo(200);
        assertJsonContentType(response);
        assertRequestId(response);
        JsonNode body = response.json();
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("id", "object", "deleted");
        assertThat(body.get("id").asString()).isEqualTo(id);
        assertThat(body.get("object").asString()).isEqualTo("api_key");
        assertThat(body.get("deleted").isBoolean()).isTrue();
        assertThat(body.get("deleted").asBoolean()).isTrue();
        assertThat(eventTypes(id)).containsExactly("org.keyledger.events.ApiKeyCreated",
                "org.keyledger.events.ApiKeyDeleted");
    }

    @Test
    void deleteOnTheBarePrefixAnswersTheSame() {
        String id = newKey();

        LedgerClient.Response response = http.request("DELETE", "/api_keys/" + id).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("deleted").asBoolean()).isTrue();
    }

    @Test
    void deleteWithAJsonContentTypeAndNoBodyAsClerkBackendSendsIt() {
        String id = newKey();

        LedgerClient.Response response = http.request("DELETE", "/v1/api_keys/" + id)
                .contentType("application/json").send();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertJsonContentType(response);
        assertThat(response.json().get("id").asString()).isEqualTo(id);
    }

    @Test
    void deleteFreesTheNameAndTheDataKey() {
        String subject = newSubject();
        String name = newName();
        String id = http.createKey(subject, name).get("id").asString();
        assertThat(jdbc.sql("select count(*) from api_key_data_key where api_key_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(1);

        assertThat(http.delete(id).status()).isEqualTo(200);

        assertThat(jdbc.sql("select count(*) from api_key_data_key where api_key_id = ?").param(id)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from api_key_name where api_key_id = ?").param(id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void deleteOfARevokedKeyIsAllowed() {
        String id = newKey();
        http.revoke(id, fields());

        assertThat(http.delete(id).status()).isEqualTo(200);
    }

    @Test
    void deletingTwiceIs404TheSecondTime() {
        String id = newKey();
        assertThat(http.delete(id).status()).isEqualTo(200);
        List<Long> before = rowCounts();

        assertClerkError(http.delete(id), 404, "resource_not_found", null);

        assertNothingWritten(before);
    }

    @Test
    void deleteOfAnUnknownKeyIs404() {
        List<Long> before = rowCounts();

        assertClerkError(http.delete(UNKNOWN_ID), 404, "resource_not_found", null);

        assertNothingWritten(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key_", "ak_"})
    void deleteAcceptsBothPrefixesAndUpperCaseHex(String prefix) {
        String id = newKey();

        LedgerClient.Response response = http.delete(prefix + id.substring(3).toUpperCase());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("id").asString()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ak_1", "api_key_", "3beecc9c60adb5f9b850e91a8ee1e992", "ak_3beecc9c60adb5f9b850e91a8ee1e99."})
    void deleteWithABadPathIdIs400NamingApiKeyId(String badId) {
        List<Long> before = rowCounts();

        assertClerkError(http.delete(badId), 400, "form_param_format_invalid", "api_key_id");

        assertNothingWritten(before);
    }
}
