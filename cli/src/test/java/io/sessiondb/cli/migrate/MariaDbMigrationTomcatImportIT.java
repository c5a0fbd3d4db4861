package io.sessiondb.cli.migrate;

/** Tomcat's DataSourceStore table and sessiondb's on MariaDB. */
class MariaDbMigrationTomcatImportIT extends AbstractMigrationTomcatImportIT {

    MariaDbMigrationTomcatImportIT() {
        super(MigrationDatabase.MARIADB);
    }
}
