package io.sessiondb.cli.console;

import io.sessiondb.core.testing.TestDatabase;

class SqliteConsoleIT extends AbstractConsoleIT {

    private static final String URL = TestDatabase.sqliteUrl("SqliteConsoleIT");

    @Override
    String jdbcUrl() {
        return URL;
    }

    @Override
    void dropTables(String table) {
        TestDatabase.dropSqliteTables(URL, table);
    }
}
