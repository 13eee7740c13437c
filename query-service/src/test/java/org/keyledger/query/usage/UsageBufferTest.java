package org.keyledger.query.usage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage buffer: coalesced per key to the latest use, bounded, and every dropped use counted. */
class UsageBufferTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UsageBuffer buffer = new UsageBuffer(2, meters);

    @Test
    void keepsOnlyTheLatestUseOfEachKey() {
        buffer.record("ak_1", 200);
        buffer.record("ak_1", 100); // an older use arriving late
        buffer.record("ak_1", 300);
        assertThat(buffer.drain()).isEqualTo(Map.of("ak_1", 300L));
        assertThat(buffer.drain()).isEmpty();
    }

    @Test
    void whenFullDropsUsesOfNewKeysCountsThemAndStillTakesUsesOfKeysItHolds() {
        buffer.record("ak_1", 1);
        buffer.record("ak_2", 1);
        buffer.record("ak_3", 1);
        buffer.record("ak_4", 1);
        buffer.record("ak_1", 5);

        assertThat(meters.get("ledger.usage.dropped").counter().count()).isEqualTo(2);
        assertThat(meters.get("ledger.usage.pending").gauge().value()).isEqualTo(2);
        assertThat(buffer.drain()).isEqualTo(Map.of("ak_1", 5L, "ak_2", 1L));
        buffer.record("ak_3", 7); // room again once drained
        assertThat(buffer.drain()).isEqualTo(Map.of("ak_3", 7L));
    }
}
