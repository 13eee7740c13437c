package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.wire.ApiKeyObject;

import java.util.List;

/**
 * A key as the aggregate knows it: built from its events (the aggregate's only state besides its identifier), and
 * what a write route answers with after a command ({@link #toObject}). {@code sequence} is the sequence number of its
 * latest event, which a write route then waits for the read model to have applied.
 */
public record ApiKeyState(
        ApiKeyId id,
        String type,
        String name,
        String subject,
        String description,
        Object claims,
        List<String> scopes,
        boolean revoked,
        String revocationReason,
        Long expiration,
        String createdBy,
        long createdAt,
        long updatedAt,
        long sequence) {

    static ApiKeyState of(ApiKeyCreated event) {
        return new ApiKeyState(event.id(), event.type(), event.name(), event.subject(), event.description(),
                event.claims(), event.scopes(), false, null, event.expiration(), event.createdBy(), event.createdAt(),
                event.createdAt(), 0);
    }

    /** An imported key may arrive revoked; its {@code updated_at} is when the ledger took it in. */
    static ApiKeyState of(ApiKeyImported event) {
        return new ApiKeyState(event.id(), event.type(), event.name(), event.subject(), event.description(),
                event.claims(), event.scopes(), event.revoked(), event.revocationReason(), event.expiration(),
                event.createdBy(), event.createdAt(), event.importedAt(), 0);
    }

    ApiKeyState with(ApiKeyUpdated event, long sequence) {
        return new ApiKeyState(id, type, name, event.subject(), event.description(), event.claims(), event.scopes(),
                revoked, revocationReason, event.expiration(), createdBy, createdAt, event.updatedAt(), sequence);
    }

    ApiKeyState with(ApiKeyRevoked event, long sequence) {
        return new ApiKeyState(id, type, name, subject, description, claims, scopes, true, event.revocationReason(),
                expiration, createdBy, createdAt, event.revokedAt(), sequence);
    }

    /** Its last state: as it was, but changed when it was deleted. */
    ApiKeyState with(ApiKeyDeleted event, long sequence) {
        return new ApiKeyState(id, type, name, subject, description, claims, scopes, revoked, revocationReason,
                expiration, createdBy, createdAt, event.deletedAt(), sequence);
    }

    /** The wire object at {@code now}; {@code secret} only in the answer to a create, else null. */
    public ApiKeyObject toObject(long now, Long lastUsedAt, String secret) {
        return new ApiKeyObject(id.value(), type, name, subject, description, claims, scopes, revoked,
                revocationReason, ApiKeyObject.isExpired(expiration, now), expiration, createdBy, lastUsedAt, createdAt,
                updatedAt, secret);
    }
}
