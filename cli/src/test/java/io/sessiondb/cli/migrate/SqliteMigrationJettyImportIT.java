package io.sessiondb.cli.migrate;

/** Jetty's JDBCSessionDataStore table and sessiondb's on an SQLite file. */
class SqliteMigrationJettyImportIT extends AbstractMigrationJettyImportIT {

    SqliteMigrationJettyImportIT() {
        super(MigrationDatabase.SQLITE);
    }
}
