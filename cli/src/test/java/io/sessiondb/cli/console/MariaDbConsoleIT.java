package io.sessiondb.cli.console;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;

class MariaDbConsoleIT extends AbstractConsoleIT {

    @Override
    String jdbcUrl() {
        try (Connection c = TestDatabase.mariadb()) { // fails saying how to start the server when it is down
            return TestDatabase.MARIADB_URL;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    void dropTables(String table) {
        TestDatabase.dropMariadbTables(table);
    }
}
