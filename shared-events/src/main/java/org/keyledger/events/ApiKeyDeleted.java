package org.keyledger.events;

import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Map;

/**
 * A key was deleted: it no longer verifies, is no longer listed, its name is free again within its subject,
 * and its data key has been destroyed, so the sealed secret in {@link ApiKeyCreated} can no longer be opened.
 */
@Revision("1")
public record ApiKeyDeleted(ApiKeyId id, long deletedAt) implements ApiKeyEvent {

    @Override
    public EventDescription describe() {
        return new EventDescription("api_key.deleted", List.of("deleted"), Map.of());
    }
}
