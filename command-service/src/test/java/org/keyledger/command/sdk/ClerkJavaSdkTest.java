package org.keyledger.command.sdk;

import com.clerk.backend_api.Clerk;
import com.clerk.backend_api.models.errors.CreateAPIKeyAPIKeysResponseBody;
import com.clerk.backend_api.models.errors.CreateApiKeyResponseBody;
import com.clerk.backend_api.models.errors.DeleteAPIKeyAPIKeysResponseBody;
import com.clerk.backend_api.models.errors.DeleteApiKeyResponseBody;
import com.clerk.backend_api.models.errors.RevokeAPIKeyAPIKeysResponseBody;
import com.clerk.backend_api.models.errors.RevokeApiKeyResponseBody;
import com.clerk.backend_api.models.errors.SDKError;
import com.clerk.backend_api.models.errors.UpdateAPIKeyAPIKeysResponseBody;
import com.clerk.backend_api.models.errors.UpdateApiKeyResponseBody;
import com.clerk.backend_api.models.operations.CreateApiKeyObject;
import com.clerk.backend_api.models.operations.CreateApiKeyRequestBody;
import com.clerk.backend_api.models.operations.DeleteApiKeyObject;
import com.clerk.backend_api.models.operations.RevokeApiKeyObject;
import com.clerk.backend_api.models.operations.RevokeApiKeyRequestBody;
import com.clerk.backend_api.models.operations.UpdateApiKeyObject;
import com.clerk.backend_api.models.operations.UpdateApiKeyRequestBody;
import com.clerk.backend_api.utils.RetryConfig;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.command.support.CommandServiceTest;
import org.keyledger.platform.test.LedgerClient;
import org.keyledger.platform.test.LedgerTestEnvironment;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.keyledger.platform.test.LedgerClient.fields;
import static org.keyledger.platform.test.LedgerClient.newName;
import static org.keyledger.platform.test.LedgerClient.newSubject;

/**
 * Clerk's official Java SDK ({@code com.clerk:backend-api}) against the command service, unchanged: its server URL
 * ends in {@code /v1} and its paths start at {@code /api_keys}, as in {@code Clerk.SERVERS}.
 */
class ClerkJavaSdkTest extends CommandServiceTest {

    private static final String UNKNOWN_ID = "ak_0000000000000000000000000000abcd";

    private Clerk clerk;

    @BeforeEach
    void sdk() {
        clerk = sdk(LedgerTestEnvironment.INSTANCE_KEY);
    }

    private Clerk sdk(String instanceKey) {
        return Clerk.builder()
                .serverURL("http://127.0.0.1:" + port + "/v1")
                .bearerAuth(instanceKey)
                .retryConfig(RetryConfig.noRetries())
                .build();
    }

    /** A key made over plain HTTP, for the SDK to change. */
    private JsonNode key(String subject) {
        return http.create(fields("name", newName(), "subject", subject, "description", "made over HTTP",
                "claims", fields("tenant", "t_1"), "scopes", List.of("read"), "seconds_until_expiration", 3600))
                .json();
    }

    private static CreateApiKeyRequestBody fullCreate(String subject, String creator) {
        return CreateApiKeyRequestBody.builder()
                .name("sdk-created")
                .subject(subject)
                .description("from the Java SDK")
                .claims(Map.of("tenant", "t_9"))
                .scopes(List.of("read", "write"))
                .createdBy(creator)
                .secondsUntilExpiration(120.0)
                .build();
    }

