package org.keyledger.platform.sync;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.keyledger.events.LedgerEventSerialization;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A processor that is behind reads the store's events through a thread that reads them ahead: it must see exactly
 * the engine's stream (every event, in order, then its end or its failure), already deserialised, and a stream it
 * closes must stop that thread.
 */
class ReadAheadStorageEngineTest {

    private static final Serializer SERIALIZER = JacksonSerializer.builder()
            .objectMapper(LedgerEventSerialization.objectMapper()).build();

    private static TrackedEventMessage<?> event(long index) {
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index),
                GenericEventMessage.asEventMessage("event " + index));
    }

    private static List<TrackedEventMessage<?>> events(int count) {
        return IntStream.range(0, count).<TrackedEventMessage<?>>mapToObj(ReadAheadStorageEngineTest::event).toList();
    }

    private static Stream<? extends TrackedEventMessage<?>> readAhead(Stream<? extends TrackedEventMessage<?>> source) {
        EventStorageEngine engine = mock(EventStorageEngine.class);
        GlobalSequenceTrackingToken token = new GlobalSequenceTrackingToken(0);
        when(engine.readEvents(token, false)).then(invocation -> source);
        return new ReadAheadStorageEngine(engine).readEvents(token, false);
    }

    @Test
    void aProcessorBehindGetsEveryEventInOrderThenTheEnd() {
        List<TrackedEventMessage<?>> events = events(3 * ReadAheadStorageEngine.CAPACITY + 7);

        try (Stream<? extends TrackedEventMessage<?>> read = readAhead(events.stream())) {
            Iterator<? extends TrackedEventMessage<?>> iterator = read.iterator();
            for (TrackedEventMessage<?> event : events) {
                assertThat(iterator.hasNext()).isTrue();
                assertThat(iterator.next()).isSameAs(event);
            }
            assertThat(iterator.hasNext()).isFalse();
            assertThat(iterator.hasNext()).as("and stays ended").isFalse();
        }
    }

    @Test
    void itsEventsArriveDeserialised() {
        List<SerializedMessage<?>> serialized = IntStream.range(0, 10).<SerializedMessage<?>>mapToObj(i -> {
            EventMessage<?> event = GenericEventMessage.asEventMessage(Map.of("n", i))
                    .andMetaData(MetaData.with("requestId", "req_" + i));
            return new SerializedMessage<>(event.getIdentifier(), event.serializePayload(SERIALIZER, byte[].class),
                    event.serializeMetaData(SERIALIZER, byte[].class), SERIALIZER);
        }).toList();

        AtomicInteger timestampsParsed = new AtomicInteger();
        Supplier<Instant> timestamp = () -> {
            timestampsParsed.incrementAndGet();
            return Instant.EPOCH;
        };

        try (Stream<? extends TrackedEventMessage<?>> read = readAhead(IntStream.range(0, serialized.size())
                .mapToObj(i -> new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(i),
                        serialized.get(i), timestamp)))) {
            read.forEach(event -> {
                SerializedMessage<?> message = serialized.get((int) event.trackingToken().position().orElseThrow());
                assertThat(message.isPayloadDeserialized()).isTrue();
                assertThat(message.isMetaDataDeserialized()).isTrue();
                assertThat(timestampsParsed.get()).isGreaterThan((int) event.trackingToken().position().orElseThrow());
            });
        }
        assertThat(timestampsParsed).as("each once, ahead").hasValue(serialized.size());
        assertThat(serialized.get(3).getPayload()).isEqualTo(Map.of("n", 3));
    }

    @Test
    void aFailedReadReachesTheProcessorAfterTheEventsBeforeIt() {
        List<TrackedEventMessage<?>> events = events(5);
        Iterator<TrackedEventMessage<?>> failing = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next == events.size()) {
                    throw new IllegalStateException("PostgreSQL is away");
                }
                return true;
            }

            @Override
            public TrackedEventMessage<?> next() {
                return events.get(next++);
            }
        };

        try (Stream<? extends TrackedEventMessage<?>> read = readAhead(
                StreamSupport.stream(((Iterable<TrackedEventMessage<?>>) () -> failing).spliterator(), false))) {
            Iterator<? extends TrackedEventMessage<?>> iterator = read.iterator();
            for (TrackedEventMessage<?> event : events) {
                assertThat(iterator.next()).isSameAs(event);
            }
            assertThatThrownBy(iterator::hasNext).isInstanceOf(IllegalStateException.class)
                    .hasMessage("PostgreSQL is away");
            assertThat(iterator.hasNext()).isFalse();
        }
    }

    @Test
    void closingTheStreamStopsTheReadingAndClosesTheEnginesStream() throws InterruptedException {
        CountDownLatch sourceClosed = new CountDownLatch(1);
        AtomicBoolean reading = new AtomicBoolean();
        Stream<TrackedEventMessage<?>> endless = Stream.iterate(0L, i -> i + 1)
                .<TrackedEventMessage<?>>map(i -> {
                    reading.set(true);
                    return event(i);
                })
                .onClose(sourceClosed::countDown);

        Stream<? extends TrackedEventMessage<?>> read = readAhead(endless);
        assertThat(read.limit(10).count()).isEqualTo(10); // the reading thread now waits with a full buffer
        read.close();

        assertThat(sourceClosed.await(2, TimeUnit.SECONDS)).as("the engine's stream closed").isTrue();
        reading.set(false);
        Thread.sleep(3 * ReadAheadStorageEngine.ReadAhead.OFFER_MILLIS);
        assertThat(reading).as("nothing read after the close").isFalse();
    }

    @Test
    void theStoresStreamOfNewEventsIsTheEnginesOwn() {
        EventStorageEngine engine = mock(EventStorageEngine.class);
        Stream<TrackedEventMessage<?>> head = Stream.of(event(1));
        when(engine.readEvents(null, true)).then(invocation -> head);

        assertThat(new ReadAheadStorageEngine(engine).readEvents(null, true)).isSameAs(head);
    }
}
