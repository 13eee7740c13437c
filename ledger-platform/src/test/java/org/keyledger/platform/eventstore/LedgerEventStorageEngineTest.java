package org.keyledger.platform.eventstore;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.schema.LedgerSchemaMigrator;
import org.keyledger.platform.test.LedgerTestEnvironment;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Loading an aggregate: how many queries its history takes, and that the whole of it comes back. */
class LedgerEventStorageEngineTest {

    private static final DataSource DATABASE = LedgerTestEnvironment.newDataSource();
    private final AtomicInteger aggregateQueries = new AtomicInteger();

    @BeforeAll
    static void schema() {
        new LedgerSchemaMigrator(DATABASE, List.of(EventStoreAutoConfiguration.platform())).afterPropertiesSet();
    }

    @Test
    void aKeysHistoryShorterThanABatchIsReadInOneQuery() {
        LedgerEventStorageEngine engine = engine(EventStoreAutoConfiguration.FETCH_SIZE);
        append(engine, "ak_short", 3);

        assertThat(read(engine, "ak_short")).containsExactly(0L, 1L, 2L);
        assertThat(aggregateQueries).hasValue(1);
    }

    @Test
    void aHistoryFillingItsBatchesIsReadOnToTheEnd() {
        LedgerEventStorageEngine engine = engine(2);
        append(engine, "ak_five", 5);
        append(engine, "ak_four", 4);

        assertThat(read(engine, "ak_five")).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(aggregateQueries).as("batches 0-1, 2-3, 4").hasValue(3);
        aggregateQueries.set(0);
        assertThat(read(engine, "ak_four")).containsExactly(0L, 1L, 2L, 3L);
        assertThat(aggregateQueries).as("batches 0-1, 2-3, then an empty one").hasValue(3);
    }

    private static void append(LedgerEventStorageEngine engine, String aggregate, int events) {
        engine.appendEvents(IntStream.range(0, events).<DomainEventMessage<?>>mapToObj(sequence ->
                new GenericDomainEventMessage<>("ApiKey", aggregate, sequence, "event " + sequence)).toList());
    }

    private static List<Long> read(LedgerEventStorageEngine engine, String aggregate) {
        List<Long> sequences = new ArrayList<>();
        engine.readEvents(aggregate).asStream().forEach(event -> sequences.add(event.getSequenceNumber()));
        return sequences;
    }

    /** Axon's JDBC engine over the ledger's schema, counting the queries that read one aggregate's events. */
    private LedgerEventStorageEngine engine(int batchSize) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        return new LedgerEventStorageEngine(JdbcEventStorageEngine.builder()
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .connectionProvider(() -> counting(DATABASE.getConnection()))
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(EventStoreAutoConfiguration.EVENT_SCHEMA)
                .batchSize(batchSize));
    }

    private Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("prepareStatement") && arguments[0].toString()
                            .toLowerCase(Locale.ROOT).contains("where aggregate_identifier")) {
                        aggregateQueries.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
