package io.sessiondb.core;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.util.UUID;

/** The per-node metrics on SQLite (a file under target/sqlite). */
class SqliteStoreMetricsIT extends AbstractStoreMetricsContractTest {

    private final String url = TestDatabase.sqliteUrl("metrics-" + UUID.randomUUID().toString().substring(0, 8));

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.sqliteConfig(url, table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.sqlite(url);
    }

    @Override
    protected void dropTables(String table) {
        TestDatabase.dropSqliteTables(url, table);
    }
}
