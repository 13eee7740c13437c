package org.keyledger.platform.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Keys recently verified (active ones, and revoked, expired or deleted ones, which verify rejects), by the SHA-256 of
 * their secret, so that a repeated verify needs no round trip to PostgreSQL. It answers only while its
 * {@link CacheLease} is current, and every write evicts its key from it before the write returns (the protocol:
 * {@link org.keyledger.platform.cache}).
 * <p>
 * A fill must not put back what an eviction removed: each one carries the {@link Reading} taken before its read of
 * PostgreSQL. Emptying the cache replaces its {@link Generation}, so a fill read before an emptying goes into one
 * nobody reads; and a fill whose key was {@linkplain #evict evicted} after its reading began is refused, as is any
 * fill whose reading is older than the last {@value #REMEMBERED} evictions, which are all the cache remembers.
 * <p>
 * An entry filled by a verify expires after {@code ttl}, which bounds how old the {@code last_used_at} it answers
 * with can be; one {@linkplain #preload preloaded} with the whole active key set stays until its key is evicted or
 * the cache emptied, so that a key population far larger than the keys verified in any ttl is still answered from
 * memory.
 *
 * @param <V> what is kept of a key
 */
public final class VerifyCache<V> {

    /** How many evictions the cache remembers, to refuse fills read before them. */
    static final int REMEMBERED = 4096;

    /** The entries of one generation, by hash, and the hash of each key held, by key id. */
    public static final class Generation<V> {
        private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
        private final Map<String, String> hashes = new ConcurrentHashMap<>();
    }

    /** Taken before a read of PostgreSQL that may fill the cache: the generation then and the evictions so far. */
    public record Reading<V>(Generation<V> generation, long stamp) {
    }

    /** What became of a fill. */
    public enum Fill {
        KEPT,
        /** its key was evicted after its reading began (or maybe was: too many evictions since) */
        STALE,
        /** the cache is full or not answering */
        NO_ROOM
    }

    private record Entry<V>(V key, long loadedAtNanos, boolean preloaded) {
    }

    private final long ttlNanos;
    private final int capacity;
    private final LongSupplier nanoClock;
    private final Function<V, String> idOf;
    /** Held to evict and to fill, so that no fill checks the evictions between another's check and its removal. */
    private final Object evicting = new Object();
    /** The key id of eviction {@code n} (counted from 0) at {@code n % REMEMBERED}; guarded by {@link #evicting}. */
    private final String[] evicted = new String[REMEMBERED];
    private volatile long evictions;
    private volatile Generation<V> current = new Generation<>();
    private volatile boolean leased;
    private volatile long leaseEndsNanos;

    /**
     * @param capacity keys at the most; 0 turns the cache off
     * @param idOf     the id of a key, which a write evicts it by
     */
    public VerifyCache(long ttlNanos, int capacity, LongSupplier nanoClock, Function<V, String> idOf) {
        this.ttlNanos = ttlNanos;
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.idOf = idOf;
    }

    /** To take before reading PostgreSQL for a fill. */
    public Reading<V> reading() {
        Generation<V> generation = current;
        return new Reading<>(generation, evictions);
    }

    /** The generation current now: a preload loads into one, and is done when it has been replaced. */
    public Generation<V> generation() {
        return current;
    }

    /** @return the cached key for this hash, or null (also whenever the lease is not current) */
    public V get(String secretSha256) {
        if (!leaseCurrent()) {
            return null;
        }
        Entry<V> entry = current.entries.get(secretSha256);
        return entry == null || !entry.preloaded() && nanoClock.getAsLong() - entry.loadedAtNanos() > ttlNanos
                ? null : entry.key();
    }

    /** Keeps a key read from an up-to-date row; {@code loadedAtNanos} is when that read began. */
    public Fill put(Reading<V> reading, String secretSha256, V key, long loadedAtNanos) {
        return keep(reading, secretSha256, key, new Entry<>(key, loadedAtNanos, false));
    }

    /**
     * Keeps an active key read from an up-to-date row by a preload of the whole active set: it does not expire,
     * only goes with its generation or an eviction.
     *
     * @return {@link Fill#NO_ROOM} once the cache is full or not answering: the preload may stop
     */
    public Fill preload(Reading<V> reading, String secretSha256, V key) {
        return keep(reading, secretSha256, key, new Entry<>(key, 0, true));
    }

    private Fill keep(Reading<V> reading, String secretSha256, V key, Entry<V> entry) {
        Generation<V> generation = reading.generation();
        if (!leaseCurrent() || generation.entries.size() >= capacity
                && !generation.entries.containsKey(secretSha256)) {
            return Fill.NO_ROOM;
        }
        String id = idOf.apply(key);
        synchronized (evicting) {
            if (evictedSince(reading.stamp(), id)) {
                return Fill.STALE;
            }
            generation.entries.put(secretSha256, entry);
            String before = generation.hashes.put(id, secretSha256);
            if (before != null && !before.equals(secretSha256)) {
                generation.entries.remove(before);
            }
            return Fill.KEPT;
        }
    }

    /** Whether key {@code id} was evicted, or may have been, since the reading with {@code stamp}. */
    private boolean evictedSince(long stamp, String id) {
        long now = evictions;
        if (now - stamp > REMEMBERED) {
            return true;
        }
        for (long n = stamp; n < now; n++) {
            if (id.equals(evicted[(int) (n % REMEMBERED)])) {
                return true;
            }
        }
        return false;
    }

    /** Whether it may answer now (its lease is current); a preload waits for it. */
    public boolean answering() {
        return leaseCurrent();
    }

    public int size() {
        return current.entries.size();
    }

    /** Forgets key {@code id}: verifies of it that begin from now on read PostgreSQL, and no earlier one refills it. */
    void evict(String id) {
        synchronized (evicting) {
            long n = evictions;
            evicted[(int) (n % REMEMBERED)] = id;
            evictions = n + 1;
            Generation<V> generation = current;
            String secretSha256 = generation.hashes.remove(id);
            if (secretSha256 != null) {
                generation.entries.remove(secretSha256);
            }
        }
    }

    /** Forgets everything: verifies that begin from now on read PostgreSQL. */
    void clear() {
        current = new Generation<>();
    }

    /** The lease runs until {@code endsNanos} on {@link System#nanoTime()}'s scale. */
    void leasedUntil(long endsNanos) {
        leaseEndsNanos = endsNanos;
        leased = true;
    }

    void leaseLost() {
        leased = false;
    }

    boolean leaseCurrent() {
        return leased && nanoClock.getAsLong() - leaseEndsNanos < 0;
    }
}
