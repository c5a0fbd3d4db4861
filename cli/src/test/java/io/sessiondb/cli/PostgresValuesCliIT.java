package io.sessiondb.cli;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;

/** {@code reencrypt} and {@code check --live} on PostgreSQL. */
class PostgresValuesCliIT extends AbstractValuesCliIT {

    @Override
    String url() {
        return TestDatabase.PG_URL;
    }

    @Override
    SessiondbConfig config(String table, String app) {
        return TestDatabase.postgresConfig(table, app);
    }

    @Override
    void drop(String table) {
        TestDatabase.dropTables(table);
    }
}
