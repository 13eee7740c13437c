package org.keyledger.query.keys;

import org.keyledger.wire.ApiKeyObject;
import tools.jackson.databind.util.RawValue;

import java.util.List;

/**
 * A row of the query model, as the read routes need it. Only verify ever sees a deleted one (the read routes leave
 * them out): a deleted key's secret is rejected like a revoked one's.
 * <p>
 * The claims are the JSON text the projection stored, answered as it is, never parsed. Besides sparing each read a
 * parse and a serialization, this keeps a view immutable for good: a parsed map makes its entry set the first time
 * it is written out, and in a verify-cache entry (old generation) that is a reference to a young object, one card a
 * key that every young collection then scans (a million cached keys: 20,000 such cards a pause; BENCHMARKS.md,
 * "Young pauses at a million keys").
 */
public record ApiKeyView(
        String id,
        String type,
        String name,
        String subject,
        String description,
        RawValue claims,
        List<String> scopes,
        String createdBy,
        Long expiration,
        long createdAt,
        long updatedAt,
        boolean revoked,
        String revocationReason,
        boolean deleted,
        Long lastUsedAt,
        String secretSha256,
        String secretCiphertext) {

    /** The one rule (ApiKeyObject.isActive): neither revoked nor expired at {@code now}, and not deleted. */
    public boolean activeAt(long now) {
        return !deleted && ApiKeyObject.isActive(revoked, expiration, now);
    }

    /** The wire object, with {@code expired} computed at {@code now}; never the secret. */
    public ApiKeyObject toObject(long now) {
        return new ApiKeyObject(id, type, name, subject, description, claims, scopes, revoked, revocationReason,
                ApiKeyObject.isExpired(expiration, now), expiration, createdBy, lastUsedAt, createdAt, updatedAt,
                null);
    }
}
