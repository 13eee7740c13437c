package org.keyledger.query.verify;

import org.keyledger.query.keys.ApiKeyView;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Active keys recently verified, by the SHA-256 of their secret, so that a repeated verify needs no round trip to
 * PostgreSQL. Safe for the zero window only together with {@link CacheLease}: every update, revoke and delete empties
 * the cache of every query service before it returns, and the cache answers only while this query service's lease is
 * current. A create need not: only keys already verified are here, and an unknown secret is never kept.
 * <p>
 * Entries are read and filled through a generation (the map current when the verify began): emptying the cache
 * replaces the map, so a verify that read PostgreSQL before a write and finishes after it fills a map nobody reads.
 * An entry also expires after {@code ttl} (10 s by default), which bounds how old the {@code last_used_at} it answers
 * with can be; GET answers with the current one.
 */
final class VerifyCache {

    record Entry(ApiKeyView key, long loadedAtNanos) {
    }

    private final long ttlNanos;
    private final int capacity;
    private final LongSupplier nanoClock;
    private volatile Map<String, Entry> current = new ConcurrentHashMap<>();
    private volatile boolean leased;
    private volatile long leaseEndsNanos;

    VerifyCache(long ttlNanos, int capacity, LongSupplier nanoClock) {
        this.ttlNanos = ttlNanos;
        this.capacity = capacity;
        this.nanoClock = nanoClock;
    }

    /** The generation to read and then fill; taken before the lookup in PostgreSQL. */
    Map<String, Entry> generation() {
        return current;
    }

    /** @return the cached active key for this hash, or null (also whenever the lease is not current) */
    ApiKeyView get(Map<String, Entry> generation, String secretSha256) {
        if (!leaseCurrent()) {
            return null;
        }
        Entry entry = generation.get(secretSha256);
        return entry == null || nanoClock.getAsLong() - entry.loadedAtNanos() > ttlNanos ? null : entry.key();
    }

    /** Keeps an active key read from an up-to-date row; {@code loadedAtNanos} is when that read began. */
    void put(Map<String, Entry> generation, String secretSha256, ApiKeyView key, long loadedAtNanos) {
        if (leaseCurrent() && (generation.size() < capacity || generation.containsKey(secretSha256))) {
            generation.put(secretSha256, new Entry(key, loadedAtNanos));
        }
    }

    /** Forgets everything: verifies that begin from now on read PostgreSQL. */
    void clear() {
        current = new ConcurrentHashMap<>();
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

    int size() {
        return current.size();
    }
}
