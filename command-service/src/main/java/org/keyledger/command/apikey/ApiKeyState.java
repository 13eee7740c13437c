package org.keyledger.command.apikey;

import org.keyledger.events.ApiKeyId;

import java.util.List;

/** A key as the aggregate knows it right after a command: what a write route answers with. */
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
        long updatedAt) {
}
