package org.keyledger.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.interceptors.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyId;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projects key events into {@code api_key_view}. Idempotent: each row remembers the sequence number of the last
 * event applied to it and ignores anything not newer, so a redelivered event changes nothing, and a replay from an
 * empty model gives the same rows.
 *
 * <p>A tracking processor hands events over in batches, one unit of work and transaction each. What a batch writes
 * besides the rows it updates waits in that unit of work ({@link Batch}) and is written once, when it commits: new
 * rows in one statement (before any other event of the batch is applied, since it may concern one of them), the
 * keys' positions in one statement with one notification per few hundred keys (none for a replay's), the checkpoint
 * once. A long replay defers the positions to its end ({@link BulkReplay}).
 */
@Component
@ProcessingGroup(ProjectionPositions.API_KEY_VIEW)
class ApiKeyProjection {

    private static final String BATCH = ApiKeyProjection.class.getName() + ".batch";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ProjectionPositions positions;
    private final ArrivalRows arrivals;
    private final BulkReplay bulk;
    private final WrittenThrough writtenThrough;

    ApiKeyProjection(JdbcClient jdbc, JsonMapper json, ProjectionPositions positions, ArrivalRows arrivals,
                     BulkReplay bulk, WrittenThrough writtenThrough) {
        this.jdbc = jdbc;
        this.json = json;
        this.positions = positions;
        this.arrivals = arrivals;
        this.bulk = bulk;
        this.writtenThrough = writtenThrough;
    }

    /**
     * An arrival this process wrote through is passed over before its payload is read: its row and position went in
     * with it ({@link WrittenThrough}); only the batch's checkpoint moves past it. Not in a replay, which rebuilds
     * every row.
     */
    @MessageHandlerInterceptor
    Object passOverWrittenThrough(EventMessage<?> event, InterceptorChain chain) throws Exception {
        TrackingToken token = tracked(null);
        if (token != null && !ReplayToken.isReplay(token) && writtenThrough.take(event.getIdentifier())) {
            Batch current = batch();
            current.passed(token);
            current.added();
            return null;
        }
        return chain.proceed();
    }

    @EventHandler
    void on(ApiKeyCreated event, @SequenceNumber long sequence, TrackingToken token) {
        arrived(ArrivalRows.NewRow.of(event, sequence), event.id(), sequence, token);
    }

    /** Like a created key, possibly revoked already. */
    @EventHandler
    void on(ApiKeyImported event, @SequenceNumber long sequence, TrackingToken token) {
        arrived(ArrivalRows.NewRow.of(event, sequence), event.id(), sequence, token);
    }

    private void arrived(ArrivalRows.NewRow row, ApiKeyId id, long sequence, TrackingToken token) {
        Batch current = batch();
        current.rows.add(row);
        current.applied(id, sequence, token);
        current.added();
    }

    /** What a batch of the tracking processor has applied but not yet written. */
    private final class Batch extends UnitOfWorkBatch {
        private final List<ArrivalRows.NewRow> rows = new ArrayList<>();
        private final Map<ApiKeyId, Long> sequences = new LinkedHashMap<>();
        private TrackingToken token;
        /** Whether any event of the batch is news rather than a replay's (ProjectionPositions#recordAll). */
        private boolean announce;
        private boolean replayed;

        private Batch(boolean alone) {
            super(alone);
        }

        void applied(ApiKeyId id, long sequence, TrackingToken parameter) {
            TrackingToken at = tracked(parameter);
            sequences.merge(id, sequence, Math::max);
            token = at;
            announce |= !ReplayToken.isReplay(at);
            replayed |= ReplayToken.isReplay(at);
        }

        /** An event with nothing left to apply: the checkpoint still moves past it. */
        void passed(TrackingToken at) {
            token = at;
        }

        /** The new rows, in one statement ({@link ArrivalRows#insert}). */
        void writeRows() {
            arrivals.insert(rows);
            rows.clear();
        }

        @Override
        void write() {
            writeRows();
            if (replayed) {
                bulk.refresh();
            }
            if (!bulk.loading()) {
                positions.recordAll(sequences, announce ? ProjectionPositions.Announce.EVERYWHERE
                        : ProjectionPositions.Announce.NONE);
            }
            sequences.clear();
            announce = false;
            replayed = false;
            if (token != null) {
                bulk.applied(token);
                checkpoint(token);
                token = null;
            }
        }
    }

    /**
     * The token the processor tracks the event by, whole: the handlers' parameter is its lower bound (Axon's resolver
     * unwraps it), which during a replay is the position alone, without the {@link ReplayToken} that tells a replay
     * (and so the replay announced every key, and a rebuild never knew where it stood). The unit of work's message
     * holds it whole; a handler driven outside a tracking processor (a test, a redelivery) has only its parameter.
     */
    private static TrackingToken tracked(TrackingToken parameter) {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().getMessage() instanceof TrackedEventMessage<?>
                message ? message.trackingToken() : parameter;
    }

    /** The tracking processor's batch: its unit of work is the root. */
    private Batch batch() {
        return UnitOfWorkBatch.in(CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root() : null, BATCH,
                Batch::new);
    }

    @EventHandler
    void on(ApiKeyUpdated event, @SequenceNumber long sequence, TrackingToken token) {
        update(RowChange.of(event, sequence, json), token);
    }

    @EventHandler
    void on(ApiKeyRevoked event, @SequenceNumber long sequence, TrackingToken token) {
        update(RowChange.of(event, sequence), token);
    }

    @EventHandler
    void on(ApiKeyDeleted event, @SequenceNumber long sequence, TrackingToken token) {
        update(RowChange.of(event, sequence), token);
    }

    /**
     * Applies the change unless the row has seen it (or a later one) already: a redelivery, or a change this process
     * wrote through as it was made ({@link WriteThroughProjection}).
     */
    private void update(RowChange change, TrackingToken token) {
        Batch current = batch();
        current.writeRows();
        change.applyIfNewer(jdbc);
        current.applied(change.id(), change.sequence(), token);
        current.added();
    }

    /**
     * A replay starts from an empty query model. Truncated rather than deleted: at once whatever the model's size, and
     * the replay then inserts the same keys into an empty table and indexes, not beside a dead row of each (which
     * made every insert of a rebuild dearer). A read of the model meanwhile waits for the reset's transaction (it is
     * short) and then sees the model empty, as after a delete. A long replay loads it without its secondary indexes
     * ({@link BulkReplay}).
     */
    @ResetHandler
    void reset() {
        jdbc.sql("truncate api_key_view").update();
        jdbc.sql("delete from projection_checkpoint where processor_name = ?")
                .param(ProjectionPositions.API_KEY_VIEW).update();
        positions.clear();
        bulk.reset();
        writtenThrough.clear();
    }

    private void checkpoint(TrackingToken token) {
        token.position().ifPresent(position -> jdbc.sql("""
                        insert into projection_checkpoint (processor_name, position) values (?, ?)
                        on conflict (processor_name) do update set position = greatest(
                            projection_checkpoint.position, excluded.position)""")
                .params(ProjectionPositions.API_KEY_VIEW, position)
                .update());
    }
}
