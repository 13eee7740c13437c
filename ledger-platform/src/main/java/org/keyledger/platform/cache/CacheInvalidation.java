package org.keyledger.platform.cache;

import org.keyledger.platform.sync.PgNotifications;
import org.keyledger.platform.sync.Wakeups;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The writers' side of verify-cache coherence (the protocol: {@link org.keyledger.platform.cache}): bump the epoch
 * and wait until every query service with a current lease has acknowledged it. Once that wait returns, no query
 * service answers verify from an entry older than the write. A query service in this very process (local mode) is
 * emptied directly, after the bump, instead of waited for: it still acknowledges through PostgreSQL like any other
 * (without emptying again), but the write does not wait for those hand-offs.
 */
public class CacheInvalidation {

    public static final String EPOCH_CHANNEL = "ledger_cache_epoch";
    public static final String ACK_CHANNEL = "ledger_cache_ack";
    private static final long RECHECK_MILLIS = 50;
    private static final String UNACKNOWLEDGED = "select count(*) from ledger_query_instance"
            + " where lease_until > now() and acked_epoch < ? and instance_id <> all(?::varchar[])";

    private final JdbcClient jdbc;
    private final Duration bound;
    private final Supplier<List<CacheLease>> inProcess;
    private final Set<Semaphore> waiters = ConcurrentHashMap.newKeySet();

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
        private final String[] emptied;
        private final long epoch;
        private final long unacknowledged;

        private Invalidation(Semaphore signal, long deadlineNanos, String[] emptied, long epoch, long unacknowledged) {
            this.signal = signal;
            this.deadlineNanos = deadlineNanos;
            this.emptied = emptied;
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
                    () -> jdbc.sql(UNACKNOWLEDGED).params(epoch, emptied).query(Long.class).single() == 0,
                    signal, deadlineNanos, RECHECK_MILLIS);
        }

        @Override
        public void close() {
            waiters.remove(signal);
        }
    }

    /**
     * Starts invalidating, to be called only once the write has committed: bumps the epoch, which the other query
     * services acknowledge while the write waits for its projection, then empties the caches of this process. Safe
     * before the projection has applied the write: a verify that reads the row meanwhile sees the event store ahead
     * of it and caches nothing (Verifier), and one that read before the write puts into a generation that emptying
     * replaced.
     */
    public Invalidation begin() {
        long deadlineNanos = System.nanoTime() + bound.toNanos();
        List<CacheLease> local = inProcess.get();
        String[] emptied = local.stream().map(CacheLease::instanceId).toArray(String[]::new);
        Semaphore signal = new Semaphore(0);
        waiters.add(signal); // before the bump, so that no acknowledgement goes unseen
        try {
            // the count reads the leases as they were before the bump: none has acknowledged it yet
            long[] bumped = jdbc.sql("with bumped as (update ledger_cache_epoch set epoch = epoch + 1 returning epoch)"
                            + " select epoch, pg_notify(?, epoch::text), (select count(*) from ledger_query_instance"
                            + " where lease_until > now() and instance_id <> all(?::varchar[])) from bumped")
                    .params(EPOCH_CHANNEL, emptied).query((rs, n) -> new long[]{rs.getLong(1), rs.getLong(3)})
                    .single();
            local.forEach(lease -> lease.emptied(bumped[0]));
            return new Invalidation(signal, deadlineNanos, emptied, bumped[0], bumped[1]);
        } catch (RuntimeException e) {
            waiters.remove(signal);
            throw e;
        }
    }

    /** Whether a change made at {@code changedAtMillis} is past the longest wait (the no-op rule, package-info). */
    public boolean settledSince(long changedAtMillis, long nowMillis) {
        return nowMillis - changedAtMillis > bound.toMillis();
    }
}
