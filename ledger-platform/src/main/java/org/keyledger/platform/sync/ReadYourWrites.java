package org.keyledger.platform.sync;

import org.keyledger.events.ApiKeyId;
import org.keyledger.platform.cache.CacheInvalidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Makes a write route return only once the query side reflects it: after the command committed, wait until the
 * projection has applied the key's latest event and, meanwhile, until every query service has evicted the key from
 * its verify cache ({@link CacheInvalidation}; the protocol: {@link org.keyledger.platform.cache}). Woken by
 * PostgreSQL notifications, re-checking the stored position now and then in case one was missed. If the deployment
 * has no query side at all there is nobody to wait for; if the projection does not catch up within the bound, the
 * write returns anyway and verify, which refuses to answer while the projection lags by more than its own (smaller)
 * bound, keeps the zero-window promise.
 */
public class ReadYourWrites {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);
    private static final long RECHECK_MILLIS = 100;
    private static final int ANNOUNCED_KEYS = 100_000;

    private final ProjectionPositions positions;
    private final CacheInvalidation caches;
    private final Duration timeout;
    private final Map<String, Set<Semaphore>> waiters = new ConcurrentHashMap<>();
    /**
     * The sequences most recently announced per key, so that a write whose event the projection applied before its
     * wait began needs no query: the listener records here before it wakes the key's waiters, and a waiter looks
     * here after it registered, so one of the two sees the other. Bounded: an entry pushed out is looked up in
     * PostgreSQL instead.
     */
    private final Map<String, Long> announced = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > ANNOUNCED_KEYS;
        }
    });
    /** Once a projection has stored a token it exists for good: asked only until then. */
    private volatile boolean projectionSeen;

    public ReadYourWrites(ProjectionPositions positions, CacheInvalidation caches, PgNotifications notifications,
                          Duration timeout) {
        this.positions = positions;
        this.caches = caches;
        this.timeout = timeout;
        notifications.subscribe(ProjectionPositions.CHANNEL, this::projected);
    }

    /** After a create: waits until the query model has the new key (which no verify cache can hold yet). */
    public void awaitCreated(ApiKeyId id) {
        await(id, false, 0);
    }

    /**
     * After an update, revoke or delete whose event is the key's {@code sequence}th: waits until the query model has
     * applied the key's latest event and no verify cache holds the key as it was before.
     */
    public void awaitChanged(ApiKeyId id, long sequence) {
        await(id, true, sequence);
    }

    /**
     * Waits until the projection has applied the key's latest event: a new key's is its first (no query needed);
     * after a change, the first look reads the latest sequence, whether a query side exists and how far it applied
     * the key in one round trip (on a loaded machine each one may wait for the CPU).
     *
     * @return false only if the projection did not catch up in time
     */
    private boolean applied(ApiKeyId id, boolean cached, long sequence, Semaphore signal, long deadline)
            throws InterruptedException {
        if (!cached) {
            return !projectionExists() || awaitApplied(id, 0, signal, deadline);
        }
        if (announced.getOrDefault(id.value(), -1L) >= sequence) {
            return true; // applied as it was appended (local mode: WriteThroughProjection), or since
        }
        ProjectionPositions.Progress progress = positions.progress(id);
        projectionSeen |= progress.projectionExists();
        long target = progress.appended();
        return target < 0 || !progress.projectionExists() || progress.applied() >= target
                || awaitApplied(id, target, signal, deadline);
    }

    private void await(ApiKeyId id, boolean cached, long sequence) {
        Semaphore signal = new Semaphore(0);
        Set<Semaphore> forKey = waiters.computeIfAbsent(id.value(), k -> ConcurrentHashMap.newKeySet());
        forKey.add(signal);
        long deadline = System.nanoTime() + timeout.toNanos();
        // the key is evicted from the caches while the projection catches up, not after: the waits overlap
        try (CacheInvalidation.Invalidation invalidation = cached ? caches.begin(id) : null) {
            if (!applied(id, cached, sequence, signal, deadline)) {
                log.warn("The query model did not apply {} within {}; answering the write anyway", id, timeout);
            }
            if (invalidation != null && !invalidation.await()) {
                log.warn("A query service did not evict {} from its verify cache after it changed; answering the write"
                        + " anyway", id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            forKey.remove(signal);
            waiters.computeIfPresent(id.value(), (k, set) -> set.isEmpty() ? null : set);
        }
    }

    private boolean projectionExists() {
        if (!projectionSeen) {
            projectionSeen = positions.projectionExists();
        }
        return projectionSeen;
    }

    /**
     * Until the key's position reaches {@code target}: first as announced, then, after each wake-up or re-check
     * interval the announcements did not settle, as stored.
     */
    private boolean awaitApplied(ApiKeyId id, long target, Semaphore signal, long deadline)
            throws InterruptedException {
        if (announced.getOrDefault(id.value(), -1L) >= target) {
            return true;
        }
        signal.tryAcquire(Math.max(0, Math.min(deadline - System.nanoTime(),
                TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS))), TimeUnit.NANOSECONDS);
        return Wakeups.await(() -> announced.getOrDefault(id.value(), -1L) >= target
                || positions.applied(id).orElse(-1L) >= target, signal, deadline, RECHECK_MILLIS);
    }

    /**
     * A notification names keys with their new positions ({@link ProjectionPositions#recordAll}); a null one means
     * notifications may have been missed: wake every waiter to look again.
     */
    private void projected(String payload) {
        if (payload == null) {
            waiters.values().forEach(set -> set.forEach(Semaphore::release));
            return;
        }
        ProjectionPositions.parse(payload).forEach((key, sequence) -> {
            announced.merge(key, sequence, Math::max);
            waiters.getOrDefault(key, Set.of()).forEach(Semaphore::release);
        });
    }
}
