package io.sessiondb.cli.console;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

class SqliteConsoleIT extends AbstractConsoleIT {

    private static final String URL = TestDatabase.sqliteUrl("SqliteConsoleIT");

    @Override
    String jdbcUrl() {
        return URL;
    }

    @Override
    void dropTables(String table) {
        try (Connection c = TestDatabase.sqlite(URL); Statement st = c.createStatement()) {
            for (String suffix : new String[] {"_index", "_history", "_attributes", "_schema", ""}) {
                st.execute("DROP TABLE IF EXISTS " + table + suffix);
            }
        } catch (SQLException e) {
            throw new AssertionError("dropping test table " + table + " failed", e);
        }
    }
}
