package io.patchbay.server.impl.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** SQLSTATE checks that mean the same on H2 and PostgreSQL. */
public final class SqlStates {
    /** Unique or primary key violation: 23505 on both. */
    public static final String UNIQUE_VIOLATION = "23505";

    private SqlStates() {
    }

    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure is the database being unreachable rather than a bad statement: SQLSTATE class 08
     * (connection exception), 57P01..57P03 (PostgreSQL shutting down or starting), or no pooled connection
     * within the timeout.
     */
    public static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
