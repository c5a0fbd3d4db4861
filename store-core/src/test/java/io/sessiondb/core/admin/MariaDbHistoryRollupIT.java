package io.sessiondb.core.admin;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/** The history rollup on MariaDB. */
class MariaDbHistoryRollupIT extends AbstractHistoryRollupContractTest {

    @Override
    protected SessiondbConfig config(String table) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(TestDatabase.MARIADB_URL);
        config.setTableName(table);
        config.setMaxPoolSize(4);
        return config;
    }

    @Override
    protected Connection connect() {
        return TestDatabase.mariadb();
    }

    @Override
    protected String dialectName() {
        return "mariadb";
    }
}
