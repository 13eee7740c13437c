package org.keyledger.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.axonframework.serialization.Revision;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A key was revoked; from now on it never verifies again.
 *
 * @param revocationReason the caller's {@code revocation_reason}, or null; stored as {@code reason} since
 *                         revision 1, which stays its name in the event's JSON
 */
@Revision("1")
public record ApiKeyRevoked(ApiKeyId id, @JsonProperty("reason") String revocationReason, long revokedAt)
        implements ApiKeyEvent {

    @Override
    public EventDescription describe() {
        Map<String, Object> data = new HashMap<>(); // Map.of refuses the null reason
        data.put("revocation_reason", revocationReason);
        return new EventDescription("api_key.revoked", List.of("revoked", "revocation_reason"), data);
    }
}
