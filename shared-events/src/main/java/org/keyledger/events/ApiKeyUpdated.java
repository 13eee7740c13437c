package org.keyledger.events;

import org.axonframework.serialization.Revision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Some of a key's mutable fields changed. Carries the new value of every mutable field, so that a projection
 * can apply it without knowing the previous state, and names the fields the request changed, for the audit trail.
 *
 * @param changed wire names of the changed fields: {@code subject}, {@code description}, {@code claims},
 *                {@code scopes}, {@code expiration}
 */
@Revision("1")
public record ApiKeyUpdated(
        ApiKeyId id,
        String subject,
        String description,
        Object claims,
        List<String> scopes,
        Long expiration,
        long updatedAt,
        List<String> changed) implements ApiKeyEvent {

    @Override
    public EventDescription describe() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subject", subject);
        data.put("description", description);
        data.put("claims", claims);
        data.put("scopes", scopes);
        data.put("expiration", expiration);
        return new EventDescription("api_key.updated", changed, data);
    }
}
