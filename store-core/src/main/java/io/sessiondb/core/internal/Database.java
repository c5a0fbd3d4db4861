package io.sessiondb.core.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.SessiondbConfig;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * Connections for the store: a HikariCP pool built from the config, or a DataSource handed in. Runs
 * one operation per borrowed connection, retries transient failures with bounded backoff, wraps
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
                T result = work.run(c);
                recovered();
                return result;
            } catch (SQLException e) {
                boolean unreachable = isUnreachable(e);
                if (attempt < MAX_RETRIES && isRetryable(e)) {
                    LOG.log(Level.DEBUG, "{0} - {1} of session {2} failed, retrying: {3}",
                            logPrefix, operation, SessionIds.forLog(sessionId), e.toString());
                    pause(FIRST_BACKOFF_MS << attempt);
                    continue;
                }
                if (unreachable) {
                    failed(operation, e);
                }
                String message = operation + (sessionId == null ? "" : " of session " + SessionIds.forLog(sessionId))
                        + " failed" + (unreachable ? " (database unreachable)" : "") + ": " + e.getMessage();
                throw new SessionStoreException(message, sessionId, e, unreachable);
            }
        }
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

    /** Closes the pool sessiondb built; a DataSource handed in is left open. */
    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }
}