    private static void assertCreated(com.clerk.backend_api.models.operations.CreateApiKeyResponseBody key,
                                      String subject, String creator) {
        assertThat(key.object()).isEqualTo(CreateApiKeyObject.API_KEY);
        assertThat(key.id()).matches("ak_[0-9a-f]{32}");
        assertThat(key.type()).isEqualTo("api_key");
        assertThat(key.name()).isEqualTo("sdk-created");
        assertThat(key.subject()).isEqualTo(subject);
        assertThat(key.description().get()).isEqualTo("from the Java SDK");
        assertThat(key.claims()).contains(Map.of("tenant", "t_9"));
        assertThat(key.scopes()).containsExactly("read", "write");
        assertThat(key.secret()).matches("ak_[0-9A-Za-z]{46}");
        assertThat(key.revoked()).isFalse();
        assertThat(key.revocationReason()).isEmpty();
        assertThat(key.expired()).isFalse();
        assertThat(key.expiration()).contains(key.createdAt() + 120_000);
        assertThat(key.createdBy()).contains(creator);
        assertThat(key.lastUsedAt()).isEmpty();
        assertThat(key.updatedAt()).isEqualTo(key.createdAt());
    }

    /**
     * The SDK's {@code CreateApiKey.Sync.handleResponse} accepts only status {@code "200"} (Clerk's OpenAPI document
     * answers create with 200), which is why the ledger answers 200 rather than API.md's 201.
     */
    @Test
    void createIsParsedWithTheSecret() {
        String subject = newSubject();
        String creator = newSubject("user");

        var response = clerk.apiKeys().createApiKey(fullCreate(subject, creator));

        assertCreated(response.object().orElseThrow(), subject, creator);
    }

    /** What the SDK's create sends, and how it would read our answer, short of the status code. */
    @Test
    void createAnswerIsReadByTheSdksOwnModel() throws Exception {
        String subject = newSubject();
        String creator = newSubject("user");
        String sdkRequest = com.clerk.backend_api.utils.Utils.mapper().writeValueAsString(fullCreate(subject, creator));

        LedgerClient.Response response = http.request("POST", "/v1/api_keys").body(sdkRequest, "application/json")
                .send();

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertCreated(com.clerk.backend_api.utils.Utils.mapper().readValue(response.body(),
                com.clerk.backend_api.models.operations.CreateApiKeyResponseBody.class), subject, creator);
    }

