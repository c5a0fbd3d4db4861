package io.sessiondb.core.testing;

import io.sessiondb.core.SessiondbConfig;
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

    /** Drops the session, attribute and schema tables of {@code table}. */
    public static void dropTables(String table) {
        try (Connection c = postgres(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table + "_attributes, " + table + "_schema, " + table + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError("dropping test table " + table + " failed", e);
        }
    }
}
