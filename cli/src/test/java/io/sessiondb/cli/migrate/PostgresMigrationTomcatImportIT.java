package io.sessiondb.cli.migrate;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/** Tomcat's DataSourceStore table and sessiondb's on PostgreSQL. */
class PostgresMigrationTomcatImportIT extends AbstractMigrationTomcatImportIT {

    @Override
    String url() {
        return TestDatabase.PG_URL;
    }

    @Override
    Connection connect() {
        return TestDatabase.postgres();
    }

    @Override
    String dataSourceClass() {
        return "org.postgresql.ds.PGSimpleDataSource";
    }

    @Override
    String blobType() {
        return "BYTEA";
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
