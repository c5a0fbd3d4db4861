package io.sessiondb.cli.migrate;

/** Jetty's JDBCSessionDataStore table and sessiondb's on PostgreSQL. */
class PostgresMigrationJettyImportIT extends AbstractMigrationJettyImportIT {

    PostgresMigrationJettyImportIT() {
        super(MigrationDatabase.POSTGRESQL);
    }
}
