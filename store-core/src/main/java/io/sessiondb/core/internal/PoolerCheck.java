package io.sessiondb.core.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.util.DriverDataSource;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Makes the store work through a PostgreSQL connection pooler in transaction mode (PgBouncer before
 * 1.21, or without {@code max_prepared_statements}), where pgjdbc's server-side prepared statements
 * (named {@code S_1}, {@code S_2}, ... after {@code prepareThreshold} executions) land on server
 * connections that do not have them, or have another statement of that name.
 *
 * <p>Each new pooled connection is checked once: a pooler answers the client's startup with a cancel
 * key of its own, so the backend pid the driver was given differs from {@code pg_backend_pid()} of the
 * server that runs the query; a direct connection (or a plain TCP proxy) shows the same pid. Through a
 * pooler, server-side prepares are turned off on that connection ({@code prepareThreshold=0}); a
 * direct connection keeps them, as they make the store's statements about twice as fast (see
 * bench/README.md). A {@code prepareThreshold} the user put in the jdbcUrl always wins; through a
 * pooler it is then warned about once.
 */
final class PoolerCheck implements DataSource {

    private static final System.Logger LOG = System.getLogger("io.sessiondb");
    private static final Pattern EXPLICIT_THRESHOLD = Pattern.compile("[?&]prepareThreshold=(-?\\d+)");

    private final DataSource delegate;
    private final String logPrefix;
    private final OptionalInt explicitThreshold;
    private final AtomicBoolean reported = new AtomicBoolean();

    private PoolerCheck(DataSource delegate, String logPrefix, OptionalInt explicitThreshold) {
        this.delegate = delegate;
        this.logPrefix = logPrefix;
        this.explicitThreshold = explicitThreshold;
    }

    /**
     * For a PostgreSQL jdbcUrl, makes {@code hikari} take its connections through the check (the same
     * driver, URL, properties and credentials); for other databases, changes nothing.
     */
    static void install(HikariConfig hikari, String logPrefix) {
        String url = hikari.getJdbcUrl();
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            return;
        }
        DataSource driver = new DriverDataSource(url, hikari.getDriverClassName(), hikari.getDataSourceProperties(),
                hikari.getUsername(), hikari.getPassword());
        hikari.setDataSource(new PoolerCheck(driver, logPrefix, explicitThreshold(url)));
    }

    /** @return the {@code prepareThreshold} given in the URL's parameters, if any */
    static OptionalInt explicitThreshold(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return OptionalInt.empty();
        }
        Matcher m = EXPLICIT_THRESHOLD.matcher(jdbcUrl.substring(query));
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return checked(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return checked(delegate.getConnection(username, password));
    }

    private Connection checked(Connection c) throws SQLException {
        try {
            PGConnection pg = c.unwrap(PGConnection.class);
            if (pg.getPrepareThreshold() != 0 && throughPooler(c, pg)) {
                if (explicitThreshold.isEmpty()) {
                    pg.setPrepareThreshold(0);
                    reportOnce(Level.INFO, "{0} - PostgreSQL is reached through a connection pooler (PgBouncer or"
                            + " similar): server-side prepared statements are off (prepareThreshold=0), as transaction"
                            + " pooling needs. In session pooling, or PgBouncer 1.21+ with max_prepared_statements,"
                            + " put prepareThreshold=5 in the jdbcUrl to keep them");
                } else {
                    reportOnce(Level.WARNING, "{0} - PostgreSQL is reached through a connection pooler (PgBouncer or"
                            + " similar) and the jdbcUrl sets prepareThreshold=" + explicitThreshold.getAsInt()
                            + ": fine in session pooling or PgBouncer 1.21+ with max_prepared_statements; in"
                            + " transaction pooling without it statements fail with ''prepared statement \"S_1\""
                            + " already exists''. Remove prepareThreshold from the jdbcUrl to let sessiondb turn"
                            + " server-side prepares off");
                }
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** @return whether the backend pid of the startup handshake is not that of the server running queries */
    private static boolean throughPooler(Connection c, PGConnection pg) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1) != pg.getBackendPID();
        }
    }

    private void reportOnce(Level level, String message) {
        if (reported.compareAndSet(false, true)) {
            LOG.log(level, message, logPrefix);
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate.isWrapperFor(type);
    }
}
