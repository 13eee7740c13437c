package org.keyledger.events;

import org.axonframework.serialization.Revision;

/**
 * A key was deleted: it no longer verifies, is no longer listed, its name is free again within its subject,
 * and its data key has been destroyed, so the sealed secret in {@link ApiKeyCreated} can no longer be opened.
 */
@Revision("1")
public record ApiKeyDeleted(ApiKeyId id, long deletedAt) {
}
