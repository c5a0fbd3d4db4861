package io.sessiondb.core.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.util.DriverDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;

/**
 * Connections past the pool while it recovers from a failover. When the database goes away, HikariCP
 * keeps trying to open connections with a backoff that doubles up to 5 s between attempts, so a pool
 * can stay empty for seconds after the new primary accepts connections. After a pooled connection
 * broke, or the pool could not open one, an operation that finds the pool without a single connection
 * opens one of its own instead (the same driver, URL, properties and credentials), used for one
 * operation and closed, at most {@code maxPoolSize} at a time; once the pool hands out a connection
 * again, every operation takes its connections from the pool. A pool that still holds connections (busy
 * or slow ones: a slow database, an exhausted pool) is never bypassed: that is load, and waiting is right.
 * Not API.
 */
final class PoolBypass {

    /** A borrowed connection: closing it returns it to the pool, or closes it and frees its permit. */
    static final class Lease implements AutoCloseable {
        private final Connection connection;
        private final Semaphore permit;

        private Lease(Connection connection, Semaphore permit) {
            this.connection = connection;
            this.permit = permit;
        }

        Connection connection() {
            return connection;
        }

        /** @return whether the connection bypasses the pool */
        boolean direct() {
            return permit != null;
        }

        @Override
        public void close() throws SQLException {
            try {
                connection.close();
            } finally {
                if (permit != null) {
                    permit.release();
                }
            }
        }
    }

    private final DataSource pool;
    private final HikariPoolMXBean poolState;
    private final DataSource driver;
    private final Semaphore permits;
    private volatile boolean suspect;

    private PoolBypass(DataSource pool, HikariPoolMXBean poolState, int maxPoolSize, DataSource driver) {
        this.pool = pool;
        this.poolState = poolState;
        this.driver = driver;
        this.permits = new Semaphore(maxPoolSize);
    }

    /** For the pool sessiondb built: bypassed while it recovers (not for SQLite, a file that does not fail over). */
    static PoolBypass of(HikariDataSource pool) {
        String url = pool.getJdbcUrl();
        if (url.startsWith("jdbc:sqlite:")) {
            return never(pool);
        }
        // PostgreSQL's pool connects through PoolerCheck (a DataSource); the others through the driver itself.
        DataSource driver = pool.getDataSource() != null ? pool.getDataSource()
                : new DriverDataSource(url, pool.getDriverClassName(), pool.getDataSourceProperties(),
                        pool.getUsername(), pool.getPassword());
        return new PoolBypass(pool, pool.getHikariPoolMXBean(), pool.getMaximumPoolSize(), driver);
    }

    /** For a DataSource handed in: always used as it is. */
    static PoolBypass never(DataSource dataSource) {
        return new PoolBypass(dataSource, null, 0, null);
    }

    /**
     * @return a connection from the pool, or, while the pool is recovering and has none to give, one of
     *         its own when a permit is free
     */
    Lease borrow() throws SQLException {
        if (suspect && poolState.getTotalConnections() == 0 && permits.tryAcquire()) {
            try {
                return new Lease(driver.getConnection(), permits);
            } catch (SQLException | RuntimeException e) {
                permits.release();
                throw e;
            }
        }
        return new Lease(pool.getConnection(), null);
    }

    /**
     * Told of every operation that succeeded. One on a pooled connection ends the bypass: the pool works
     * again. (Borrowing alone proves nothing: a pooled connection used within the last 500 ms is handed
     * out unchecked, dead or alive.)
     */
    void worked(Lease lease) {
        if (suspect && !lease.direct()) {
            suspect = false;
        }
    }

    /**
     * Told of every failure to connect or of a connection that broke mid-way. A broken pooled
     * connection means the others are likely broken too (the server died): the idle ones are evicted at
     * once, the busy ones when they come back, instead of each failing one request.
     *
     * @param lease     the connection that broke, or {@code null} when none could be had
     * @param lost      whether a connection broke mid-way (else: none could be had)
     * @param exhausted whether the pool timed out with every connection busy (load, not a failure)
     */
    void failed(Lease lease, boolean lost, boolean exhausted) {
        if (poolState == null || exhausted) {
            return;
        }
        suspect = true;
        if (lost && lease != null && !lease.direct()) {
            poolState.softEvictConnections();
        }
    }
}
