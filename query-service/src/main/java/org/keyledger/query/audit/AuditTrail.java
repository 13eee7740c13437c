package org.keyledger.query.audit;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.keyledger.events.ApiKeyEvent;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.EventDescription;
import org.keyledger.platform.RequestMetadata;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

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
        EventDescription description = ((ApiKeyEvent) event.getPayload()).describe();
        return new AuditEntry(event.getIdentifier(), id.value(), event.getSequenceNumber(), description.type(),
                event.getTimestamp().toEpochMilli(), who.actor(), who.sessionId(), who.organizationId(), who.requestId(), who.clientAddress(),
                who.userAgent(), description.changed(), description.data());
    }
}
