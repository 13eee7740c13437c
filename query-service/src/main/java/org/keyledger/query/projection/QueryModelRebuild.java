package org.keyledger.query.projection;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.keyledger.platform.DaemonThreads;
import org.keyledger.platform.error.LedgerException;
import org.keyledger.platform.sync.ProjectionPositions;
import org.keyledger.query.verify.ProjectionLag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds the query model from the event store while the ledger stays up: the projection's processor is stopped,
 * its token reset (the projection's reset handler empties the model) and started again, and it replays every event.
 * Verify refuses (503) from just before the model is emptied until it has caught up ({@link ProjectionLag}); writes
 * keep working, each waiting for the replay at most the read-your-writes timeout. Only the query service running
 * the projection can reset it: another one's claim on the token is a 409.
 */
@Component
class QueryModelRebuild {

    private static final Logger log = LoggerFactory.getLogger(QueryModelRebuild.class);
    private static final long WATCH_MILLIS = 10;

    enum State { IDLE, REBUILDING, DONE }

    /** What the rebuild route answers: positions are the event store's global index. */
    record Status(String object, String status, @JsonProperty("started_at") Long startedAt,
                  @JsonProperty("finished_at") Long finishedAt, @JsonProperty("target_position") Long targetPosition,
                  Long position, Double seconds) {
    }

    private final EventProcessingConfiguration processing;
    private final ProjectionLag lag;
    private final JdbcClient jdbc;
    private final Clock clock;
    private State state = State.IDLE;
    private long startedNanos;
    private long finishedNanos;
    private long startedAt;
    private long finishedAt;
    private long target;
    private ScheduledExecutorService watcher;
    private ScheduledFuture<?> watch;

    QueryModelRebuild(EventProcessingConfiguration processing, ProjectionLag lag, JdbcClient jdbc, Clock clock) {
        this.processing = processing;
        this.lag = lag;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Starts a rebuild, unless one is running (then it answers that one's status). */
    synchronized Status start() {
        if (state == State.REBUILDING) {
            return status();
        }
        TrackingEventProcessor processor = processor();
        if (processor.isRunning() && !workerHasRun(processor)) {
            throw notRunningHere();
        }
        lag.resetting();
        boolean reset = false;
        try {
            processor.shutDown();
            processor.resetTokens(); // the projection's @ResetHandler empties the model, in the token's transaction
            reset = true;
        } catch (UnableToClaimTokenException e) {
            throw notRunningHere();
        } finally {
            lag.resetDone(reset);
            processor.start();
        }
        target = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
        startedNanos = System.nanoTime();
        startedAt = clock.millis();
        state = State.REBUILDING;
        log.info("Rebuilding the query model: replaying the events up to position {}", target);
        if (watcher == null) {
            watcher = DaemonThreads.scheduler("query-model-rebuild");
        }
        watch = watcher.scheduleWithFixedDelay(this::checkDone, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        return status();
    }

    /**
     * Whether the processor's worker has run since it started (it marks the segment caught up, or failing): only then
     * may it be stopped. Stopped while its launcher still claims the segment, Axon's (4.13) processor frees the
     * segment without giving its thread back and, started again, never claims one again (the model behind, verify
     * refusing, until a restart).
     */
    static boolean workerHasRun(TrackingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .anyMatch(segment -> segment.isCaughtUp() || segment.isErrorState());
    }

    /** The projection runs in another query service, or this one has not caught up once since it started. */
    private static LedgerException notRunningHere() {
        return new LedgerException(LedgerException.Kind.CONFLICT, "conflict", "Another query service runs the "
                + "projection, or it is still starting or catching up here: send the rebuild to the one running it "
                + "(or stop the others first), or retry in a moment.", null);
    }

    synchronized Status status() {
        Long position = state == State.IDLE ? null : position(processor());
        Double seconds = switch (state) {
            case IDLE -> null;
            case REBUILDING -> (System.nanoTime() - startedNanos) / 1e9;
            case DONE -> (finishedNanos - startedNanos) / 1e9;
        };
        return new Status("query_model_rebuild", state.name().toLowerCase(), state == State.IDLE ? null : startedAt,
                state == State.DONE ? finishedAt : null, state == State.IDLE ? null : target, position, seconds);
    }

    @PreDestroy
    synchronized void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** Done once the processor has handled every event stored when the rebuild began. */
    private synchronized void checkDone() {
        try {
            if (state == State.REBUILDING && position(processor()) >= target) {
                finishedNanos = System.nanoTime();
                finishedAt = clock.millis();
                state = State.DONE;
                watch.cancel(false);
                log.info("Rebuilt the query model up to position {} in {} s", target,
                        (finishedNanos - startedNanos) / 1e9);
            }
        } catch (RuntimeException e) {
            log.warn("Could not follow the query model's rebuild: {}", e.getMessage());
        }
    }

    private static long position(TrackingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .mapToLong(status -> status.getCurrentPosition().orElse(-1))
                .min().orElse(-1);
    }

    private TrackingEventProcessor processor() {
        return processing.eventProcessor(ProjectionPositions.API_KEY_VIEW, TrackingEventProcessor.class)
                .orElseThrow();
    }
}
