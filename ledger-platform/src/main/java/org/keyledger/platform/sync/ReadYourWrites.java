package org.keyledger.platform.sync;

import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.cache.CacheInvalidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes a write route return only once the query side reflects it: after the command committed, wait until the
 * projection has applied the key's latest event and, meanwhile, until every query service has emptied its verify cache
 * ({@link CacheInvalidation}; the protocol: {@link org.keyledger.platform.cache}). Woken by PostgreSQL notifications, re-checking the stored position now and then in
 * case one was missed. If the deployment has no query side at all there is nobody to wait for; if the projection does
 * not catch up within the bound, the write returns anyway and verify, which refuses to answer while the projection
 * lags by more than its own (smaller) bound, keeps the zero-window promise.
 */
public class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);
    private static final long RECHECK_MILLIS = 100;

    private final ProjectionPositions positions;
    private final CacheInvalidation caches;
    private final Duration timeout;
    private final Map<String, Set<Semaphore>> waiters = new ConcurrentHashMap<>();

    public ReadYourWrites(ProjectionPositions positions, CacheInvalidation caches, PgNotifications notifications,
                          Duration timeout) {
        this.positions = positions;
        this.caches = caches;
        this.timeout = timeout;
        notifications.subscribe(ProjectionPositions.CHANNEL, this::projected);
    }

    /** After a create: waits until the query model has the new key (which no verify cache can hold yet). */
    public void awaitCreated(ApiKeyId id) {
        await(id, false);
    }

    /**
     * After an update, revoke or delete: waits until the query model has applied the key's latest event and no verify
     * cache predates it.
     */
    public void awaitChanged(ApiKeyId id) {
        await(id, true);
    }

    private void await(ApiKeyId id, boolean cached) {
        Semaphore signal = new Semaphore(0);
        Set<Semaphore> forKey = waiters.computeIfAbsent(id.value(), k -> ConcurrentHashMap.newKeySet());
        forKey.add(signal);
        long deadline = System.nanoTime() + timeout.toNanos();
        // the caches are emptied while the projection catches up, not after: the waits overlap
        try (CacheInvalidation.Invalidation invalidation = cached ? caches.begin() : null) {
            // the first look in one round trip (on a loaded machine each one may wait for the CPU)
            ProjectionPositions.Progress progress = positions.progress(id);
            long target = progress.appended();
            AtomicBoolean firstLook = new AtomicBoolean(true);
            if (target >= 0 && progress.projectionExists() && !Wakeups.await(() -> (firstLook.getAndSet(false)
                    ? progress.applied() : positions.applied(id).orElse(-1L)) >= target, signal, deadline,
                    RECHECK_MILLIS)) {
                log.warn("The query model did not apply {} within {}; answering the write anyway", id, timeout);
            }
            if (invalidation != null && !invalidation.await()) {
                log.warn("A query service did not empty its verify cache after {} changed; answering the write anyway",
                        id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            forKey.remove(signal);
            waiters.computeIfPresent(id.value(), (k, set) -> set.isEmpty() ? null : set);
        }
    }

    /** A null key means notifications may have been missed: wake every waiter to look again. */
    private void projected(String key) {
        if (key == null) {
            waiters.values().forEach(set -> set.forEach(Semaphore::release));
        } else {
            waiters.getOrDefault(key, Set.of()).forEach(Semaphore::release);
        }
    }
}
