package org.keyledger.events;

import org.axonframework.serialization.Revision;

/** A key was revoked; from now on it never verifies again. {@code reason} may be null. */
@Revision("1")
public record ApiKeyRevoked(ApiKeyId id, String reason, long revokedAt) {
}
