package io.sessiondb.cli.console;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

class PostgresConsoleIT extends AbstractConsoleIT {

    @Override
    String jdbcUrl() {
        try (Connection c = TestDatabase.postgres()) { // fails saying how to start the server when it is down
            return TestDatabase.PG_URL;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    void dropTables(String table) {
        try (Connection c = TestDatabase.postgres(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table + "_index, " + table + "_history, " + table + "_attributes, "
                    + table + "_schema, " + table + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError("dropping test table " + table + " failed", e);
        }
    }
}
