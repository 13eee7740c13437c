package org.keyledger.events;

import org.axonframework.serialization.Revision;

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
        SealedSecret secret) implements ApiKeyArrival {

    @Override
    public EventDescription describe() {
        Map<String, Object> data = arrivingFields();
        return new EventDescription("api_key.created", List.copyOf(data.keySet()), data);
    }
}
