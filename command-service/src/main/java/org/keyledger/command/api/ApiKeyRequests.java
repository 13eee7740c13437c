package org.keyledger.command.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The write routes' request bodies: the OpenAPI document describes them, and the fields a route accepts are theirs
 * ({@link #fields}). The controller reads the JSON itself (JsonFields), to name the offending parameter and refuse
 * unknown ones exactly as Clerk does.
 */
final class ApiKeyRequests {

    private ApiKeyRequests() {
    }

    /** The JSON names of a request's fields: what its route accepts, and nothing else. */
    static Set<String> fields(Class<? extends Record> request) {
        return Arrays.stream(request.getRecordComponents()).map(ApiKeyRequests::jsonName)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String jsonName(RecordComponent component) {
        // on the accessor: @JsonProperty does not target record components, so Java puts it there
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        return property == null ? component.getName() : property.value();
    }

    @Schema(name = "CreateApiKeyRequest")
    record Create(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 3,
                    description = "unique per subject among keys not deleted; trimmed") String name,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "user_… or org_…") String subject,
            @Schema(allowableValues = "api_key", defaultValue = "api_key") String type,
            String description,
            @Schema(description = "any JSON object, returned as given") Map<String, Object> claims,
            List<String> scopes,
            @JsonProperty("created_by") @Schema(description = "user_…") String createdBy,
            @JsonProperty("seconds_until_expiration") @Schema(minimum = "1",
                    description = "null or absent: never expires") Long secondsUntilExpiration) {
    }

    @Schema(name = "UpdateApiKeyRequest", description = "only the fields sent change; null clears")
    record Update(String subject, String description, Map<String, Object> claims, List<String> scopes,
                  @JsonProperty("seconds_until_expiration") @Schema(minimum = "1") Long secondsUntilExpiration) {
    }

    @Schema(name = "RevokeApiKeyRequest")
    record Revoke(@JsonProperty("revocation_reason") String revocationReason) {
    }
}
