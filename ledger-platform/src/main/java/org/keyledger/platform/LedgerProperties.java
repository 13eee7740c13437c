package org.keyledger.platform;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.keyledger.platform.session.SessionProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Every {@code ledger.*} setting, with its default, in one place; checked when a service starts. Environment
 * variables bind by Spring's relaxed rules ({@code LEDGER_VERIFY_MAXPROJECTIONLAG}); the documented short names
 * ({@code LEDGER_SECRET_KEYS}, {@code LEDGER_MASTER_KEY}, {@code LEDGER_DATA_DIR}) are mapped in
 * {@code ledger-defaults.properties}, which also holds the one default of {@code data-dir}.
 *
 * @param secretKeys the instance keys, comma-separated; blank: a development key for this run only
 * @param masterKey  base64 of the 256-bit master key; blank: one generated under {@code data-dir}
 * @param dataDir    where a ledger keeps what it generates for itself (master.key; in local mode also PostgreSQL,
 *                   Kafka and the development instance key)
 * @param session    session tokens on the user-scoped routes ({@link SessionProperties})
 */
@Validated
@ConfigurationProperties("ledger")
public record LedgerProperties(
        String secretKeys,
        String masterKey,
        @NotBlank String dataDir,
        @Valid @DefaultValue ReadYourWrites readYourWrites,
        @Valid @DefaultValue Verify verify,
        @Valid @DefaultValue Usage usage,
        @Valid @DefaultValue Kafka kafka,
        @Valid @DefaultValue Projection projection,
        @Valid @DefaultValue Create create,
        @DefaultValue SessionProperties session) {

    /** @param timeout how long a write waits for the query model before it answers anyway */
    public record ReadYourWrites(@NotNull @DefaultValue("5s") Duration timeout) {
    }

    /**
     * @param maxProjectionLag beyond it verify answers 503 and the query service is not ready
     * @param concurrency      verifies a query service runs at once, the others waiting their turn; 0: twice the
     *                         processors
     */
    public record Verify(@NotNull @DefaultValue("2s") Duration maxProjectionLag, @Valid @DefaultValue Cache cache,
                         @PositiveOrZero @DefaultValue("0") int concurrency) {

        /** {@link #concurrency}, 0 resolved. */
        public int admitted() {
            return concurrency > 0 ? concurrency : 2 * Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * The verify cache (see {@code org.keyledger.platform.cache}).
     *
     * @param ttl   how long an entry lives without preload: also how old {@code last_used_at} in a verify answer can be
     * @param lease   how long a query service may answer from its cache without renewing its lease; both sides need
     *                it (a writer waits for a silent query service at most this long)
     * @param preload fill the cache with every active key (up to capacity) at start and a second after each
     *                emptying, so that keys not verified lately are answered from memory too; then no entry
     *                expires (ttl does not apply), so a verify's {@code last_used_at} is as of the entry's load
     */
    public record Cache(@DefaultValue("true") boolean enabled,
                        @NotNull @DefaultValue("10s") Duration ttl,
                        @Positive @DefaultValue("1000000") int capacity,
                        @NotNull @DefaultValue("2s") Duration lease,
                        @DefaultValue("true") boolean preload) {
    }

    /** @param bufferCapacity keys whose last use waits to be sent; beyond it uses are dropped (and counted) */
    public record Usage(@NotNull @DefaultValue("500ms") Duration flushInterval,
                        @Positive @DefaultValue("100000") int bufferCapacity) {
    }

    /** @param publishTimeout how long the event publisher waits for the broker's acknowledgement of a send */
    public record Kafka(@Positive @DefaultValue("3") int partitions,
                        @Positive @DefaultValue("1") short replicationFactor,
                        @NotNull @DefaultValue("10s") Duration publishTimeout) {
    }

    /**
     * @param startupTimeout how long a query service holds its web server back until the projection runs
     * @param batchSize      events the projection applies in one transaction at most (as many as are waiting: live,
     *                       a few; in a rebuild or a catch-up, this many, which at 1,000 replays 1.7 times as fast
     *                       as at 100, BENCHMARKS.md)
     * @param bulkReplayEvents a rebuild of the query model over at least this many events sets its secondary indexes
     *                       aside and builds them once the replay is done (query service's BulkReplay); below it,
     *                       dropping and building them costs more than keeping them
     */
    public record Projection(@NotNull @DefaultValue("30s") Duration startupTimeout,
                             @Positive @DefaultValue("1000") int batchSize,
                             @Positive @DefaultValue("10000") long bulkReplayEvents) {
    }

    /**
     * Concurrent creates, grouped into one transaction each (group commit; the command service's CreateBatcher).
     *
     * @param groupSize the most creates in one group
     * @param workers   groups under way at once; a create waits only while every worker is busy
     */
    public record Create(@Positive @DefaultValue("100") int groupSize, @Positive @DefaultValue("2") int workers) {
    }

    /**
     * A write that gave up waiting for the projection returns while its event is unapplied; verify must refuse by
     * then, which its lag bound ensures only if it is the smaller of the two.
     */
    @AssertTrue(message = "ledger.verify.max-projection-lag must be less than ledger.read-your-writes.timeout, so that "
            + "verify refuses before a write that gave up on the projection returns")
    public boolean isProjectionLagBelowWriteTimeout() {
        return verify.maxProjectionLag().compareTo(readYourWrites.timeout()) < 0;
    }
}
