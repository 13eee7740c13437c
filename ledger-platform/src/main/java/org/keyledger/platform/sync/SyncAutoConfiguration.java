package org.keyledger.platform.sync;

import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.keyledger.platform.LedgerProperties;
import org.keyledger.platform.cache.CacheInvalidation;
import org.keyledger.platform.cache.CacheLease;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

/** Keeps the read side in step with the write side, within a process and across processes. */
@AutoConfiguration(before = AxonAutoConfiguration.class)
public class SyncAutoConfiguration {

    @Bean
    PgNotifications pgNotifications(DataSource dataSource) {
        return new PgNotifications(dataSource);
    }

    @Bean
    AppendNotifier appendNotifier(DataSource dataSource) {
        return new AppendNotifier(dataSource);
    }

    /**
     * Axon's event store, woken by appends made in any other process, and telling them of its own; a processor that
     * is behind (a rebuild of the query model, a catch-up) has its events read ahead while it writes the ones before
     * (ReadAheadStorageEngine).
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    WakeableEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration,
                                  PgNotifications notifications, AppendNotifier appends) {
        WakeableEventStore store = new WakeableEventStore(EmbeddedEventStore.builder()
                .storageEngine(new ReadAheadStorageEngine(storageEngine))
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class)), appends);
        notifications.subscribe(AppendNotifier.CHANNEL, payload -> {
            if (!appends.isOwn(payload)) { // null too: notifications may have been missed
                store.wake();
            }
        });
        return store;
    }

    @Bean
    ProjectionPositions projectionPositions(JdbcClient jdbcClient, PgNotifications notifications) {
        return new ProjectionPositions(jdbcClient, notifications);
    }

    @Bean
    CacheInvalidation cacheInvalidation(JdbcClient jdbcClient, PgNotifications notifications,
                                        LedgerProperties settings, ObjectProvider<CacheLease> inProcess) {
        return new CacheInvalidation(jdbcClient, notifications, settings.verify().cache().lease(),
                // a query service in this process (local mode), if any: looked up once, on the first write
                SingletonSupplier.of(() -> inProcess.orderedStream().toList()));
    }

    @Bean
    ReadYourWrites readYourWrites(ProjectionPositions positions, CacheInvalidation caches,
                                  PgNotifications notifications,
                                  LedgerProperties settings) {
        return new ReadYourWrites(positions, caches, notifications, settings.readYourWrites().timeout());
    }
}
