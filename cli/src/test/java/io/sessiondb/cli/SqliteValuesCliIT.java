package io.sessiondb.cli;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;

/** {@code reencrypt} and {@code check --live} on an SQLite file. */
class SqliteValuesCliIT extends AbstractValuesCliIT {

    private static final String URL = TestDatabase.sqliteUrl("cli-values");

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
