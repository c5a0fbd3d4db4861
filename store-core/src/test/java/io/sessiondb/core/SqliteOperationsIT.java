package io.sessiondb.core;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.util.UUID;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The operations contract on SQLite (a file under target/sqlite). */
class SqliteOperationsIT extends AbstractOperationsContractTest {

    private final String url = TestDatabase.sqliteUrl("opscore-" + UUID.randomUUID().toString().substring(0, 8));

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.sqliteConfig(url, table, app);
    }

    @Override
    protected DataSource plainDataSource() {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setBusyTimeout(10_000);
        SQLiteDataSource ds = new SQLiteDataSource(sqlite);
        ds.setUrl(url);
        return ds;
    }

    @Override
    protected Connection connect() {
        return TestDatabase.sqlite(url);
    }

    @Override
    protected void dropTables(String table) {
        TestDatabase.dropSqliteTables(url, table);
    }

    @Override
    protected String dialectName() {
        return "sqlite";
    }
}
