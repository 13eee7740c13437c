package org.keyledger.platform.schema;

import java.util.List;

/**
 * A set of Flyway migrations owned by one part of the ledger, with its own history table, so that the command and
 * query services can each migrate their own tables in a shared database without knowing each other.
 *
 * @param name      short owner name; the history table is {@code flyway_<name>_history}
 * @param order     when it migrates, relative to the others
 * @param locations Flyway locations of its migrations; one version sequence across them
 */
public record LedgerSchema(String name, Order order, List<String> locations) {

    /** The order schemas migrate in: a later one may refer to an earlier one's tables. */
    public enum Order {
        /** ledger-platform's: the event store and the tables both services share. */
        PLATFORM,
        /** the command service's own tables. */
        COMMAND,
        /** the query model. */
        QUERY
    }

    public LedgerSchema {
        locations = List.copyOf(locations);
    }

    public LedgerSchema(String name, Order order, String location) {
        this(name, order, List.of(location));
    }

    public String historyTable() {
        return "flyway_" + name + "_history";
    }
}
