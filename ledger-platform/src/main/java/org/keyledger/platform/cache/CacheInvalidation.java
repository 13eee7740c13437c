package org.keyledger.platform.cache;

import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.DaemonThreads;
import org.keyledger.platform.sync.PgNotifications;
import org.keyledger.platform.sync.Wakeups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The writers' side of verify-cache coherence (the protocol: {@link org.keyledger.platform.cache}): bump the epoch,
 * recording which key it evicts, and wait until every query service with a current lease has acknowledged it. Once
 * that wait returns, no query service answers verify for that key from an entry older than the write. A query
 * service in this very process (local mode) evicts the key directly, after the bump, instead of being waited for: it
 * still acknowledges through PostgreSQL like any other, but the write does not wait for those hand-offs.
 */
public class CacheInvalidation {

    public static final String EPOCH_CHANNEL = "ledger_cache_epoch";
    public static final String ACK_CHANNEL = "ledger_cache_ack";
    private static final Logger log = LoggerFactory.getLogger(CacheInvalidation.class);
    private static final long RECHECK_MILLIS = 50;
    private static final String UNACKNOWLEDGED = "select count(*) from ledger_query_instance"
            + " where lease_until > now() and acked_epoch < ? and instance_id <> all(?::varchar[])";
    /**
     * The bump and its eviction row (key {@code ?}, null for every key) in one statement, with the notification and
     * the count of leases to wait for (except {@code ?}, this process's), as they were before the bump: none has
     * acknowledged it yet.
     *
     * <p>Its transaction (the statement's own) commits without waiting for the WAL flush: a write saves a flush, and
     * the lock PostgreSQL holds over a notifying commit is held that much shorter. Losing a bump costs nothing: only a
     * crash of PostgreSQL loses one, and it cuts every query service's listener, which then empties its whole cache
     * (protocol, item 2); a bump some query service acknowledged is durable anyway, since that acknowledgement's own
     * flush covers it. Leases and acknowledgements stay synchronous: a lease lost would end earlier for writers than
     * its holder believes.
     */
    private static final String BUMP = "with bumped as"
            + " (update ledger_cache_epoch set epoch = epoch + 1 returning epoch),"
            + " recorded as (insert into ledger_cache_eviction (epoch, api_key_id)"
            + " select epoch, ?::varchar from bumped returning epoch)"
            + " select epoch, pg_notify(?, epoch::text), (select count(*) from ledger_query_instance"
            + " where lease_until > now() and instance_id <> all(?::varchar[])),"
            + " set_config('synchronous_commit', 'off', true) from recorded";
    /** Every this many epochs, the evictions no query service needs any more are deleted. */
    static final int PRUNE_EVERY = 1000;
    /**
     * Those at least ten minutes old and acknowledged by every current lease. One pruned all the same before a query
     * service read it (its lease had lapsed, say) is no danger: finding an epoch without its row, that query service
     * empties its whole cache.
     */
    private static final String PRUNE = "delete from ledger_cache_eviction where recorded_at < now() - interval"
            + " '10 minutes' and epoch <= coalesce((select min(acked_epoch) from ledger_query_instance"
            + " where lease_until > now()), (select epoch from ledger_cache_epoch))";

    private final JdbcClient jdbc;
    private final Duration bound;
    private final Supplier<List<CacheLease>> inProcess;
    private final Set<Semaphore> waiters = ConcurrentHashMap.newKeySet();
    private final Executor pruner = DaemonThreads.scheduler("verify-cache-prune"); // its thread starts on first use

    /**
     * @param lease     the query services' lease: within it every one of them has acknowledged or lost its lease, so
     *                  the wait needs no deadline of its own; twice the lease is only a guard against a broken clock
     * @param inProcess the query services running in this process, if any
     */
    public CacheInvalidation(JdbcClient jdbc, PgNotifications notifications, Duration lease,
                             Supplier<List<CacheLease>> inProcess) {
        this.jdbc = jdbc;
        this.bound = lease.multipliedBy(2);
        this.inProcess = inProcess;
        notifications.subscribe(ACK_CHANNEL, payload -> waiters.forEach(Semaphore::release));
    }

    /** A write's invalidation under way: the epoch is bumped, acknowledgements may still be coming. */
    public final class Invalidation implements AutoCloseable {

        private final Semaphore signal;
        private final long deadlineNanos;
        private final String[] here;
        private final long epoch;
        private final long unacknowledged;

        private Invalidation(Semaphore signal, long deadlineNanos, String[] here, long epoch, long unacknowledged) {
            this.signal = signal;
            this.deadlineNanos = deadlineNanos;
            this.here = here;
            this.epoch = epoch;
            this.unacknowledged = unacknowledged;
        }

        /**
         * Never cut short by the write's own wait for the projection: a write that gave up on the projection must
         * still not return while a cache could answer for the key as it was.
         *
         * @return whether every query service with a current lease acknowledged (false only past twice the lease)
         */
        public boolean await() throws InterruptedException {
            // the count the bump itself read saves a round trip when nobody else is to be waited for (local mode)
            return unacknowledged == 0 || Wakeups.await(
                    () -> jdbc.sql(UNACKNOWLEDGED).params(epoch, here).query(Long.class).single() == 0,
                    signal, deadlineNanos, RECHECK_MILLIS);
        }

        @Override
        public void close() {
            waiters.remove(signal);
        }
    }

    /**
     * Starts invalidating key {@code id}, to be called only once the write has committed: bumps the epoch, recording
     * the key, which the other query services acknowledge (after evicting it) while the write waits for its
     * projection; then evicts the key from the caches of this process. Safe before the projection has applied the
     * write: a verify that reads the row meanwhile sees the event store ahead of it and caches nothing (Verifier), and
     * one that read before the eviction may not fill the cache with what it read (VerifyCache).
     */
    public Invalidation begin(ApiKeyId id) {
        return begin(id.value());
    }

    /** As {@link #begin(ApiKeyId)}, for every key: each query service empties its whole cache. */
    public Invalidation beginForEveryKey() {
        return begin((String) null);
    }

    private Invalidation begin(String id) {
        // the bump commits on its own, and asynchronously (BUMP): never as part of a caller's transaction
        Assert.state(!TransactionSynchronizationManager.isActualTransactionActive(),
                "a verify-cache invalidation begins once the write has committed, outside any transaction");
        long deadlineNanos = System.nanoTime() + bound.toNanos();
        List<CacheLease> local = inProcess.get();
        String[] here = local.stream().map(CacheLease::instanceId).toArray(String[]::new);
        Semaphore signal = new Semaphore(0);
        waiters.add(signal); // before the bump, so that no acknowledgement goes unseen
        try {
            long[] bumped = jdbc.sql(BUMP).params(id, EPOCH_CHANNEL, here)
                    .query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(3)}).single();
            local.forEach(lease -> lease.evict(id));
            if (bumped[0] % PRUNE_EVERY == 0) {
                pruner.execute(this::prune);
            }
            return new Invalidation(signal, deadlineNanos, here, bumped[0], bumped[1]);
        } catch (RuntimeException e) {
            waiters.remove(signal);
            throw e;
        }
    }

    private void prune() {
        try {
            jdbc.sql(PRUNE).update();
        } catch (RuntimeException e) {
            log.warn("Could not prune the verify cache's evictions: {}", e.getMessage());
        }
    }

    /** Whether a change made at {@code changedAtMillis} is past the longest wait (the no-op rule, package-info). */
    public boolean settledSince(long changedAtMillis, long nowMillis) {
        return nowMillis - changedAtMillis > bound.toMillis();
    }
}
