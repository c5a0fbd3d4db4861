package io.sessiondb.cli.migrate;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/** Jetty's JDBCSessionDataStore table and sessiondb's on an SQLite file. */
class SqliteMigrationJettyImportIT extends AbstractMigrationJettyImportIT {

    private static final String URL = TestDatabase.sqliteUrl("SqliteMigrationJettyImportIT");

    @Override
    String url() {
        return URL;
    }

    @Override
    Connection connect() {
        return TestDatabase.sqlite(URL);
    }

    @Override
    String driverClass() {
        return "org.sqlite.JDBC";
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
