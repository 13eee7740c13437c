package org.keyledger.platform.cache;

import org.keyledger.platform.DaemonThreads;
import org.keyledger.platform.sync.PgNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A query service's side of verify-cache coherence (the protocol: {@link org.keyledger.platform.cache}): registers
 * in {@code ledger_query_instance}, acknowledges each epoch after evicting its key from its {@link VerifyCache}, and
 * renews its lease. One thread does all of it, in order.
 */
public class CacheLease implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CacheLease.class);
    /** More epochs than this since the last acknowledgement empty the cache rather than read their evictions. */
    private static final int EVICTIONS_READ = 4096;
    private static final long NONE = -1;
    /**
     * The epoch, and each eviction after the one acknowledged ({@code ?} twice) up to it, oldest first; just the epoch
     * if there are none, or too many to read.
     */
    private static final String EVICTIONS = "select c.epoch, e.epoch as evicted, e.api_key_id"
            + " from ledger_cache_epoch c left join ledger_cache_eviction e"
            + " on e.epoch > ? and e.epoch <= c.epoch and c.epoch - ? <= " + EVICTIONS_READ + " order by e.epoch";

    private final JdbcClient jdbc;
    private final VerifyCache<?> cache;
    private final long leaseMillis;
    private final String instanceId = "query-" + UUID.randomUUID();
    private final AtomicBoolean ackPending = new AtomicBoolean();
    private final AtomicBoolean missed = new AtomicBoolean();
    /** The epoch last acknowledged, {@link #NONE} before the first and after a missed notification; worker only. */
    private long acked = NONE;
    private ScheduledExecutorService worker;

    public CacheLease(JdbcClient jdbc, VerifyCache<?> cache, PgNotifications notifications, Duration lease) {
        this.jdbc = jdbc;
        this.cache = cache;
        this.leaseMillis = lease.toMillis();
        // a null payload (the listener reconnected: notifications may have been missed): the next acknowledgement
        // empties the whole cache rather than rely on the eviction rows alone; reconnections are rare
        notifications.subscribe(CacheInvalidation.EPOCH_CHANNEL, payload -> {
            if (payload == null) {
                missed.set(true);
            }
            requestAck();
        });
    }

    @Override
    public void start() {
        worker = DaemonThreads.scheduler("verify-cache-lease");
        worker.execute(() -> jdbc.sql("delete from ledger_query_instance where lease_until < now() - interval '1 hour'")
                .update());
        long every = Math.max(1, leaseMillis / 4);
        worker.scheduleWithFixedDelay(this::renew, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        cache.leaseLost();
        if (worker != null) {
            worker.shutdownNow();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
                jdbc.sql("delete from ledger_query_instance where instance_id = ?").param(instanceId).update();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Could not deregister the verify cache lease: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null && !worker.isShutdown();
    }

    /** Before the web server opens and after it closes (the lifecycle's default phase is the last). */
    @Override
    public int getPhase() {
        return 0;
    }

    /** For a writer in this process ({@link CacheInvalidation}): the row whose acknowledgement it need not wait for. */
    String instanceId() {
        return instanceId;
    }

    /**
     * A writer in this process evicts its key ({@code null}: every key) directly once it has bumped the epoch; this
     * query service's acknowledgement of that epoch, later, evicts it again, harmlessly.
     */
    void evict(String apiKeyId) {
        if (apiKeyId == null) {
            cache.clear();
        } else {
            cache.evict(apiKeyId);
        }
    }

    private void requestAck() {
        if (worker != null && ackPending.compareAndSet(false, true)) {
            worker.execute(this::ack);
        }
    }

    /**
     * Reads the epoch and the evictions since the one last acknowledged, evicts those keys (or empties the cache if
     * it cannot tell them all), then records that epoch as acknowledged.
     */
    private void ack() {
        ackPending.set(false);
        try {
            if (missed.getAndSet(false)) {
                acked = NONE;
            }
            long epoch;
            if (acked == NONE) {
                epoch = jdbc.sql("select epoch from ledger_cache_epoch").query(Long.class).single();
                cache.clear();
            } else {
                epoch = evictSince(acked);
            }
            acked = epoch;
            // one statement: the acknowledgement and its notification commit together
            jdbc.sql("with acked as (insert into ledger_query_instance (instance_id, lease_until, acked_epoch)"
                            + " values (?, now(), ?) on conflict (instance_id) do update"
                            + " set acked_epoch = greatest(ledger_query_instance.acked_epoch, excluded.acked_epoch)"
                            + " returning instance_id)"
                            + " select pg_notify(?, instance_id) from acked")
                    .params(instanceId, epoch, CacheInvalidation.ACK_CHANNEL).query().singleRow();
        } catch (RuntimeException e) {
            log.warn("Could not acknowledge a verify cache epoch: {}", e.getMessage());
        }
    }

    /**
     * Evicts the key of each epoch after {@code since}; empties the cache instead if one has no row (pruned) or is
     * for every key (a null id).
     *
     * @return the current epoch
     */
    private long evictSince(long since) {
        List<String> ids = new ArrayList<>();
        long epoch = jdbc.sql(EVICTIONS).params(since, since).query(rs -> {
            long current = since;
            while (rs.next()) {
                current = rs.getLong(1);
                if (rs.getObject(2) != null) {
                    ids.add(rs.getString(3));
                }
            }
            return current;
        });
        if (ids.size() == epoch - since && !ids.contains(null)) {
            ids.forEach(cache::evict);
        } else {
            cache.clear();
        }
        return epoch;
    }

    private void renew() {
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                long sent = System.nanoTime();
                int renewed = jdbc.sql("update ledger_query_instance"
                                + " set lease_until = now() + ? * interval '1 millisecond'"
                                + " where instance_id = ? and acked_epoch >= (select epoch from ledger_cache_epoch)")
                        .params(leaseMillis, instanceId).update();
                if (renewed == 1) {
                    // from before the statement: PostgreSQL's now() + lease ends no sooner (1/16 spare for clock drift)
                    cache.leasedUntil(sent + TimeUnit.MILLISECONDS.toNanos(leaseMillis - leaseMillis / 16));
                    return;
                }
                ack(); // not registered yet, or an epoch went by unacknowledged (a missed notification)
            }
        } catch (RuntimeException e) {
            log.warn("Could not renew the verify cache lease: {}", e.getMessage());
        }
    }
}
