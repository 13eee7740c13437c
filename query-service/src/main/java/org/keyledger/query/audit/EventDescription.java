package org.keyledger.query.audit;

import org.axonframework.eventhandling.EventMessage;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a ledger event says, for people and for other systems: its type ({@code api_key.revoked}), the fields it
 * changed, and their new values with wire names. The one place that decides what of an event leaves the ledger:
 * never the secret, its hash or its ciphertext. Used by the audit route and by the Kafka publisher.
 */
public record EventDescription(String type, List<String> changed, Map<String, Object> data) {

    public static EventDescription of(EventMessage<?> event) {
        Map<String, Object> data = new LinkedHashMap<>();
        Object payload = event.getPayload();
        if (payload instanceof ApiKeyCreated created) {
            data.put("type", created.type());
            data.put("name", created.name());
            data.put("subject", created.subject());
            data.put("description", created.description());
            data.put("claims", created.claims());
            data.put("scopes", created.scopes());
            data.put("created_by", created.createdBy());
            data.put("expiration", created.expiration());
            return new EventDescription("api_key.created", List.copyOf(data.keySet()), data);
        }
        if (payload instanceof ApiKeyImported imported) {
            data.put("type", imported.type());
            data.put("name", imported.name());
            data.put("subject", imported.subject());
            data.put("description", imported.description());
            data.put("claims", imported.claims());
            data.put("scopes", imported.scopes());
            data.put("created_by", imported.createdBy());
            data.put("expiration", imported.expiration());
            data.put("created_at", imported.createdAt());
            data.put("revoked", imported.revoked());
            data.put("revocation_reason", imported.revocationReason());
            data.put("secret_source", imported.secretSource()); // how the secret came, never the secret
            return new EventDescription("api_key.imported", List.copyOf(data.keySet()), data);
        }
        if (payload instanceof ApiKeyUpdated updated) {
            data.put("subject", updated.subject());
            data.put("description", updated.description());
            data.put("claims", updated.claims());
            data.put("scopes", updated.scopes());
            data.put("expiration", updated.expiration());
            return new EventDescription("api_key.updated", updated.changed(), data);
        }
        if (payload instanceof ApiKeyRevoked revoked) {
            data.put("revocation_reason", revoked.reason());
            return new EventDescription("api_key.revoked", List.of("revoked", "revocation_reason"), data);
        }
        if (payload instanceof ApiKeyDeleted) {
            return new EventDescription("api_key.deleted", List.of("deleted"), data);
        }
        throw new IllegalArgumentException("not a ledger event: " + event.getPayloadType().getName());
    }
}
