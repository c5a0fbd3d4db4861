package io.sessiondb.cli.migrate;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/** Tomcat's DataSourceStore table and sessiondb's on an SQLite file. */
class SqliteMigrationTomcatImportIT extends AbstractMigrationTomcatImportIT {

    private static final String URL = TestDatabase.sqliteUrl("SqliteMigrationTomcatImportIT");

    @Override
    String url() {
        return URL;
    }

    @Override
    Connection connect() {
        return TestDatabase.sqlite(URL);
    }

    @Override
    String dataSourceClass() {
        return "org.sqlite.SQLiteDataSource";
    }

    @Override
    String blobType() {
        return "BLOB";
    }

    @Override
    SessiondbConfig config(String table, String app) {
        return TestDatabase.sqliteConfig(URL, table, app);
    }

    @Override
    void dropTargetTables(String table) {
        TestDatabase.dropSqliteTables(URL, table);
    }
}
