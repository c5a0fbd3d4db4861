package io.sessiondb.cli.migrate;

/** Jetty's JDBCSessionDataStore table and sessiondb's on MariaDB. */
class MariaDbMigrationJettyImportIT extends AbstractMigrationJettyImportIT {

    MariaDbMigrationJettyImportIT() {
        super(MigrationDatabase.MARIADB);
    }
}
