package org.keyledger.platform.schema;

/**
 * A set of Flyway migrations owned by one part of the ledger, with its own history table, so that the command and
 * query services can each migrate their own tables in a shared database, in any order, without knowing each other.
 *
 * @param name     short owner name; the history table is {@code flyway_<name>_history}
 * @param location Flyway location of the migrations
 * @param order    lower migrates first (the event store before the tables that refer to it)
 */
public record LedgerSchema(String name, String location, int order) {

    public String historyTable() {
        return "flyway_" + name + "_history";
    }
}
