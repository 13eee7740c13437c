package org.keyledger.platform.sync;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store, which fetches new events as soon as this process appends some but otherwise only
 * polls. {@link #wake()} lets an append in another process (announced by PostgreSQL) trigger the fetch too, so a
 * query service in split mode sees a write within milliseconds; and this process's own appends, once committed, are
 * announced to the others ({@link AppendNotifier}).
 */
public class WakeableEventStore extends EmbeddedEventStore {

    private final AppendNotifier notifier;

    public WakeableEventStore(Builder builder, AppendNotifier notifier) {
        super(builder);
        this.notifier = notifier;
    }

    public void wake() {
        afterCommit(List.of()); // the hook a local commit uses to signal the event producer
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        if (!events.isEmpty()) {
            notifier.appended();
        }
    }
}
