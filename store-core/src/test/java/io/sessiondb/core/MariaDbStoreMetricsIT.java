package io.sessiondb.core;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The per-node metrics on MariaDB. */
class MariaDbStoreMetricsIT extends AbstractStoreMetricsContractTest {

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.mariadbConfig(table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.mariadb();
    }

    @Override
    protected void dropTables(String table) {
        // The schema version 3 tables that reference the session table go first.
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table + "_index, " + table + "_history");
        } catch (SQLException e) {
            throw new AssertionError("dropping test table " + table + " failed", e);
        }
        TestDatabase.dropMariadbTables(table);
    }
}
