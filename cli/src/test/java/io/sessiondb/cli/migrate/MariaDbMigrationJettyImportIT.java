package io.sessiondb.cli.migrate;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/** Jetty's JDBCSessionDataStore table and sessiondb's on MariaDB. */
class MariaDbMigrationJettyImportIT extends AbstractMigrationJettyImportIT {

    @Override
    String url() {
        return TestDatabase.MARIADB_URL;
    }

    @Override
    Connection connect() {
        return TestDatabase.mariadb();
    }

    @Override
    String driverClass() {
        return "org.mariadb.jdbc.Driver";
    }

    @Override
    SessiondbConfig config(String table, String app) {
        return TestDatabase.mariadbConfig(table, app);
    }

    @Override
    void dropTargetTables(String table) {
        TestDatabase.dropMariadbTables(table);
    }
}
