package io.sessiondb.core;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** The operations contract on PostgreSQL. */
class PostgresOperationsIT extends AbstractOperationsContractTest {

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.postgresConfig(table, app);
    }

    @Override
    protected DataSource plainDataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestDatabase.PG_URL);
        return ds;
    }

    @Override
    protected Connection connect() {
        return TestDatabase.postgres();
    }

    @Override
    protected void dropTables(String table) {
        TestDatabase.dropTables(table);
    }

    @Override
    protected String dialectName() {
        return "postgresql";
    }
}
