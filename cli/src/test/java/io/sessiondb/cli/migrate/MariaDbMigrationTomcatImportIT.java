package io.sessiondb.cli.migrate;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/** Tomcat's DataSourceStore table and sessiondb's on MariaDB. */
class MariaDbMigrationTomcatImportIT extends AbstractMigrationTomcatImportIT {

    @Override
    String url() {
        return TestDatabase.MARIADB_URL;
    }

    @Override
    Connection connect() {
        return TestDatabase.mariadb();
    }

    @Override
    String dataSourceClass() {
        return "org.mariadb.jdbc.MariaDbDataSource";
    }

    @Override
    String blobType() {
        return "LONGBLOB";
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
