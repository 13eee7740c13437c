package org.keyledger.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.keyledger.events.ApiKeyCreated;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyImported;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;


/**
 * Applies a key's arrival (create, import) or change (update, revoke, delete) to {@code api_key_view} in the very
 * transaction that appends its event, when it is made in this process. A subscribing processor sees only the events
 * this process publishes: in local mode every write's, in a query service on its own none. So in local mode a write
 * finds itself applied the moment it commits, rather than waiting for the tracking projection
 * ({@link ApiKeyProjection}: a hand-off to its thread, its transaction and a notification back, each waiting for a
 * CPU under load), and verify and the read routes see it with the event itself. The tracking projection, meeting
 * the event later, finds the row up to date and leaves it.
 *
 * <p>Keys arriving together (a group of creates, an import) are inserted as their unit of work commits, their
 * positions recorded in the same statement ({@link ArrivalRows#insertAndRecord}) and announced in this process only
 * ({@link ProjectionPositions.Announce#HERE}), as the tracking projection would: an arriving key's event is its
 * first, committed with its row, so no other process can have written the row. The tracking projection of this
 * process then passes them over ({@link WrittenThrough}).
 *
 * <p>A change goes only onto the row as the key's previous event left it ({@link RowChange#applyIfNextAndRecord}): a
 * row the tracking projection has not brought that far yet (a key created by another instance a moment ago, or one
 * during a rebuild) is left to it, and the write waits for it as in split mode; recording the position for such a row
 * would let the write return before the row holds its change. A failure here fails the write's transaction, event and
 * all (the processor propagates it).
 */
@Component
@ProcessingGroup(WriteThroughProjection.PROCESSING_GROUP)
class WriteThroughProjection {

    static final String PROCESSING_GROUP = "api-key-view-write-through";

    private static final String ARRIVING = WriteThroughProjection.class.getName() + ".arriving";

    private final JsonMapper json;
    private final ProjectionPositions positions;
    private final ArrivalRows arrivals;
    private final WrittenThrough writtenThrough;

    WriteThroughProjection(JsonMapper json, ProjectionPositions positions, ArrivalRows arrivals,
                           WrittenThrough writtenThrough) {
        this.json = json;
        this.positions = positions;
        this.arrivals = arrivals;
        this.writtenThrough = writtenThrough;
    }

    @EventHandler
    void on(ApiKeyCreated event, @SequenceNumber long sequence, @MessageIdentifier String eventId) {
        arriving().add(ArrivalRows.NewRow.of(event, sequence), eventId);
    }

    @EventHandler
    void on(ApiKeyImported event, @SequenceNumber long sequence, @MessageIdentifier String eventId) {
        arriving().add(ArrivalRows.NewRow.of(event, sequence), eventId);
    }

    /**
     * The keys arriving in the current unit of work (the processor's, nested in the command's), written as it
     * commits: still inside the command's transaction.
     */
    private Arriving arriving() {
        return UnitOfWorkBatch.in(CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get() : null, ARRIVING,
                Arriving::new);
    }

    private final class Arriving extends UnitOfWorkBatch {
        private final List<ArrivalRows.NewRow> rows = new ArrayList<>();
        private final List<String> eventIds = new ArrayList<>();

        Arriving(boolean alone) {
            super(alone);
        }

        void add(ArrivalRows.NewRow row, String eventId) {
            rows.add(row);
            eventIds.add(eventId);
            added();
        }

        @Override
        void write() {
            if (rows.isEmpty()) {
                return;
            }
            arrivals.insertAndRecord(rows, positions, ProjectionPositions.Announce.HERE);
            List<String> written = List.copyOf(eventIds);
            if (writtenThrough.note(written) && CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().onRollback(unit -> writtenThrough.forget(written));
            }
            rows.clear();
            eventIds.clear();
        }
    }

    @EventHandler
    void on(ApiKeyUpdated event, @SequenceNumber long sequence) {
        apply(RowChange.of(event, sequence, json));
    }

    @EventHandler
    void on(ApiKeyRevoked event, @SequenceNumber long sequence) {
        apply(RowChange.of(event, sequence));
    }

    @EventHandler
    void on(ApiKeyDeleted event, @SequenceNumber long sequence) {
        apply(RowChange.of(event, sequence));
    }

    /** After the arrivals before it in the unit of work: an import of a key may be followed by its change. */
    private void apply(RowChange change) {
        if (CurrentUnitOfWork.isStarted()) {
            arriving().write();
        }
        change.applyIfNextAndRecord(positions);
    }
}
