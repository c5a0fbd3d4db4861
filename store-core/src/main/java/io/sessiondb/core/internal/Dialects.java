package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/** Chooses the {@link Dialect} from a JDBC URL or, for a DataSource, from the connected product. */
public final class Dialects {

    private static final String SUPPORTED = "use jdbc:postgresql://host:5432/db, jdbc:mariadb://host:3306/db"
            + " (or jdbc:mysql://host:3306/db) or jdbc:sqlite:/path/to/sessions.db";

    /** Lower bound of SQLite's busy timeout: writers queue for the file lock, and a burst must not fail. */
    private static final long MIN_SQLITE_BUSY_MS = 5_000;

    private Dialects() {
    }

    /**
     * @return the dialect for a JDBC URL
     * @throws IllegalStateException naming jdbcUrl when no dialect supports it, or tableName when the
     *                               database cannot hold that name
     */
    public static Dialect forJdbcUrl(String jdbcUrl, String table) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect(table);
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return new MariaDbDialect(table);
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            String file = jdbcUrl.substring("jdbc:sqlite:".length()).replaceAll("\\?.*", "");
            if (file.isEmpty() || file.equals(":memory:") || file.startsWith(":resource:")) {
                throw new IllegalStateException("jdbcUrl '" + jdbcUrl + "' is not a database file: every pooled"
                        + " connection would see its own database. Use jdbc:sqlite:/path/to/sessions.db");
            }
            return new SqliteDialect(table);
        }
        throw new IllegalStateException("jdbcUrl '" + jdbcUrl.replaceAll("\\?.*", "")
                + "' names a database sessiondb does not support yet: " + SUPPORTED);
    }

    /** @return the dialect of the database a DataSource connects to */
    public static Dialect forConnection(Connection c, String table) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return new PostgresDialect(table);
        }
        if (product.contains("mariadb") || product.contains("mysql")) {
            return new MariaDbDialect(table);
        }
        if (product.contains("sqlite")) {
            return new SqliteDialect(table);
        }
        throw new IllegalStateException("the dataSource connects to " + product
                + ", which sessiondb does not support yet: use PostgreSQL, MariaDB/MySQL or SQLite");
    }

    /**
     * Driver properties that bound connect and read times, so an outage fails fast instead of hanging;
     * for SQLite, the per-connection settings the dialect relies on (WAL, busy timeout, foreign keys).
     */
    static Map<String, String> driverProperties(String jdbcUrl, long connectionTimeoutMs) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            String connectSeconds = Long.toString(Math.max(1, (connectionTimeoutMs + 999) / 1000));
            return Map.of("connectTimeout", connectSeconds, "socketTimeout", "60", "tcpKeepAlive", "true");
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            // Milliseconds for both MariaDB Connector/J and MySQL Connector/J. READ COMMITTED keeps
            // InnoDB from taking gap locks, which would make unrelated sessions' saves deadlock.
            return Map.of("connectTimeout", Long.toString(Math.max(1, connectionTimeoutMs)), "socketTimeout", "60000",
                    "tcpKeepAlive", "true", "transactionIsolation", "READ-COMMITTED");
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            String busyMs = Long.toString(Math.max(MIN_SQLITE_BUSY_MS, connectionTimeoutMs));
            return Map.of("journal_mode", "WAL", "busy_timeout", busyMs, "foreign_keys", "true",
                    "synchronous", "NORMAL");
        }
        return Map.of();
    }
}
