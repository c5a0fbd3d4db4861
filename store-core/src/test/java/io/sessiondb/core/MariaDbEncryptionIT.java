package io.sessiondb.core;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;

/** The encryption contract on MariaDB. */
class MariaDbEncryptionIT extends AbstractEncryptionContractTest {

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.mariadbConfig(table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.mariadb();
    }
}
