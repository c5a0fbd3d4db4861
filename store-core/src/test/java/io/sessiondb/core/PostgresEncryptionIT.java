package io.sessiondb.core;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/** The encryption contract on PostgreSQL. */
class PostgresEncryptionIT extends AbstractEncryptionContractTest {

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.postgresConfig(table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.postgres();
    }
}
