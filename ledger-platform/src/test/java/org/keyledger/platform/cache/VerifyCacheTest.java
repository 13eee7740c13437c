package org.keyledger.platform.cache;

import org.junit.jupiter.api.Test;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache's own rules, on a clock of the test's: lease, generations, time to live, capacity, preload. */
class VerifyCacheTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final VerifyCache<Key> cache = new VerifyCache<>(SECOND, 2, clock::get);

    private record Key(String id) {
    }

    @Test
    void answersNothingWithoutALease() {
        var generation = cache.generation();
        cache.put(generation, "h1", key("a"), clock.get());
        assertThat(cache.get(generation, "h1")).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void answersWhileTheLeaseLastsAndNotAfter() {
        cache.leasedUntil(clock.get() + 2 * SECOND);
        var generation = cache.generation();
        cache.put(generation, "h1", key("a"), clock.get());
        assertThat(cache.get(generation, "h1").id()).isEqualTo("a");

        clock.addAndGet(2 * SECOND);
        assertThat(cache.get(cache.generation(), "h1")).as("the lease has ended").isNull();
        cache.leaseLost();
        cache.leasedUntil(clock.get() + SECOND);
        assertThat(cache.get(cache.generation(), "h1")).as("and the entry has expired meanwhile").isNull();
    }

    @Test
    void aFillFromBeforeAClearIsNeverRead() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        var before = cache.generation(); // a verify reads PostgreSQL ...
        cache.clear(); // ... a write empties the cache meanwhile ...
        cache.put(before, "h1", key("a"), clock.get()); // ... and the verify fills the old generation
        assertThat(cache.get(cache.generation(), "h1")).isNull();
    }

    @Test
    void aClearForgetsEverything() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        cache.put(cache.generation(), "h1", key("a"), clock.get());
        cache.clear();
        assertThat(cache.get(cache.generation(), "h1")).isNull();
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        cache.put(cache.generation(), "h1", key("a"), clock.get());
        clock.addAndGet(SECOND);
        assertThat(cache.get(cache.generation(), "h1")).isNotNull();
        clock.addAndGet(1);
        assertThat(cache.get(cache.generation(), "h1")).isNull();
    }

    @Test
    void holdsAtMostItsCapacity() {
        cache.leasedUntil(clock.get() + 10 * SECOND);
        var generation = cache.generation();
        cache.put(generation, "h1", key("a"), clock.get());
        cache.put(generation, "h2", key("b"), clock.get());
        cache.put(generation, "h3", key("c"), clock.get());
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(generation, "h3")).isNull();
        cache.put(generation, "h1", key("a2"), clock.get()); // a key already held is refreshed
        assertThat(cache.get(generation, "h1").id()).isEqualTo("a2");
    }

    @Test
    void aPreloadedEntryDoesNotExpireButGoesWithItsGenerationAndStopsAtCapacity() {
        var generation = cache.generation();
        assertThat(cache.preload(generation, "h1", key("a"))).as("not without a lease").isFalse();
        cache.leasedUntil(clock.get() + 100 * SECOND);
        assertThat(cache.preload(generation, "h1", key("a"))).isTrue();
        assertThat(cache.preload(generation, "h2", key("b"))).isTrue();
        assertThat(cache.preload(generation, "h3", key("c"))).as("full").isFalse();
        clock.addAndGet(50 * SECOND);
        assertThat(cache.get(generation, "h1").id()).as("past the ttl").isEqualTo("a");
        cache.clear();
        assertThat(cache.get(cache.generation(), "h1")).isNull();
        assertThat(cache.preload(generation, "h1", key("a"))).as("into the old generation: kept, never read")
                .isTrue();
        assertThat(cache.get(cache.generation(), "h1")).isNull();
    }

    private static Key key(String id) {
        return new Key(id);
    }
}
