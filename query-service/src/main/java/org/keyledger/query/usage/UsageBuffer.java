package org.keyledger.query.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Successful verifies not yet sent to Kafka, coalesced per key to the latest time. Recording never blocks and never
 * fails a verify; the buffer holds at most {@code capacity} keys, and a use of a key beyond that is dropped and
 * counted ({@code ledger.usage.dropped}), which only delays that key's {@code last_used_at} until its next use.
 */
public class UsageBuffer {

    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final int capacity;
    private final Counter dropped;

    public UsageBuffer(int capacity, MeterRegistry meters) {
        this.capacity = capacity;
        this.dropped = Counter.builder("ledger.usage.dropped")
                .description("verifies whose use could not be buffered for Kafka (buffer full)")
                .register(meters);
        meters.gaugeMapSize("ledger.usage.pending", java.util.List.of(), pending);
    }

    public void record(String apiKeyId, long at) {
        if (pending.size() >= capacity && !pending.containsKey(apiKeyId)) {
            dropped.increment();
            return;
        }
        pending.merge(apiKeyId, at, Math::max);
    }

    /** Takes everything buffered so far; what fails to send goes back through {@link #record}. */
    Map<String, Long> drain() {
        Map<String, Long> batch = new HashMap<>();
        for (String key : pending.keySet()) {
            Long at = pending.remove(key);
            if (at != null) {
                batch.put(key, at);
            }
        }
        return batch;
    }

    int size() {
        return pending.size();
    }
}
