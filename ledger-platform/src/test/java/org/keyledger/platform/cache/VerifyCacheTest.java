package org.keyledger.platform.cache;

import org.junit.jupiter.api.Test;
import org.keyledger.platform.cache.VerifyCache.Fill;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache's own rules, on a clock of the test's: lease, generations, evictions, time to live, capacity, preload.
 */
class VerifyCacheTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final VerifyCache<Key> cache = new VerifyCache<>(SECOND, 2, clock::get, Key::id);

    private record Key(String id, String name) {
    }

    @Test
    void answersNothingWithoutALease() {
        assertThat(cache.put(cache.reading(), "h1", key("a"), clock.get())).isEqualTo(Fill.NO_ROOM);
        assertThat(cache.get("h1")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void answersWhileTheLeaseLastsAndNotAfter() {
        cache.leasedUntil(clock.get() + 2 * SECOND);
        cache.put(cache.reading(), "h1", key("a"), clock.get());
        assertThat(cache.get("h1").id()).isEqualTo("a");

        clock.addAndGet(2 * SECOND);
        assertThat(cache.get("h1")).as("the lease has ended").isNull();
        cache.leaseLost();
        cache.leasedUntil(clock.get() + SECOND);
        assertThat(cache.get("h1")).as("and the entry has expired meanwhile").isNull();
    }

    @Test
    void aFillFromBeforeAClearIsNeverRead() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        var before = cache.reading(); // a verify reads PostgreSQL ...
        cache.clear(); // ... the cache is emptied meanwhile ...
        cache.put(before, "h1", key("a"), clock.get()); // ... and the verify fills the old generation
        assertThat(cache.get("h1")).isNull();
    }

    @Test
    void aClearForgetsEverything() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        cache.put(cache.reading(), "h1", key("a"), clock.get());
        cache.clear();
        assertThat(cache.get("h1")).isNull();
    }

    @Test
    void anEvictionForgetsItsKeyAndNoOther() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        cache.put(cache.reading(), "h1", key("a"), clock.get());
        cache.put(cache.reading(), "h2", key("b"), clock.get());

        cache.evict("a");

        assertThat(cache.get("h1")).isNull();
        assertThat(cache.get("h2").id()).isEqualTo("b");
        assertThat(cache.size()).isEqualTo(1);
        cache.evict("never-cached");
        assertThat(cache.get("h2").id()).isEqualTo("b");
    }

    @Test
    void aFillReadBeforeAnEvictionOfItsKeyIsRefusedAndOneReadAfterItKept() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        var before = cache.reading(); // a verify of a reads PostgreSQL ...
        cache.evict("a"); // ... a write of a evicts it meanwhile ...
        assertThat(cache.put(before, "h1", key("a"), clock.get())).as("... and the verify's fill comes last")
                .isEqualTo(Fill.STALE);
        assertThat(cache.get("h1")).isNull();

        assertThat(cache.put(before, "h2", key("b"), clock.get())).as("another key's fill, read as early")
                .isEqualTo(Fill.KEPT);
        assertThat(cache.put(cache.reading(), "h1", key("a"), clock.get())).as("read after the eviction")
                .isEqualTo(Fill.KEPT);
        assertThat(cache.get("h1").id()).isEqualTo("a");
    }

    @Test
    void aFillReadBeforeMoreEvictionsThanTheCacheRemembersIsRefused() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        var before = cache.reading();
        for (int i = 0; i < VerifyCache.REMEMBERED; i++) {
            cache.evict("other-" + i);
        }
        assertThat(cache.put(before, "h1", key("a"), clock.get())).as("every eviction since is remembered")
                .isEqualTo(Fill.KEPT);
        var later = cache.reading();
        cache.evict("other");
        for (int i = 0; i < VerifyCache.REMEMBERED; i++) {
            cache.evict("other-" + i);
        }
        assertThat(cache.put(later, "h2", key("b"), clock.get())).as("one since is forgotten: b's, perhaps")
                .isEqualTo(Fill.STALE);
        assertThat(cache.get("h2")).isNull();
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        cache.put(cache.reading(), "h1", key("a"), clock.get());
        clock.addAndGet(SECOND);
        assertThat(cache.get("h1")).isNotNull();
        clock.addAndGet(1);
        assertThat(cache.get("h1")).isNull();
    }

    @Test
    void holdsAtMostItsCapacity() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        var reading = cache.reading();
        cache.put(reading, "h1", key("a"), clock.get());
        cache.put(reading, "h2", key("b"), clock.get());
        assertThat(cache.put(reading, "h3", key("c"), clock.get())).isEqualTo(Fill.NO_ROOM);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("h3")).isNull();
        cache.put(reading, "h1", new Key("a", "renamed"), clock.get()); // a key already held is refreshed
        assertThat(cache.get("h1").name()).isEqualTo("renamed");
    }

    @Test
    void aPreloadedEntryDoesNotExpireButGoesWithItsGenerationAndStopsAtCapacity() {
        assertThat(cache.preload(cache.reading(), "h1", key("a"))).as("not without a lease").isEqualTo(Fill.NO_ROOM);
        cache.leasedUntil(clock.get() + 100 * SECOND);
        var reading = cache.reading();
        assertThat(cache.preload(reading, "h1", key("a"))).isEqualTo(Fill.KEPT);
        assertThat(cache.preload(reading, "h2", key("b"))).isEqualTo(Fill.KEPT);
        assertThat(cache.preload(reading, "h3", key("c"))).as("full").isEqualTo(Fill.NO_ROOM);
        clock.addAndGet(50 * SECOND);
        assertThat(cache.get("h1").id()).as("past the ttl").isEqualTo("a");
        cache.clear();
        assertThat(cache.get("h1")).isNull();
        assertThat(cache.preload(reading, "h1", key("a"))).as("into the old generation: kept, never read")
                .isEqualTo(Fill.KEPT);
        assertThat(cache.get("h1")).isNull();
    }

    @Test
    void aPreloadRefusesTheRowsOfKeysEvictedSinceItsPageWasRead() {
        cache.leasedUntil(clock.get() + 100 * SECOND);
        var page = cache.reading(); // a page of the active set is read ...
        cache.evict("b"); // ... while b is revoked ...
        assertThat(cache.preload(page, "h1", key("a"))).isEqualTo(Fill.KEPT);
        assertThat(cache.preload(page, "h2", key("b"))).as("... so b's row is stale").isEqualTo(Fill.STALE);
        assertThat(cache.get("h2")).isNull();

        cache.evict("a"); // and a changes after it was preloaded
        assertThat(cache.get("h1")).isNull();
        assertThat(cache.size()).isZero();
    }

    private static Key key(String id) {
        return new Key(id, id);
    }
}
