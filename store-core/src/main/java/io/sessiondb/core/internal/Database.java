package io.sessiondb.core.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.LogText;
import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.SessiondbConfig;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Connections for the store: a HikariCP pool built from the config, or a DataSource handed in. Runs
 * one operation per borrowed connection, always in auto-commit mode (see {@link #inAutoCommit}), with
 * {@link #inTransaction} the one way to open an explicit transaction; retries transient failures with bounded backoff, wraps
 * every {@link SQLException} in a {@link SessionStoreException}, and logs an outage once.
 */
public final class Database implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.sessiondb");
    private static final int MAX_RETRIES = 2;
    private static final long FIRST_BACKOFF_MS = 50;

    /** One operation on a borrowed connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final String logPrefix;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile Dialect dialect;

    public Database(SessiondbConfig config, String logPrefix) {
        this.logPrefix = logPrefix;
        if (config.getDataSource() != null) {
            this.dataSource = config.getDataSource();
            this.ownedPool = null;
        } else {
            this.ownedPool = new HikariDataSource(poolConfig(config));
            this.dataSource = ownedPool;
        }
    }

    private static HikariConfig poolConfig(SessiondbConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("sessiondb-" + config.getAppName());
        hikari.setJdbcUrl(config.getJdbcUrl());
        hikari.setUsername(config.getUsername());
        hikari.setPassword(config.getPassword());
        hikari.setMaximumPoolSize(config.getMaxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.getMaxPoolSize()));
        hikari.setConnectionTimeout(config.getConnectionTimeoutMs());
        hikari.setValidationTimeout(Math.max(250, config.getConnectionTimeoutMs() / 2));
        hikari.setAutoCommit(true);
        // Start even when the database is down; the first operation that finds it back proceeds.
        hikari.setInitializationFailTimeout(-1);
        Dialects.driverProperties(config.getJdbcUrl(), config.getConnectionTimeoutMs()).forEach(hikari::addDataSourceProperty);
        // PostgreSQL through a transaction pooler (PgBouncer): no server-side prepares there. See PoolerCheck.
        PoolerCheck.install(hikari, "sessiondb[" + config.getAppName() + "]");
        return hikari;
    }

    /** Lets the dialect, once known, decide which failures a fresh attempt may not have. */
    public void useDialect(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Runs {@code work} on a pooled connection, retrying a failure that a fresh connection may not
     * have (a broken connection, a deadlock) at most twice.
     *
     * @param operation what is being done, for messages, e.g. "save"
     * @param sessionId the session concerned, or {@code null}
     * @throws SessionStoreException when the database fails or cannot be reached
     */
    public <T> T run(String operation, String sessionId, Work<T> work) {
        for (int attempt = 0; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                T result = inAutoCommit(c, work);
                recovered();
                return result;
            } catch (SQLException e) {
                boolean unreachable = isUnreachable(e);
                if (attempt < MAX_RETRIES && isRetryable(e)) {
                    LOG.log(Level.DEBUG, "{0} - {1} of session {2} failed, retrying: {3}",
                            logPrefix, operation, LogText.id(sessionId), e.toString());
                    pause(FIRST_BACKOFF_MS << attempt);
                    continue;
                }
                if (unreachable) {
                    failed(operation, e);
                }
                String message = operation + (sessionId == null ? "" : " of session " + LogText.id(sessionId))
                        + " failed" + (unreachable ? " (database unreachable)" : "") + ": " + e.getMessage();
                throw new SessionStoreException(message, sessionId, e, unreachable);
            }
        }
    }

    /**
     * Runs {@code work} on {@code c} in auto-commit mode, whatever mode the pool handed it out in (a
     * DataSource handed in may be set to {@code autoCommit=false}): a single statement then commits by
     * itself, and a multi-statement write opens its own transaction with {@link #inTransaction}. The
     * connection goes back to the pool in the mode it came in.
     */
    private static <T> T inAutoCommit(Connection c, Work<T> work) throws SQLException {
        if (c.getAutoCommit()) {
            return work.run(c);
        }
        // A borrowed connection has no work of anyone else pending: switching commits nothing.
        c.setAutoCommit(true);
        T result;
        try {
            result = work.run(c);
        } catch (SQLException | RuntimeException e) {
            try {
                c.setAutoCommit(false);
            } catch (SQLException restoreFailed) {
                e.addSuppressed(restoreFailed);
            }
            throw e;
        }
        c.setAutoCommit(false);
        return result;
    }

    /**
     * @return whether a fresh attempt may succeed: never after a pool timeout, which already waited its
     * full time; otherwise as the dialect says (a broken connection, a deadlock, a busy database file)
     */
    private boolean isRetryable(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return false;
        }
        Dialect known = dialect;
        if (known != null) {
            return known.isTransient(e);
        }
        String state = e.getSQLState();
        return e instanceof SQLRecoverableException || (state != null && state.startsWith("08"));
    }

    /** @return whether the failure means no connection could be had or kept, as opposed to a failing statement */
    static boolean isUnreachable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || e instanceof SQLRecoverableException
                || (e instanceof SQLTransientException && state == null)
                || (state != null && (state.startsWith("08") || state.startsWith("57P0")));
    }

    private void failed(String operation, SQLException e) {
        if (down.compareAndSet(false, true)) {
            LOG.log(Level.ERROR, logPrefix + " - the session database is unreachable (" + operation
                    + "); requests that need a session fail until it is back. Further failures are logged at DEBUG.", e);
        } else {
            LOG.log(Level.DEBUG, "{0} - {1} failed, database still unreachable: {2}", logPrefix, operation, e.toString());
        }
    }

    private void recovered() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "{0} - the session database is reachable again", logPrefix);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code work} in one explicit transaction, through JDBC ({@code setAutoCommit(false)},
     * {@code commit}, {@code rollback}). Same as {@link #inTransaction(Connection, String, Work)}.
     */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        return inTransaction(c, null, work);
    }

    /**
     * The one transaction helper of the store. Runs {@code work} in one explicit transaction on a
     * connection that {@link #run} handed out in auto-commit mode: commits when it returns, rolls back
     * when it throws (a failed rollback is added to the first failure as suppressed, never masks it),
     * and leaves the connection in auto-commit mode.
     *
     * @param beginSql the statement that opens the transaction and {@code COMMIT}/{@code ROLLBACK} end it
     *                 (SQLite's {@code BEGIN IMMEDIATE}, which takes the write lock before reading), or
     *                 {@code null} for JDBC's {@code setAutoCommit(false)}, {@code commit} and {@code rollback}
     */
    public static <T> T inTransaction(Connection c, String beginSql, Work<T> work) throws SQLException {
        boolean jdbc = beginSql == null;
        if (jdbc) {
            c.setAutoCommit(false);
        } else {
            execute(c, beginSql);
        }
        T result;
        try {
            result = work.run(c);
            if (jdbc) {
                c.commit();
            } else {
                execute(c, "COMMIT");
            }
        } catch (SQLException | RuntimeException e) {
            // A broken connection fails these too; the first failure is the one to report.
            try {
                if (jdbc) {
                    c.rollback();
                    c.setAutoCommit(true);
                } else {
                    execute(c, "ROLLBACK");
                }
            } catch (SQLException cleanupFailed) {
                e.addSuppressed(cleanupFailed);
            }
            throw e;
        }
        if (jdbc) {
            c.setAutoCommit(true);
        }
        return result;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Closes the pool sessiondb built; a DataSource handed in is left open. */
    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }
}
