package org.keyledger.platform.sync;

import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, which fetches new events as soon as this process appends some but otherwise only
 * polls. {@link #wake()} lets an append in another process (announced by PostgreSQL) trigger the fetch too, so a
 * query service in split mode sees a write within milliseconds.
 */
public class WakeableEventStore extends EmbeddedEventStore {

    public WakeableEventStore(Builder builder) {
        super(builder);
    }

    public void wake() {
        afterCommit(List.of()); // the hook a local commit uses to signal the event producer
    }
}
