package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.internal.RetryRule.Cause;
import java.io.EOFException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The retry rule classifies failures by cause, with the exception types and messages the drivers and
 * HikariCP really throw (connection failures are produced for real, against a port nothing listens on).
 */
class RetryRuleTest {

    private static final Dialect POSTGRES = new PostgresDialect("t");
    private static final Dialect MARIADB = new MariaDbDialect("t");
    private static final Dialect SQLITE = new SqliteDialect("t");

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An error as the server sends it (severity, SQLSTATE, message), parsed by pgjdbc as on the wire. */
    private static PSQLException server(String severity, String state, String message) {
        return new PSQLException(new ServerErrorMessage("S" + severity + "\0V" + severity + "\0C" + state + "\0M" + message + "\0"));
    }

    @Test
    void hikariPoolTimeoutIsNoConnection() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/test?user=postgres");
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            SQLException e = assertThrows(SQLException.class, pool::getConnection);
            assertEquals(SQLTransientConnectionException.class, e.getClass());
            assertEquals(Cause.NO_CONNECTION, RetryRule.classify(e, true, POSTGRES));
            assertEquals(Cause.NO_CONNECTION, RetryRule.classify(e, true, null));
        }
    }

    @Test
    void connectionRefusedIsNoConnection() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/test?user=postgres&connectTimeout=1";
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
        assertEquals(Cause.NO_CONNECTION, RetryRule.classify(e, true, POSTGRES));
    }

    @Test
    void noPrimaryAmongTheHostsIsNoConnection() {
        SQLException e = new PSQLException("Could not find a server with specified targetServerType: primary",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        assertEquals(Cause.NO_CONNECTION, RetryRule.classify(e, true, POSTGRES));
    }

    @Test
    void poolTimeoutAfterAFailedLoginIsNotRetried() {
        // HikariPool.createTimeoutException: the last connection failure's SQL state and the failure as cause.
        SQLException login = new PSQLException("FATAL: password authentication failed for user \"app\"",
                PSQLState.INVALID_PASSWORD);
        SQLException e = new SQLTransientConnectionException(
                "sessiondb-shop - Connection is not available, request timed out after 3000ms (total=0, active=0, idle=0, waiting=0)",
                login.getSQLState(), login);
        assertEquals(Cause.FAILED, RetryRule.classify(e, true, POSTGRES));
    }

    @Test
    void brokenConnectionDuringAStatementIsConnectionLost() {
        SQLException io = new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE, new EOFException());
        assertEquals(Cause.CONNECTION_LOST, RetryRule.classify(io, false, POSTGRES));
        SQLException shutdown = server("FATAL", "57P01", "terminating connection due to administrator command");
        assertEquals(Cause.CONNECTION_LOST, RetryRule.classify(shutdown, false, POSTGRES));
        SQLException closed = new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST);
        assertEquals(Cause.CONNECTION_LOST, RetryRule.classify(closed, false, POSTGRES));
    }

    @Test
    void mariaDbReconnectNoticeIsConnectionLostNotAPoolTimeout() {
        // MultiPrimaryClient, Connector/J 3.5: the driver reconnected to the next host after a broken link.
        SQLException e = new SQLTransientConnectionException(
                "Driver has reconnect connection after a communications link failure with"
                        + " address=(host=127.0.0.1)(port=3307)(type=primary)", "25S03");
        assertEquals(Cause.CONNECTION_LOST, RetryRule.classify(e, false, MARIADB));
        SQLException inTransaction = new SQLTransientConnectionException(
                "Driver has reconnect connection after a communications link failure with"
                        + " address=(host=127.0.0.1)(port=3307)(type=primary). In progress transaction was lost", "25S03");
        assertEquals(Cause.CONNECTION_LOST, RetryRule.classify(inTransaction, false, MARIADB));
        SQLException linkFailure = new SQLNonTransientConnectionException(
                "(conn=12) Socket error", "08000");
        assertEquals(Cause.CONNECTION_LOST, RetryRule.classify(linkFailure, false, MARIADB));
    }

    @Test
    void deadlocksAndSerializationFailuresAreRolledBack() {
        assertEquals(Cause.ROLLED_BACK, RetryRule.classify(new SQLTransactionRollbackException(
                "(conn=7) Deadlock found when trying to get lock; try restarting transaction", "40001", 1213), false, MARIADB));
        assertEquals(Cause.ROLLED_BACK, RetryRule.classify(new SQLException(
                "(conn=7) Lock wait timeout exceeded; try restarting transaction", "HY000", 1205), false, MARIADB));
        assertEquals(Cause.ROLLED_BACK, RetryRule.classify(new PSQLException(
                "ERROR: could not serialize access due to concurrent update", PSQLState.SERIALIZATION_FAILURE), false, POSTGRES));
        assertEquals(Cause.ROLLED_BACK, RetryRule.classify(server("ERROR", "40P01", "deadlock detected"), false, POSTGRES));
        assertEquals(Cause.ROLLED_BACK, RetryRule.classify(new SQLiteException(
                "[SQLITE_BUSY] The database file is locked (database is locked)", SQLiteErrorCode.SQLITE_BUSY), false, SQLITE));
    }

    @Test
    void aStatementOnAReadOnlyServerWasRefused() {
        // A connection that still reaches a server that is now a standby: nothing was written.
        assertEquals(Cause.ROLLED_BACK, RetryRule.classify(server("ERROR", "25006",
                "cannot execute UPDATE in a read-only transaction"), false, POSTGRES));
    }

    @Test
    void failingStatementsAreNotRetried() {
        assertEquals(Cause.FAILED, RetryRule.classify(new PSQLException(
                "ERROR: relation \"t\" does not exist", PSQLState.UNDEFINED_TABLE), false, POSTGRES));
        assertEquals(Cause.FAILED, RetryRule.classify(new PSQLException(
                "ERROR: duplicate key value violates unique constraint", PSQLState.UNIQUE_VIOLATION), false, POSTGRES));
        assertEquals(Cause.FAILED, RetryRule.classify(new SQLSyntaxErrorException(
                "(conn=7) Table 'test.t' doesn't exist", "42S02", 1146), false, MARIADB));
        assertEquals(Cause.FAILED, RetryRule.classify(new SQLiteException(
                "[SQLITE_CONSTRAINT] Abort due to constraint violation", SQLiteErrorCode.SQLITE_CONSTRAINT), false, SQLITE));
    }
}
