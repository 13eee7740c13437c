package org.keyledger.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.keyledger.events.ApiKeyDeleted;
import org.keyledger.events.ApiKeyRevoked;
import org.keyledger.events.ApiKeyUpdated;
import org.keyledger.platform.sync.ProjectionPositions;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;


/**
 * Applies a key's change (update, revoke, delete) to {@code api_key_view} in the very transaction that appends its
 * event, when the change is made in this process. A subscribing processor sees only the events this process
 * publishes: in local mode every write's, in a query service on its own none. So in local mode a write finds its
 * change applied the moment it commits, rather than waiting for the tracking projection ({@link ApiKeyProjection}:
 * a hand-off to its thread, its transaction and a notification back, each waiting for a CPU under load), and
 * verify and the read routes see the change with the event itself. The tracking projection, meeting the event later,
 * finds the row up to date and leaves it.
 *
 * <p>Only onto the row as the key's previous event left it ({@link RowChange#applyIfNextAndRecord}): a row the tracking
 * projection has not brought that far yet (a key created a moment ago, or during a rebuild) is left to it, and the
 * write waits for it as in split mode; recording the position for such a row would let the write return before the
 * row holds its change. A failure here fails the write's transaction, event and all (the processor propagates it).
 */
@Component
@ProcessingGroup(WriteThroughProjection.PROCESSING_GROUP)
class WriteThroughProjection {

    static final String PROCESSING_GROUP = "api-key-view-write-through";

    private final JsonMapper json;
    private final ProjectionPositions positions;

    WriteThroughProjection(JsonMapper json, ProjectionPositions positions) {
        this.json = json;
        this.positions = positions;
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

    private void apply(RowChange change) {
        change.applyIfNextAndRecord(positions);
    }
}
