package org.keyledger.query.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.keyledger.events.ApiKeyId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every event of the ledger, across keys, by position (the event store's global index, which steps by one), read
 * from the storage engine in pages, so upcasting and the description of each event are the audit trail's own.
 */
@Component
class LedgerEvents {

    /** One event with its position in the ledger: the audit trail's fields, and {@code position} to page by. */
    record LedgerEvent(long position, @JsonUnwrapped AuditEntry entry) {
    }

    /** A page, and where the next one starts ({@code cursor}); {@code has_more} tells whether it has events now. */
    record Page(List<LedgerEvent> data, @JsonProperty("has_more") boolean hasMore,
                @JsonProperty("next_cursor") Long nextCursor) {
    }

    /** How long an append may take to commit after its position was taken (a gap older than this stays a gap). */
    static final Duration SETTLED = Duration.ofSeconds(10);

    private final EventStorageEngine storage;
    private final JdbcClient jdbc;
    private final Clock clock;

    LedgerEvents(EventStorageEngine storage, JdbcClient jdbc, Clock clock) {
        this.storage = storage;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Events after position {@code after} (exclusive; none: from the first), oldest first. Positions are taken when
     * an event is appended, but concurrent appends commit in any order: a missing position may still fill in. So a
     * page ends before a gap younger than {@link #SETTLED}; an ingester that resumes from {@code next_cursor} then
     * misses nothing. An older gap is a rolled-back append and is passed.
     */
    Page oldestFirst(Long after, int limit) {
        List<LedgerEvent> events = new ArrayList<>(limit + 1);
        long settled = clock.millis() - SETTLED.toMillis();
        boolean held = false;
        try (Stream<? extends TrackedEventMessage<?>> stream = storage.readEvents(tokenAfter(after), false)) {
            var iterator = stream.limit(limit + 1L).iterator();
            long expected = after == null ? -1 : after + 1;
            while (iterator.hasNext()) {
                LedgerEvent event = event(iterator.next());
                if (expected >= 0 && event.position() != expected && event.entry().occurredAt() > settled) {
                    held = true;
                    break;
                }
                events.add(event);
                expected = event.position() + 1;
            }
        }
        boolean more = held || events.size() > limit;
        List<LedgerEvent> page = events.size() > limit ? events.subList(0, limit) : events;
        Long next = page.isEmpty() ? after : Long.valueOf(page.get(page.size() - 1).position());
        return new Page(List.copyOf(page), more, next);
    }

    /** Events before position {@code before} (exclusive; none: from the latest), newest first. */
    Page newestFirst(Long before, int limit) {
        long[] range = jdbc.sql("select coalesce(min(global_index), -1), coalesce(max(global_index), -1) "
                + "from domain_event_entry").query((row, n) -> new long[]{row.getLong(1), row.getLong(2)}).single();
        long first = range[0];
        long last = range[1];
        if (last < 0) {
            return new Page(List.of(), false, null);
        }
        long end = before == null ? last + 1 : Math.min(before, last + 1); // exclusive
        List<LedgerEvent> page = new ArrayList<>(limit);
        // positions step by one, so a window of `limit` positions usually holds `limit` events; a gap left by a
        // rolled-back append only makes another, earlier window necessary
        while (page.size() < limit && end > first) {
            long from = Math.max(first, end - (limit - page.size()));
            List<LedgerEvent> window = new ArrayList<>();
            long until = end;
            try (Stream<? extends TrackedEventMessage<?>> stream = storage.readEvents(tokenAfter(from - 1), false)) {
                stream.map(LedgerEvents::event).takeWhile(event -> event.position() < until).forEach(window::add);
            }
            Collections.reverse(window);
            page.addAll(window);
            end = from;
        }
        long lowest = page.isEmpty() ? first : page.get(page.size() - 1).position();
        return new Page(List.copyOf(page), lowest > first, page.isEmpty() ? null : lowest);
    }

    private static GapAwareTrackingToken tokenAfter(Long position) {
        return position == null || position < 0 ? null : GapAwareTrackingToken.newInstance(position, List.of());
    }

    private static LedgerEvent event(TrackedEventMessage<?> event) {
        DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
        long position = event.trackingToken().position().orElseThrow();
        return new LedgerEvent(position, AuditTrail.entry(ApiKeyId.of(domainEvent.getAggregateIdentifier()),
                domainEvent));
    }
}
