package org.keyledger.query.projection;

import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The arrivals (create, import) this process wrote through ({@link WriteThroughProjection}), by event identifier,
 * until the tracking projection meets them and passes them over ({@link ApiKeyProjection}): their rows went in with
 * their events, so applying them again only had PostgreSQL find each row's conflict (index probes for every key of an
 * import) and the processor read each payload. Noted before their transaction commits, so that no tracking processor
 * can read one of them first, and forgotten if it rolls back. Bounded: past {@link #CAPACITY} (a tracking projection
 * far behind, or stopped) arrivals go unnoted and the projection applies them as any other, finding their rows.
 */
@Component
class WrittenThrough {

    /** About 12 MB of identifiers at most. */
    static final int CAPACITY = 100_000;

    private final Set<String> events = ConcurrentHashMap.newKeySet();

    /** @return whether they were noted (not when the set is full) */
    boolean note(Collection<String> eventIds) {
        if (events.size() + eventIds.size() > CAPACITY) {
            return false;
        }
        events.addAll(eventIds);
        return true;
    }

    void forget(Collection<String> eventIds) {
        eventIds.forEach(events::remove); // removeAll of a list would scan the whole set, asking the list each time
    }

    /** Whether the event was written through (and is forgotten now: each is met once). */
    boolean take(String eventId) {
        return events.remove(eventId);
    }

    /** A replay applies every event again, these included. */
    void clear() {
        events.clear();
    }

    int size() {
        return events.size();
    }
}
