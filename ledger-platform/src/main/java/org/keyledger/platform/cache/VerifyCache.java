package org.keyledger.platform.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Active keys recently verified, by the SHA-256 of their secret, so that a repeated verify needs no round trip to
 * PostgreSQL. It answers only while its {@link CacheLease} is current, and is emptied by every write before the write
 * returns (the protocol: {@link org.keyledger.platform.cache}).
 * <p>
 * Entries are read and filled through a {@link Generation} (the one current when the verify began): emptying the
 * cache replaces it, so a verify that read PostgreSQL before a write and finishes after it fills one nobody reads.
 * An entry filled by a verify expires after {@code ttl}, which bounds how old the {@code last_used_at} it answers
 * with can be; one {@linkplain #preload preloaded} with the whole active key set stays until the next emptying, so
 * that a key population far larger than the keys verified in any ttl is still answered from memory.
 *
 * @param <V> what is kept of a key
 */
public final class VerifyCache<V> {

    /** The entries of one generation; taken before the lookup in PostgreSQL, then read and filled. */
    public static final class Generation<V> {
        private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    }

    private record Entry<V>(V key, long loadedAtNanos, boolean preloaded) {
    }

    private final long ttlNanos;
    private final int capacity;
    private final LongSupplier nanoClock;
    private volatile Generation<V> current = new Generation<>();
    private volatile boolean leased;
    private volatile long leaseEndsNanos;

    /** @param capacity keys at the most; 0 turns the cache off */
    public VerifyCache(long ttlNanos, int capacity, LongSupplier nanoClock) {
        this.ttlNanos = ttlNanos;
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    public Generation<V> generation() {
        return current;
    }

    /** @return the cached active key for this hash, or null (also whenever the lease is not current) */
    public V get(Generation<V> generation, String secretSha256) {
        if (!leaseCurrent()) {
            return null;
        }
        Entry<V> entry = generation.entries.get(secretSha256);
        return entry == null || !entry.preloaded() && nanoClock.getAsLong() - entry.loadedAtNanos() > ttlNanos
                ? null : entry.key();
    }

    /** Keeps an active key read from an up-to-date row; {@code loadedAtNanos} is when that read began. */
    public void put(Generation<V> generation, String secretSha256, V key, long loadedAtNanos) {
        keep(generation, secretSha256, new Entry<>(key, loadedAtNanos, false));
    }

    /**
     * Keeps an active key read from an up-to-date row by a preload of the whole active set into {@code generation}
     * (taken before the read began): it does not expire, only goes with its generation.
     *
     * @return false once the cache is full or not answering: the preload may stop
     */
    public boolean preload(Generation<V> generation, String secretSha256, V key) {
        return keep(generation, secretSha256, new Entry<>(key, 0, true));
    }

    private boolean keep(Generation<V> generation, String secretSha256, Entry<V> entry) {
        if (leaseCurrent() && (generation.entries.size() < capacity
                || generation.entries.containsKey(secretSha256))) {
            generation.entries.put(secretSha256, entry);
            return true;
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
