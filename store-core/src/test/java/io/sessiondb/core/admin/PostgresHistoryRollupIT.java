package io.sessiondb.core.admin;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/** The history rollup on PostgreSQL. */
class PostgresHistoryRollupIT extends AbstractHistoryRollupContractTest {

    @Override
    protected SessiondbConfig config(String table) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(TestDatabase.PG_URL);
        config.setTableName(table);
        config.setMaxPoolSize(4);
        return config;
    }

    @Override
    protected Connection connect() {
        return TestDatabase.postgres();
    }

    @Override
    protected String dialectName() {
        return "postgresql";
    }
}
