package org.keyledger.platform.eventstore;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * A tracking processor's fetch: the next {@code batchSize} events after its token's index, plus any that have since
 * filled one of its gaps, in index order. Axon's own statements read the index range (index, index + batchSize] and,
 * when that range is empty, ask in a second query where the next event is (a gap wider than a batch, left by a
 * rolled-back import, say); on PostgreSQL the primary key's order with a limit finds it in the same query.
 */
final class TrackedEvents {

    private TrackedEvents() {
    }

    static PreparedStatement after(Connection connection, EventSchema schema, long globalIndex, int batchSize)
            throws SQLException {
        return afterOrIn(connection, schema, globalIndex, batchSize, List.of());
    }

    static PreparedStatement afterOrIn(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                       List<Long> gaps) throws SQLException {
        String index = schema.globalIndexColumn();
        String inGaps = gaps.isEmpty() ? ""
                : " or " + index + " in (" + String.join(",", Collections.nCopies(gaps.size(), "?")) + ")";
        PreparedStatement statement = connection.prepareStatement("select " + schema.trackedEventFields()
                + " from " + schema.domainEventTable() + " where " + index + " > ?" + inGaps
                + " order by " + index + " limit ?");
        int parameter = 1;
        statement.setLong(parameter++, globalIndex);
        for (long gap : gaps) {
            statement.setLong(parameter++, gap);
        }
        statement.setInt(parameter, batchSize);
        return statement;
    }
}
