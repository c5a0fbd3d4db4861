package io.sessiondb.core;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;

/** The operations contract on MariaDB. */
class MariaDbOperationsIT extends AbstractOperationsContractTest {

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.mariadbConfig(table, app);
    }

    @Override
    protected DataSource plainDataSource() {
        try {
            return new MariaDbDataSource(TestDatabase.MARIADB_URL);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected Connection connect() {
        return TestDatabase.mariadb();
    }

    @Override
    protected void dropTables(String table) {
        TestDatabase.dropMariadbTables(table);
    }

    @Override
    protected String dialectName() {
        return "mariadb";
    }
}
