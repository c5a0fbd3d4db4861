package io.sessiondb.core.admin;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.util.UUID;

/** The history rollup on SQLite (a file under target/sqlite). */
class SqliteHistoryRollupIT extends AbstractHistoryRollupContractTest {

    private final String url = TestDatabase.sqliteUrl("rollup-" + UUID.randomUUID().toString().substring(0, 8));

    @Override
    protected SessiondbConfig config(String table) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(url);
        config.setTableName(table);
        config.setMaxPoolSize(4);
        return config;
    }

    @Override
    protected Connection connect() {
        return TestDatabase.sqlite(url);
    }

    @Override
    protected String dialectName() {
        return "sqlite";
    }
}
