package io.sessiondb.cli.migrate;

/** Tomcat's DataSourceStore table and sessiondb's on an SQLite file. */
class SqliteMigrationTomcatImportIT extends AbstractMigrationTomcatImportIT {

    SqliteMigrationTomcatImportIT() {
        super(MigrationDatabase.SQLITE);
    }
}
