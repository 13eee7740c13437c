package org.keyledger.events;

import org.axonframework.serialization.Revision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A key was issued. Timestamps are unix milliseconds, as on the wire.
 *
 * @param claims     any JSON value the caller sent (object, array, scalar) or null, kept as sent
 * @param expiration when the key stops verifying, or null for never
 */
@Revision("1")
public record ApiKeyCreated(
        ApiKeyId id,
        String type,
        String name,
        String subject,
        String description,
        Object claims,
        List<String> scopes,
        String createdBy,
        Long expiration,
        long createdAt,
        SealedSecret secret) implements ApiKeyEvent {

    @Override
    public EventDescription describe() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("name", name);
        data.put("subject", subject);
        data.put("description", description);
        data.put("claims", claims);
        data.put("scopes", scopes);
        data.put("created_by", createdBy);
        data.put("expiration", expiration);
        return new EventDescription("api_key.created", List.copyOf(data.keySet()), data);
    }
}
