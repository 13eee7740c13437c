package org.keyledger.platform.sync;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyledger.platform.eventstore.EventStoreAutoConfiguration;
import org.keyledger.platform.schema.LedgerSchemaMigrator;
import org.keyledger.platform.test.LedgerTestEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Appends are announced to the other processes after they commit, by the appending process, and not by the appending
 * transaction (whose commit would then wait in PostgreSQL's queue of notifying commits): an append committed on its
 * own is heard by nobody; the store's commit of an append is heard, carrying this process's token, which its own
 * listener leaves alone.
 */
class AppendNotifierTest {

    private DataSource database;
    private PgNotifications listener;
    private AppendNotifier notifier;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws InterruptedException {
        database = LedgerTestEnvironment.newDataSource();
        new LedgerSchemaMigrator(database, List.of(EventStoreAutoConfiguration.platform())).afterPropertiesSet();
        listener = new PgNotifications(database);
        listener.subscribe(AppendNotifier.CHANNEL, payload -> {
            if (payload != null) { // null: the listener (re)connected
                heard.add(payload);
            }
        });
        listener.start();
        notifier = new AppendNotifier(database);
        notifier.start();
        Thread.sleep(500); // the listener's thread connects and LISTENs
    }

    @AfterEach
    void tearDown() {
        notifier.stop();
        listener.stop();
    }

    @Test
    void anAppendedEventIsAnnouncedAfterItsCommitByTheAppendingProcessAlone() throws InterruptedException {
        JdbcClient.create(database).sql("""
                        insert into domain_event_entry (global_index, event_identifier, aggregate_identifier,
                            sequence_number, type, time_stamp, payload_type, payload)
                        values (1, 'e1', 'ak_0123456789abcdef0123456789abcdef', 0, 'ApiKey', '2026-12-07T00:00:00Z',
                            'org.keyledger.events.ApiKeyCreated', '{}'::bytea)""").update();
        EmbeddedEventStore store = new WakeableEventStore(EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()), notifier);
        try {
            store.publish(new GenericDomainEventMessage<>("ApiKey", "ak_fedcba9876543210fedcba9876543210", 0,
                    "created"));

            long deadline = System.nanoTime() + 10_000_000_000L;
            while (heard.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(heard).as("the store's append alone, in the order PostgreSQL delivers").isNotEmpty()
                    .allSatisfy(payload -> assertThat(notifier.isOwn(payload)).isTrue());
            assertThat(notifier.isOwn("")).isFalse();
        } finally {
            store.shutDown();
        }
    }
}
