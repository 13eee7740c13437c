package org.keyledger.platform.cache;

import org.keyledger.platform.DaemonThreads;
import org.keyledger.platform.sync.PgNotifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A query service's side of verify-cache coherence (the protocol: {@link org.keyledger.platform.cache}): registers
 * in {@code ledger_query_instance}, acknowledges each epoch after emptying its {@link VerifyCache}, and renews its
 * lease. One thread does all of it, in order.
 */
public class CacheLease implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CacheLease.class);

    private final JdbcClient jdbc;
    private final VerifyCache<?> cache;
    private final long leaseMillis;
    private final String instanceId = "query-" + UUID.randomUUID();
    private final AtomicBoolean ackPending = new AtomicBoolean();
    private final AtomicLong emptiedFor = new AtomicLong(Long.MIN_VALUE);
    private ScheduledExecutorService worker;

    public CacheLease(JdbcClient jdbc, VerifyCache<?> cache, PgNotifications notifications, Duration lease) {
        this.jdbc = jdbc;
        this.cache = cache;
        this.leaseMillis = lease.toMillis();
        // a null payload (the listener reconnected: notifications may have been missed) also empties the cache
        notifications.subscribe(CacheInvalidation.EPOCH_CHANNEL, payload -> requestAck());
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
     * A writer in this process empties the cache directly once it has bumped the epoch to {@code epoch}: every write
     * up to that epoch had committed by then, so acknowledging it later through PostgreSQL needs no second emptying.
     */
    void emptied(long epoch) {
        cache.clear();
        emptiedFor.accumulateAndGet(epoch, Math::max); // after the clear: ack() relies on it being done
    }

    private void requestAck() {
        if (worker != null && ackPending.compareAndSet(false, true)) {
            worker.execute(this::ack);
        }
    }

    /** Empties the cache after reading the epoch, then records that epoch as acknowledged. */
    private void ack() {
        ackPending.set(false);
        try {
            long epoch = jdbc.sql("select epoch from ledger_cache_epoch").query(Long.class).single();
            if (epoch > emptiedFor.get()) { // else a writer in this process emptied it since that epoch (emptied)
                cache.clear();
            }
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
