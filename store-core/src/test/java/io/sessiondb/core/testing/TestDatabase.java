package io.sessiondb.core.testing;

import io.sessiondb.core.SessiondbConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real test databases. A test that needs a server that does not answer fails with a message
 * saying how to start it; it is never skipped.
 */
public final class TestDatabase {

    /** JDBC URL of the test PostgreSQL; system property {@code sessiondb.test.pgUrl} overrides it. */
    public static final String PG_URL = System.getProperty("sessiondb.test.pgUrl",
            "jdbc:postgresql://127.0.0.1:5432/test?user=root");

    /**
     * JDBC URL of the test PgBouncer (transaction pooling, in front of the test PostgreSQL), exactly as a
     * user writes it; system property {@code sessiondb.test.pgbouncerUrl} overrides it.
     */
    public static final String PGBOUNCER_URL = System.getProperty("sessiondb.test.pgbouncerUrl",
            "jdbc:postgresql://127.0.0.1:6432/test?user=root");

    /** How to start the test PgBouncer, for failure messages. */
    public static final String PGBOUNCER_HOW_TO_START = "run ./run-tests.sh (its ensure_pgbouncer step installs"
            + " Debian's pgbouncer if missing and starts it in transaction mode on 127.0.0.1:6432 with its config in"
            + " /tmp/sessiondb-pgbouncer), or start it by hand: runuser -u postgres -- pgbouncer -d"
            + " /tmp/sessiondb-pgbouncer/pgbouncer.ini";

    /** JDBC URL of the test MariaDB; system property {@code sessiondb.test.mariadbUrl} overrides it. */
    public static final String MARIADB_URL = System.getProperty("sessiondb.test.mariadbUrl",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    /** How to start the test MariaDB, for failure messages. */
    public static final String MARIADB_HOW_TO_START = "start it with 'start-stop-daemon --start --oknodo --background"
            + " --exec /usr/sbin/mariadbd' (root with an empty password, database test) or run ./run-tests.sh";

    private TestDatabase() {
    }

    /** @return a fresh table name for one test class, so tests never see each other's rows */
    public static String uniqueTable(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.length() > 24) {
            clean = clean.substring(0, 24);
        }
        return "t_" + clean + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    }

    /** @return a config on the test PostgreSQL with the given table and app */
    public static SessiondbConfig postgresConfig(String table, String app) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(PG_URL);
        config.setTableName(table);
        config.setAppName(app);
        config.setMaxPoolSize(4);
        return config;
    }

    /** @return a plain connection to the test PostgreSQL, failing with a how-to-start message if down */
    public static Connection postgres() {
        try {
            return DriverManager.getConnection(PG_URL);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL does not answer at " + PG_URL + ": start it with "
                    + "'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' or run ./run-tests.sh", e);
        }
    }

    /** @return a config through the test PgBouncer with the given table and app */
    public static SessiondbConfig pgbouncerConfig(String table, String app) {
        SessiondbConfig config = postgresConfig(table, app);
        config.setJdbcUrl(PGBOUNCER_URL);
        return config;
    }

    /**
     * Fails, saying how to start it, unless the test PgBouncer answers a query.
     *
     * @throws AssertionError when PgBouncer does not answer at {@link #PGBOUNCER_URL}
     */
    public static void requirePgbouncer() {
        // prepareThreshold=0: this probe must not leave a named statement on a shared server connection.
        String url = PGBOUNCER_URL + (PGBOUNCER_URL.contains("?") ? "&" : "?") + "prepareThreshold=0&connectTimeout=5";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        } catch (SQLException e) {
            throw new AssertionError("PgBouncer does not answer at " + PGBOUNCER_URL + ": " + PGBOUNCER_HOW_TO_START, e);
        }
    }

    /** Drops the session, attribute, index, history and schema tables of {@code table}. */
    public static void dropTables(String table) {
        try (Connection c = postgres(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + childTables(table) + table + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError("dropping test table " + table + " failed", e);
        }
    }

    /** @return a config on the test MariaDB with the given table and app */
    public static SessiondbConfig mariadbConfig(String table, String app) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(MARIADB_URL);
        config.setTableName(table);
        config.setAppName(app);
        config.setMaxPoolSize(4);
        return config;
    }

    /** @return a plain connection to the test MariaDB, failing with a how-to-start message if down */
    public static Connection mariadb() {
        try {
            return DriverManager.getConnection(MARIADB_URL);
        } catch (SQLException e) {
            throw new AssertionError("MariaDB does not answer at " + MARIADB_URL + ": " + MARIADB_HOW_TO_START, e);
        }
    }

    /** @return the tables of schema version 4 beside {@code table}, children first, as a DROP TABLE list prefix */
    private static String childTables(String table) {
        return table + "_attributes, " + table + "_index, " + table + "_history, " + table + "_history_days, " + table
                + "_history_rollup, " + table + "_locks, " + table + "_schema, ";
    }

    /** Drops every table of {@code table} (sessions, attributes, index, history, schema) on the test MariaDB. */
    public static void dropMariadbTables(String table) {
        try (Connection c = mariadb(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + childTables(table) + table);
        } catch (SQLException e) {
            throw new AssertionError("dropping test table " + table + " failed", e);
        }
    }

    /**
     * @param name a file name without extension, e.g. the test class
     * @return the JDBC URL of a SQLite file under {@code target/sqlite/} (the directory is created)
     */
    public static String sqliteUrl(String name) {
        Path dir = Path.of("target", "sqlite").toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "jdbc:sqlite:" + dir.resolve(name + ".db");
    }

    /** @return a config on the SQLite file {@code url} with the given table and app */
    public static SessiondbConfig sqliteConfig(String url, String table, String app) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(url);
        config.setTableName(table);
        config.setAppName(app);
        config.setMaxPoolSize(4);
        return config;
    }

    /** @return a plain connection to the SQLite file {@code url}, with foreign keys on as the store has them */
    public static Connection sqlite(String url) {
        try {
            Connection c = DriverManager.getConnection(url);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA foreign_keys = ON");
                st.execute("PRAGMA busy_timeout = 10000");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw new AssertionError("cannot open SQLite file " + url, e);
        }
    }

    /** Drops the session, attribute, index, history and schema tables of {@code table} in the SQLite file {@code url}. */
    public static void dropSqliteTables(String url, String table) {
        try (Connection c = sqlite(url); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table + "_attributes");
            st.execute("DROP TABLE IF EXISTS " + table + "_index");
            st.execute("DROP TABLE IF EXISTS " + table + "_history");
            st.execute("DROP TABLE IF EXISTS " + table + "_history_days");
            st.execute("DROP TABLE IF EXISTS " + table + "_history_rollup");
            st.execute("DROP TABLE IF EXISTS " + table + "_locks");
            st.execute("DROP TABLE IF EXISTS " + table + "_schema");
            st.execute("DROP TABLE IF EXISTS " + table);
        } catch (SQLException e) {
            throw new AssertionError("dropping test table " + table + " failed", e);
        }
    }
}
