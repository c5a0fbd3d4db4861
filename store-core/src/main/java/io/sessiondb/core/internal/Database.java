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

/**
 * Connections for the store: a HikariCP pool built from the config, or a DataSource handed in. Runs
 * one operation per borrowed connection, always in auto-commit mode (see {@link #inAutoCommit}), with
 * {@link #inTransaction} the one way to open an explicit transaction; retries transient failures with bounded backoff, wraps
 * every {@link SQLException} in a {@link SessionStoreException}, and logs an outage once.
 */
public final class Database implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.sessiondb");
    private static final int MAX_RETRIES = 2;
    /**
     * Attempts after a rollback by the server (deadlock, serialization or Galera certification conflict):
     * racing writers of one session on a busy multi-primary cluster can collide a few times in a row.
     */
    private static final int MAX_ROLLBACK_RETRIES = 5;
    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 200;

    /** One operation on a borrowed connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource ownedPool;
    private final PoolBypass connections;
    private final String logPrefix;
    private final long failoverTimeoutNanos;
    private final StoreEvents events;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile Dialect dialect;

    /** Same as {@link #Database(SessiondbConfig, String, StoreEvents)} reporting to no counter. */
    public Database(SessiondbConfig config, String logPrefix) {
        this(config, logPrefix, StoreEvents.NONE);
    }

    /** @param events told of every failed database call and every retry */
    public Database(SessiondbConfig config, String logPrefix, StoreEvents events) {
        this.logPrefix = logPrefix;
        this.events = events;
        this.failoverTimeoutNanos = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(config.getFailoverTimeoutMs());
        if (config.getDataSource() != null) {
            this.ownedPool = null;
            this.connections = PoolBypass.never(config.getDataSource());
        } else {
            this.ownedPool = new HikariDataSource(poolConfig(config));
            this.connections = PoolBypass.of(ownedPool);
        }
    }

    private static HikariConfig poolConfig(SessiondbConfig config) {
        HikariConfig hikari = new HikariConfig();
        // An admin has no app: it sees every app sharing the table.
        String owner = config.getAppName() == null ? "admin" : config.getAppName();
        hikari.setPoolName("sessiondb-" + owner);
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
        PoolerCheck.install(hikari, "sessiondb[" + owner + "]");
        return hikari;
    }

    /** Lets the dialect, once known, decide which failures a fresh attempt may not have. */
    public void useDialect(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Runs {@code work} on a pooled connection. Same as {@link #run(String, String, Work, Work)} with
     * {@code work} also for the attempts after a lost connection: for reads, and for writes whose
     * second application changes nothing.
     */
    public <T> T run(String operation, String sessionId, Work<T> work) {
        return run(operation, sessionId, work, work);
    }

    /**
     * Runs {@code work} on a pooled connection, retrying by cause ({@link RetryRule}): while no
     * connection can be had (the database gone, a failover under way) on fresh connections until
     * {@code failoverTimeoutMs} has passed, past the pool while it is empty ({@link PoolBypass}); after a
     * lost connection, with {@code afterLost} within the same bound (and at least twice); after a deadlock, serialization or certification failure at most five times (jittered backoff). While an outage
     * is known (an earlier operation waited the whole bound in vain) it makes one attempt only, so that
     * requests fail fast until the database answers again.
     *
     * @param operation what is being done, for messages, e.g. "save"
     * @param sessionId the session concerned, or {@code null}
     * @param afterLost the work for every attempt after one whose connection broke mid-way (whose writes may
     *                  or may not have been applied), or {@code null} to fail then instead of retrying
     * @throws SessionStoreException when the database fails or cannot be reached
     */
    public <T> T run(String operation, String sessionId, Work<T> work, Work<T> afterLost) {
        long deadline = System.nanoTime() + (down.get() ? 0 : failoverTimeoutNanos);
        boolean lost = false;
        int rollbacks = 0;
        int losses = 0;
        long backoffMs = FIRST_BACKOFF_MS;
        for (;;) {
            boolean connecting = true;
            PoolBypass.Lease held = null;
            try (PoolBypass.Lease lease = connections.borrow()) {
                held = lease;
                connecting = false;
                T result = inAutoCommit(lease.connection(), lost ? afterLost : work);
                connections.worked(lease);
                recovered();
                return result;
            } catch (SQLException e) {
                events.databaseError();
                RetryRule.Cause cause = RetryRule.classify(e, connecting, dialect);
                if (cause == RetryRule.Cause.NO_CONNECTION || cause == RetryRule.Cause.CONNECTION_LOST) {
                    connections.failed(held, cause == RetryRule.Cause.CONNECTION_LOST, poolExhausted(e, connecting));
                }
                boolean inTime = System.nanoTime() - deadline < 0;
                boolean retry = switch (cause) {
                    case NO_CONNECTION -> inTime;
                    case CONNECTION_LOST -> afterLost != null && (inTime || losses++ < MAX_RETRIES);
                    case ROLLED_BACK -> rollbacks++ < MAX_ROLLBACK_RETRIES;
                    case FAILED -> false;
                };
                lost |= cause == RetryRule.Cause.CONNECTION_LOST;
                if (retry) {
                    events.databaseRetry();
                    LOG.log(Level.DEBUG, "{0} - {1} of session {2} failed ({3}), retrying: {4}",
                            logPrefix, operation, LogText.id(sessionId), cause, LogText.line(e.toString()));
                    pause(backoffMs);
                    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                    continue;
                }
                throw failure(operation, sessionId, e, lost && afterLost == null);
            }
        }
    }

    /**
     * Runs {@code work} on a pooled connection if one can be had, for a caller that holds a connection
     * already and does the work on its own otherwise ({@link SideQuery}): one attempt, no retry. Not
     * getting a connection (a pool of one, every connection busy, the database gone) is no failure here
     * and is neither counted nor logged: the caller's own connection decides.
     *
     * @return whether {@code work} ran (false: no connection could be had)
     * @throws SessionStoreException when {@code work} fails (not retried, as {@code afterLost = null})
     */
    public boolean tryRun(String operation, Work<?> work) {
        PoolBypass.Lease lease;
        try {
            lease = connections.borrow();
        } catch (SQLException e) {
            return false;
        }
        try (lease) {
            inAutoCommit(lease.connection(), work);
            connections.worked(lease);
            return true;
        } catch (SQLException e) {
            events.databaseError();
            if (RetryRule.classify(e, false, dialect) == RetryRule.Cause.CONNECTION_LOST) {
                connections.failed(lease, true, false);
            }
            throw failure(operation, null, e, false);
        }
    }

    /** HikariCP's timeout with no connection failure behind it: every connection was busy. */
    private static boolean poolExhausted(SQLException e, boolean connecting) {
        return connecting && e instanceof SQLTransientConnectionException && e.getCause() == null;
    }

    private SessionStoreException failure(String operation, String sessionId, SQLException e, boolean notRetried) {
        boolean unreachable = isUnreachable(e);
        if (unreachable) {
            failed(operation, e);
        }
        String message = operation + (sessionId == null ? "" : " of session " + LogText.id(sessionId))
                + " failed" + (unreachable ? " (database unreachable)" : "")
                + (notRetried ? " (connection lost mid-way, not retried: it may have been applied)" : "") + ": "
                + e.getMessage();
        return new SessionStoreException(message, sessionId, e, unreachable);
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
                    + "); requests that need a session fail until it is back, each after one attempt."
                    + " Further failures are logged at DEBUG.", e);
        } else {
            LOG.log(Level.DEBUG, "{0} - {1} failed, database still unreachable: {2}", logPrefix, operation,
                    LogText.line(e.toString()));
        }
    }

    private void recovered() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.log(Level.INFO, "{0} - the session database is reachable again", logPrefix);
        }
    }

    /** Sleeps between half and all of {@code ms}: jitter, so that two colliding writers do not retry in step. */
    private static void pause(long ms) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(ms / 2, ms + 1));
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
