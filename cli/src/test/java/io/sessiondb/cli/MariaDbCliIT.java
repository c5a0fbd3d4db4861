package io.sessiondb.cli;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;

/** The commands on the test MariaDB. */
class MariaDbCliIT extends AbstractCliIT {

    @Override
    String url() {
        return TestDatabase.MARIADB_URL;
    }

    @Override
    SessiondbConfig config(String table, String app) {
        return TestDatabase.mariadbConfig(table, app);
    }

    @Override
    void drop(String table) {
        TestDatabase.dropMariadbTables(table);
    }
}
