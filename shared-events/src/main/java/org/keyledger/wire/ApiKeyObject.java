package org.keyledger.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Clerk's API key object, as both services answer it. Every field is always present ({@code null}, never missing)
 * except {@code secret}, which only the create response carries. Timestamps are unix milliseconds.
 */
@JsonPropertyOrder({"object", "id", "type", "name", "subject", "description", "claims", "scopes", "revoked",
        "revocation_reason", "expired", "expiration", "created_by", "last_used_at", "created_at", "updated_at",
        "secret"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiKeyObject(
        String id,
        String type,
        String name,
        String subject,
        String description,
        Object claims,
        List<String> scopes,
        boolean revoked,
        @JsonProperty("revocation_reason") String revocationReason,
        boolean expired,
        Long expiration,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("last_used_at") Long lastUsedAt,
        @JsonProperty("created_at") long createdAt,
        @JsonProperty("updated_at") long updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    /** Without it {@code @clerk/backend} does not build its APIKey class. */
    @JsonProperty("object")
    public String object() {
        return "api_key";
    }

    /** Whether a key that expires at {@code expiration} has expired at {@code now}; computed on every read. */
    public static boolean isExpired(Long expiration, long now) {
        return expiration != null && expiration <= now;
    }

    /**
     * Whether a key verifies at {@code now}: neither revoked nor expired. The list route filters by the same rule in
     * SQL (ApiKeyViews.ACTIVE).
     */
    public static boolean isActive(boolean revoked, Long expiration, long now) {
        return !revoked && !isExpired(expiration, now);
    }

    @Override
    public String toString() {
        return "ApiKeyObject[id=" + id + ", name=" + name + ", subject=" + subject + "]"; // never the secret
    }
}
