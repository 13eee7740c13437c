package org.keyledger.query.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * One event of a key's audit trail: what happened, when, who asked (the instance key's fingerprint, or the user,
 * session and active organization of a session token), from where, and the fields it set. Never the secret, its hash or its ciphertext.
 */
@JsonPropertyOrder({"object", "id", "api_key_id", "sequence", "type", "occurred_at", "actor", "session_id", "organization_id", "request_id",
        "client_address", "user_agent", "changed", "data"})
@JsonInclude(JsonInclude.Include.ALWAYS)
record AuditEntry(
        String id,
        @JsonProperty("api_key_id") String apiKeyId,
        long sequence,
        String type,
        @JsonProperty("occurred_at") long occurredAt,
        String actor,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("organization_id") String organizationId,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("client_address") String clientAddress,
        @JsonProperty("user_agent") String userAgent,
        List<String> changed,
        Map<String, Object> data) {

    @JsonProperty("object")
    public String object() {
        return "api_key_event";
    }
}