    @Test
    void createErrorsMapToTheSdksErrorClasses() {
        String subject = newSubject();
        var invalid = catchThrowableOfType(CreateApiKeyResponseBody.class, () -> clerk.apiKeys().createApiKey(
                CreateApiKeyRequestBody.builder().name("ab").subject(subject).build()));

        assertThat(invalid.code()).isEqualTo(400);
        assertThat(invalid.deserializationException()).isEmpty();
        assertThat(invalid.errors()).hasValueSatisfying(errors -> {
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).code()).isEqualTo("form_param_format_invalid");
            assertThat(errors.get(0).message()).isNotBlank();
            assertThat(errors.get(0).longMessage()).isNotBlank();
        });

        String name = newName();
        http.createKey(subject, name);
        var conflict = catchThrowableOfType(CreateAPIKeyAPIKeysResponseBody.class, () -> clerk.apiKeys()
                .createApiKey(CreateApiKeyRequestBody.builder().name(name).subject(subject).build()));

        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.deserializationException()).isEmpty();
        assertThat(conflict.errors()).hasValueSatisfying(errors ->
                assertThat(errors.get(0).code()).isEqualTo("token_creation_conflict"));
    }

    @Test
    void updateIsParsed() {
        JsonNode created = key(newSubject());
        String org = newSubject("org");

        var response = clerk.apiKeys().updateApiKey(created.get("id").asString(), UpdateApiKeyRequestBody.builder()
                .subject(org)
                .description("changed by the SDK")
                .claims(Map.of("tier", "gold"))
                .scopes(List.of("write"))
                .secondsUntilExpiration(60.0)
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        var key = response.object().orElseThrow();
        assertThat(key.object()).isEqualTo(UpdateApiKeyObject.API_KEY);
        assertThat(key.id()).isEqualTo(created.get("id").asString());
        assertThat(key.name()).isEqualTo(created.get("name").asString());
        assertThat(key.subject()).isEqualTo(org);
        assertThat(key.description().get()).isEqualTo("changed by the SDK");
        assertThat(key.claims()).contains(Map.of("tier", "gold"));
        assertThat(key.scopes()).containsExactly("write");
        assertThat(key.revoked()).isFalse();
        assertThat(key.expiration()).contains(key.updatedAt() + 60_000);
        assertThat(key.createdAt()).isEqualTo(created.get("created_at").asDouble());
    }

    @Test
    void updateThatClearsFieldsIsParsed() {
        JsonNode created = key(newSubject());

        var key = clerk.apiKeys().updateApiKey(created.get("id").asString(), UpdateApiKeyRequestBody.builder()
                .description(org.openapitools.jackson.nullable.JsonNullable.of(null))
                .claims(org.openapitools.jackson.nullable.JsonNullable.of(null))
                .secondsUntilExpiration(org.openapitools.jackson.nullable.JsonNullable.of(null))
                .build()).object().orElseThrow();

        assertThat(key.description().isPresent() ? key.description().get() : null).isNull();
        assertThat(key.claims()).isEmpty();
        assertThat(key.expiration()).isEmpty();
        assertThat(key.scopes()).containsExactly("read");
    }

    @Test
    void updateErrorsMapToTheSdksErrorClasses() {
        String id = key(newSubject()).get("id").asString();

        var invalid = catchThrowableOfType(UpdateApiKeyResponseBody.class, () -> clerk.apiKeys().updateApiKey(id,
                UpdateApiKeyRequestBody.builder().subject("app_2xhFjEI5X2qWRvtV13BzSj8H6Dk").build()));
        assertThat(invalid.code()).isEqualTo(400);
        assertThat(invalid.deserializationException()).isEmpty();
        assertThat(invalid.errors()).hasValueSatisfying(errors ->
                assertThat(errors.get(0).code()).isEqualTo("form_param_format_invalid"));

        var notFound = catchThrowableOfType(UpdateAPIKeyAPIKeysResponseBody.class, () -> clerk.apiKeys()
                .updateApiKey(UNKNOWN_ID, UpdateApiKeyRequestBody.builder().description("x").build()));
        assertThat(notFound.code()).isEqualTo(404);
        assertThat(notFound.deserializationException()).isEmpty();
        assertThat(notFound.errors()).hasValueSatisfying(errors ->
                assertThat(errors.get(0).code()).isEqualTo("resource_not_found"));
    }

    @Test
    void revokeIsParsed() {
        JsonNode created = key(newSubject());

        var response = clerk.apiKeys().revokeApiKey(created.get("id").asString(),
                RevokeApiKeyRequestBody.builder().revocationReason("leaked").build());

        assertThat(response.statusCode()).isEqualTo(200);
        var key = response.object().orElseThrow();
        assertThat(key.object()).isEqualTo(RevokeApiKeyObject.API_KEY);
        assertThat(key.id()).isEqualTo(created.get("id").asString());
        assertThat(key.revoked()).isTrue();
        assertThat(key.revocationReason()).contains("leaked");
        assertThat(key.name()).isEqualTo(created.get("name").asString());
        assertThat(key.subject()).isEqualTo(created.get("subject").asString());
        assertThat(key.expiration()).contains(created.get("expiration").asDouble());
    }

    @Test
    void revokeWithoutAReasonIsParsed() {
        JsonNode created = key(newSubject());

        var key = clerk.apiKeys().revokeApiKey(created.get("id").asString(), RevokeApiKeyRequestBody.builder().build())
                .object().orElseThrow();

        assertThat(key.revoked()).isTrue();
        assertThat(key.revocationReason()).isEmpty();
    }

    @Test
    void revokeErrorsMapToTheSdksErrorClasses() {
        String id = key(newSubject()).get("id").asString();

        var invalid = catchThrowableOfType(RevokeApiKeyResponseBody.class, () -> clerk.apiKeys().revokeApiKey(id,
                RevokeApiKeyRequestBody.builder().revocationReason("r".repeat(1025)).build()));
        assertThat(invalid.code()).isEqualTo(400);
        assertThat(invalid.deserializationException()).isEmpty();
        assertThat(invalid.errors()).hasValueSatisfying(errors ->
                assertThat(errors.get(0).code()).isEqualTo("form_param_format_invalid"));

        var notFound = catchThrowableOfType(RevokeAPIKeyAPIKeysResponseBody.class, () -> clerk.apiKeys()
                .revokeApiKey(UNKNOWN_ID, RevokeApiKeyRequestBody.builder().build()));
        assertThat(notFound.code()).isEqualTo(404);
        assertThat(notFound.deserializationException()).isEmpty();
        assertThat(notFound.errors()).hasValueSatisfying(errors ->
                assertThat(errors.get(0).code()).isEqualTo("resource_not_found"));
    }

    @Test
    void deleteIsParsed() {
        String id = key(newSubject()).get("id").asString();

        var response = clerk.apiKeys().deleteApiKey(id);

        assertThat(response.statusCode()).isEqualTo(200);
        var deleted = response.object().orElseThrow();
        assertThat(deleted.id()).isEqualTo(id);
        assertThat(deleted.object()).isEqualTo(DeleteApiKeyObject.API_KEY);
        assertThat(deleted.deleted()).isTrue();
    }

    @Test
    void deleteErrorsMapToTheSdksErrorClasses() {
        var invalid = catchThrowableOfType(DeleteApiKeyResponseBody.class,
                () -> clerk.apiKeys().deleteApiKey("ak_not_an_id"));
        assertThat(invalid.code()).isEqualTo(400);
        assertThat(invalid.deserializationException()).isEmpty();
        assertThat(invalid.errors()).hasValueSatisfying(errors ->
                assertThat(errors.get(0).code()).isEqualTo("form_param_format_invalid"));

        String id = key(newSubject()).get("id").asString();
        clerk.apiKeys().deleteApiKey(id);
        var gone = catchThrowableOfType(DeleteAPIKeyAPIKeysResponseBody.class,
                () -> clerk.apiKeys().deleteApiKey(id));
        assertThat(gone.code()).isEqualTo(404);
        assertThat(gone.deserializationException()).isEmpty();
        assertThat(gone.errors()).hasValueSatisfying(errors ->
                assertThat(errors.get(0).code()).isEqualTo("resource_not_found"));
    }

    @Test
    void aWrongInstanceKeyIsAnSdkErrorWith401() {
        String id = key(newSubject()).get("id").asString();

        var unauthorized = catchThrowableOfType(SDKError.class, () -> sdk("sk_test_not_configured").apiKeys()
                .revokeApiKey(id, RevokeApiKeyRequestBody.builder().build()));

        assertThat(unauthorized.code()).isEqualTo(401);
        assertThat(unauthorized.bodyAsString()).hasValueSatisfying(body ->
                assertThat(body).contains("authentication_invalid"));
        assertThat(eventTypes(id)).containsExactly("org.keyledger.events.ApiKeyCreated");
    }

    @Test
    void theSdksWritesCarryItsUserAgentIntoTheEventMetadata() {
        String id = key(newSubject()).get("id").asString();

        clerk.apiKeys().revokeApiKey(id, RevokeApiKeyRequestBody.builder().build());

        String meta = jdbc.sql("""
                        select convert_from(meta_data, 'UTF8') from domain_event_entry
                        where aggregate_identifier = ? and payload_type = 'org.keyledger.events.ApiKeyRevoked'""")
                .param(id).query(String.class).single();
        assertThat(meta).contains("speakeasy-sdk/java");
        assertThat(LedgerClient.USER_AGENT).doesNotContain("speakeasy");
    }
}
