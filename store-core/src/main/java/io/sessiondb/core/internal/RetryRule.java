package io.sessiondb.core.internal;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** Why an operation failed, as far as deciding whether to run it again goes. Not API. */
public final class RetryRule {

    /** The cause of a failure, by what it means for a new attempt. */
    public enum Cause {
        /** No connection could be had: nothing was sent, any operation may run again. */
        NO_CONNECTION,
        /** The connection broke while the operation ran: a write may or may not have been applied. */
        CONNECTION_LOST,
        /** The server refused or rolled back the work (deadlock, serialization failure, busy): nothing was applied. */
        ROLLED_BACK,
        /** A failing statement: a new attempt fails the same way. */
        FAILED
    }

    private RetryRule() {
    }

    /**
     * Classifies by cause, not by exception type alone: a {@link SQLTransientConnectionException} is a
     * pool timeout when it comes from borrowing a connection (HikariCP), but MariaDB Connector/J throws
     * the same type (SQL state {@code 25S03}, "Driver has reconnect connection after a communications
     * link failure") when a statement's connection broke and it reconnected to the next host.
     *
     * @param connecting whether the failure came from borrowing the connection (before anything was sent)
     * @param dialect    the database's dialect, or {@code null} before it is known
     */
    public static Cause classify(SQLException e, boolean connecting, Dialect dialect) {
        String state = e.getSQLState();
        if (connecting) {
            // A login or a database that is refused stays refused: waiting for a failover does not help.
            boolean refused = state != null && (state.startsWith("28") || state.startsWith("3D"));
            return refused ? Cause.FAILED : Cause.NO_CONNECTION;
        }
        if (dialect != null && dialect.isTransient(e)) {
            return Cause.ROLLED_BACK;
        }
        boolean connectionState = state != null && (state.startsWith("08") || state.startsWith("57P0")
                || state.equals(MARIADB_RECONNECTED));
        if (connectionState || e instanceof SQLRecoverableException || e instanceof SQLTransientConnectionException) {
            return Cause.CONNECTION_LOST;
        }
        return Cause.FAILED;
    }

    /** MariaDB Connector/J's state for "reconnected after a communications link failure". */
    private static final String MARIADB_RECONNECTED = "25S03";
}
