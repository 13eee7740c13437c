package org.keyledger.platform.eventstore;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.SQLException;

/**
 * Tells Axon that an append lost a race: PostgreSQL's {@code unique_violation} (SQLSTATE 23505) on the aggregate's
 * next sequence number, anywhere in the cause chain (pgjdbc reports it as a plain {@code PSQLException}, under a
 * {@code BatchUpdateException} when appended in a batch). Axon then raises a {@code ConcurrencyException}, which the
 * command side retries.
 */
class DuplicateKeys implements PersistenceExceptionResolver {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql && isUniqueViolation(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUniqueViolation(SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
