package io.sessiondb.cli.migrate;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/** Jetty's JDBCSessionDataStore table and sessiondb's on PostgreSQL. */
class PostgresMigrationJettyImportIT extends AbstractMigrationJettyImportIT {

    @Override
    String url() {
        return TestDatabase.PG_URL;
    }

    @Override
    Connection connect() {
        return TestDatabase.postgres();
    }

    @Override
    String driverClass() {
        return "org.postgresql.Driver";
    }

    @Override
    SessiondbConfig config(String table, String app) {
        return TestDatabase.postgresConfig(table, app);
    }

    @Override
    void dropTargetTables(String table) {
        TestDatabase.dropTables(table);
    }
}
