package org.keyledger.query.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.RequestMetadata;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A key's events, straight from the event store (upcast to the current revisions), oldest first. */
@Component
class AuditTrail {

    private final EventStore eventStore;

    AuditTrail(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    List<AuditEntry> of(ApiKeyId id) {
        List<AuditEntry> entries = new ArrayList<>();
        eventStore.readEvents(id.value()).forEachRemaining(event -> entries.add(entry(id, event)));
        return entries;
    }

    private static AuditEntry entry(ApiKeyId id, DomainEventMessage<?> event) {
        RequestMetadata who = RequestMetadata.from(event.getMetaData());
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> changed;
        String type;
        Object payload = event.getPayload();
        if (payload instanceof ApiKeyCreated created) {
            type = "api_key.created";
            data.put("type", created.type());
            data.put("name", created.name());
            data.put("subject", created.subject());
            data.put("description", created.description());
            data.put("claims", created.claims());
            data.put("scopes", created.scopes());
            data.put("created_by", created.createdBy());
            data.put("expiration", created.expiration());
            changed = List.copyOf(data.keySet());
        } else if (payload instanceof ApiKeyUpdated updated) {
            type = "api_key.updated";
            data.put("subject", updated.subject());
            data.put("description", updated.description());
            data.put("claims", updated.claims());
            data.put("scopes", updated.scopes());
            data.put("expiration", updated.expiration());
            changed = updated.changed();
        } else if (payload instanceof ApiKeyRevoked revoked) {
            type = "api_key.revoked";
            data.put("revocation_reason", revoked.reason());
            changed = List.of("revoked", "revocation_reason");
        } else if (payload instanceof ApiKeyDeleted) {
            type = "api_key.deleted";
            changed = List.of("deleted");
        } else {
            throw new IllegalStateException("unknown event " + event.getPayloadType().getName());
        }
        return new AuditEntry(event.getIdentifier(), id.value(), event.getSequenceNumber(), type,
                event.getTimestamp().toEpochMilli(), who.actor(), who.requestId(), who.clientAddress(),
                who.userAgent(), changed, data);
    }
}
