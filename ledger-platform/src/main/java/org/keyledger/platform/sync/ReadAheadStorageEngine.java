package org.keyledger.platform.sync;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The event store's storage engine, whose streams for an event processor that is behind (a replay, a catch-up) are
 * read ahead on a thread of their own: the next events are fetched and deserialised (payload, metadata, timestamps)
 * while the processor's thread applies the ones before and waits for PostgreSQL to write them, instead of after.
 * Order, content and failures are the engine's: the processor sees the same events, and a failed read as it would
 * have met it. Everything else, including the store's own stream of new events (the one processors at the head of
 * the store follow, fetched with {@code mayBlock}), goes straight to the engine.
 */
class ReadAheadStorageEngine implements EventStorageEngine {

    /** Events read ahead at most: two of the engine's fetches. */
    static final int CAPACITY = 2000;

    private final EventStorageEngine engine;

    ReadAheadStorageEngine(EventStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(trackingToken, mayBlock);
        return mayBlock ? events : ReadAhead.of(events, CAPACITY);
    }

    @Override
    public void appendEvents(EventMessage<?>... events) {
        engine.appendEvents(events);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        engine.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        engine.storeSnapshot(snapshot);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        return engine.readEvents(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return engine.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return engine.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return engine.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return engine.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return engine.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return engine.createTokenAt(dateTime);
    }

    /**
     * A stream of events read from another stream by a thread of its own, up to a number ahead of its reader. Closing
     * it stops that thread (within {@link #OFFER_MILLIS}) and closes the stream it reads.
     */
    static final class ReadAhead implements Runnable {

        static final long OFFER_MILLIS = 100;
        private static final Object END = new Object();

        private record Failure(Throwable error) {
        }

        private final Stream<? extends TrackedEventMessage<?>> source;
        private final BlockingQueue<Object> queue;
        private volatile boolean closed;

        private ReadAhead(Stream<? extends TrackedEventMessage<?>> source, int capacity) {
            this.source = source;
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        static Stream<TrackedEventMessage<?>> of(Stream<? extends TrackedEventMessage<?>> source, int capacity) {
            ReadAhead reading = new ReadAhead(source, capacity);
            Thread thread = new Thread(reading, "event-read-ahead");
            thread.setDaemon(true);
            thread.start();
            return StreamSupport.stream(reading.new Taker(), false).onClose(() -> reading.closed = true);
        }

        @Override
        public void run() {
            try (source) {
                Iterator<? extends TrackedEventMessage<?>> events = source.iterator();
                while (!closed && events.hasNext()) {
                    TrackedEventMessage<?> event = events.next();
                    deserialise(event);
                    put(event);
                }
                put(END);
            } catch (RuntimeException | Error e) {
                put(new Failure(e));
            }
        }

        /**
         * What the processor would otherwise deserialise when it handles the event, cached in the message: its
         * payload, its metadata and its timestamp (parsed from text; a replaying processor reads it to wrap each
         * event in its replay token).
         */
        private static void deserialise(TrackedEventMessage<?> event) {
            try {
                event.getPayload();
                event.getMetaData();
                event.getTimestamp();
            } catch (RuntimeException e) {
                // left to the processor, which meets it again when it handles the event
            }
        }

        private void put(Object item) {
            try {
                while (!closed) {
                    if (queue.offer(item, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }

        /** The reader's side: takes the events in order, blocking until the next one is read; ends at the end. */
        private final class Taker extends Spliterators.AbstractSpliterator<TrackedEventMessage<?>> {

            private boolean done;

            private Taker() {
                super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            }

            @Override
            public boolean tryAdvance(Consumer<? super TrackedEventMessage<?>> action) {
                if (done) {
                    return false;
                }
                Object next;
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the processor is stopping: the stream ends here
                    done = true;
                    closed = true;
                    return false;
                }
                if (next == END) {
                    done = true;
                    return false;
                }
                if (next instanceof Failure failure) {
                    done = true;
                    if (failure.error() instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) failure.error();
                }
                action.accept((TrackedEventMessage<?>) next);
                return true;
            }
        }
    }
}
