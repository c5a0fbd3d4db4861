package io.sessiondb.cli.migrate;

/** Tomcat's DataSourceStore table and sessiondb's on PostgreSQL. */
class PostgresMigrationTomcatImportIT extends AbstractMigrationTomcatImportIT {

    PostgresMigrationTomcatImportIT() {
        super(MigrationDatabase.POSTGRESQL);
    }
}
