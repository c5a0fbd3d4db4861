package io.sessiondb.cli;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;

/** The commands on an SQLite file. */
class SqliteCliIT extends AbstractCliIT {

    private static final String URL = TestDatabase.sqliteUrl("cli-cmds");

    @Override
    String url() {
        return URL;
    }

    @Override
    SessiondbConfig config(String table, String app) {
        return TestDatabase.sqliteConfig(URL, table, app);
    }

    @Override
    void drop(String table) {
        TestDatabase.dropSqliteTables(URL, table);
    }
}
