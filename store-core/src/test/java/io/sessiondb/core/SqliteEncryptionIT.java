package io.sessiondb.core;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.util.UUID;

/** The encryption contract on SQLite (a file under target/sqlite). */
class SqliteEncryptionIT extends AbstractEncryptionContractTest {

    private final String url = TestDatabase.sqliteUrl("encryption-" + UUID.randomUUID().toString().substring(0, 8));

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.sqliteConfig(url, table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.sqlite(url);
    }
}
