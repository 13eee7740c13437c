package org.keyledger.platform.cache;

import org.keyledger.platform.sync.PgNotifications;
import org.keyledger.platform.sync.Wakeups;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The writers' side of verify-cache coherence (the protocol: {@link org.keyledger.platform.cache}): bump the epoch
 * and wait until every query service with a current lease has acknowledged it. Once this returns, no query service
 * answers verify from an entry older than the write.
 */
public class CacheInvalidation {

    public static final String EPOCH_CHANNEL = "ledger_cache_epoch";
    public static final String ACK_CHANNEL = "ledger_cache_ack";
    private static final long RECHECK_MILLIS = 50;

    private final JdbcClient jdbc;
    private final Duration bound;
    private final Set<Semaphore> waiters = ConcurrentHashMap.newKeySet();

    /**
     * @param lease the query services' lease: within it every one of them has acknowledged or lost its lease, so
     *              the wait needs no deadline of its own; twice the lease is only a guard against a broken clock
     */
    public CacheInvalidation(JdbcClient jdbc, PgNotifications notifications, Duration lease) {
        this.jdbc = jdbc;
        this.bound = lease.multipliedBy(2);
        notifications.subscribe(ACK_CHANNEL, payload -> waiters.forEach(Semaphore::release));
    }

    /**
     * Never cut short by the write's own wait for the projection: a write that gave up on the projection must still
     * not return while a cache could answer for the key as it was.
     *
     * @return whether every query service with a current lease acknowledged (false only past twice the lease)
     */
    public boolean invalidate() throws InterruptedException {
        long deadlineNanos = System.nanoTime() + bound.toNanos();
        Semaphore signal = new Semaphore(0);
        waiters.add(signal);
        try {
            long epoch = jdbc.sql("with bumped as (update ledger_cache_epoch set epoch = epoch + 1 returning epoch)"
                            + " select epoch, pg_notify(?, epoch::text) from bumped")
                    .param(EPOCH_CHANNEL).query((rs, n) -> rs.getLong(1)).single();
            return Wakeups.await(() -> unacknowledged(epoch) == 0, signal, deadlineNanos, RECHECK_MILLIS);
        } finally {
            waiters.remove(signal);
        }
    }

    /** Whether a change made at {@code changedAtMillis} is past the longest wait (the no-op rule, package-info). */
    public boolean settledSince(long changedAtMillis, long nowMillis) {
        return nowMillis - changedAtMillis > bound.toMillis();
    }

    private long unacknowledged(long epoch) {
        return jdbc.sql("select count(*) from ledger_query_instance where lease_until > now() and acked_epoch < ?")
                .param(epoch).query(Long.class).single();
    }
}
