package io.sessiondb.cli.migrate;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/**
 * A database the import tests run on: the legacy store's table and sessiondb's are both there. What the
 * Tomcat and Jetty import tests need to know of it, in one place.
 */
enum MigrationDatabase {

    POSTGRESQL(TestDatabase.PG_URL, "org.postgresql.Driver", "org.postgresql.ds.PGSimpleDataSource", "BYTEA"),
    MARIADB(TestDatabase.MARIADB_URL, "org.mariadb.jdbc.Driver", "org.mariadb.jdbc.MariaDbDataSource", "LONGBLOB"),
    SQLITE(TestDatabase.sqliteUrl("MigrationImportIT"), "org.sqlite.JDBC", "org.sqlite.SQLiteDataSource", "BLOB");

    private final String url;
    private final String driverClass;
    private final String dataSourceClass;
    private final String blobType;

    MigrationDatabase(String url, String driverClass, String dataSourceClass, String blobType) {
        this.url = url;
        this.driverClass = driverClass;
        this.dataSourceClass = dataSourceClass;
        this.blobType = blobType;
    }

    /** @return its JDBC URL */
    String url() {
        return url;
    }

    /** @return the JDBC driver class Jetty's DatabaseAdaptor is given */
    String driverClass() {
        return driverClass;
    }

    /** @return the DataSource class Tomcat's JNDI resource is, with a {@code url} property */
    String dataSourceClass() {
        return dataSourceClass;
    }

    /** @return the binary column type of Tomcat's session_data column */
    String blobType() {
        return blobType;
    }

    /** @return a connection to it */
    Connection connect() {
        return switch (this) {
            case POSTGRESQL -> TestDatabase.postgres();
            case MARIADB -> TestDatabase.mariadb();
            case SQLITE -> TestDatabase.sqlite(url);
        };
    }

    /** @return a sessiondb config of {@code table} and {@code app} on it */
    SessiondbConfig config(String table, String app) {
        return switch (this) {
            case POSTGRESQL -> TestDatabase.postgresConfig(table, app);
            case MARIADB -> TestDatabase.mariadbConfig(table, app);
            case SQLITE -> TestDatabase.sqliteConfig(url, table, app);
        };
    }

    /** Drops sessiondb's tables of {@code table}. */
    void dropTargetTables(String table) {
        switch (this) {
            case POSTGRESQL -> TestDatabase.dropTables(table);
            case MARIADB -> TestDatabase.dropMariadbTables(table);
            case SQLITE -> TestDatabase.dropSqliteTables(url, table);
        }
    }
}
