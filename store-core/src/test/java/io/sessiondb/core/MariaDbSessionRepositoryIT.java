package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.SaveResult.Outcome;
import io.sessiondb.core.testing.CountingDataSource;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository contract on MariaDB (the server on 127.0.0.1:3306, root, database test), plus the
 * round-trip costs, outage behaviour and schema handling of the MariaDB dialect.
 */
class MariaDbSessionRepositoryIT extends AbstractServerRepositoryContractTest {

    @BeforeAll
    void serverAnswers() throws SQLException {
        try (Connection c = TestDatabase.mariadb(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT VERSION()")) {
            rs.next();
            assertTrue(rs.getString(1).contains("MariaDB"), "the test server is MariaDB: " + rs.getString(1));
        }
    }

    @Override
    protected String dialectName() {
        return "mariadb";
    }

    @Override
    protected int serverPort() {
        return 3306;
    }

    @Override
    protected String urlThrough(int port) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/test?user=root";
    }

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.mariadbConfig(table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.mariadb();
    }

    /** The metadata column takes only valid JSON here: a JSON array is what can be stored that is not an object of strings. */
    @Override
    protected String corruptMetadata() {
        return "[1, 2]";
    }

    @Override
    protected String serverUrl() {
        return TestDatabase.MARIADB_URL;
    }

    @Override
    protected String connectionIdQuery() {
        return "SELECT CONNECTION_ID()";
    }

    @Override
    protected String openTransactionsQuery(String connectionIds) {
        return "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_mysql_thread_id IN (" + connectionIds + ")";
    }

    @Override
    protected void dropTables(String table) {
        TestDatabase.dropMariadbTables(table);
    }

    @Test
    void loadIsOneRoundTripAndSavesWriteOnlyWhatChanged() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(TestDatabase.MARIADB_URL);
            CountingDataSource counting = new CountingDataSource(pool);
            SessiondbConfig config = config(table, "cost-" + UUID.randomUUID());
            config.setJdbcUrl(null);
            config.setDataSource(counting);
            SessionRepository counted = open(config);

            String id = UUID.randomUUID().toString();
            long now = System.currentTimeMillis();
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("heavy", new byte[1024 * 1024]);
            attributes.put("counter", 1);
            counting.reset();
            counted.save(new SessionSnapshot(id, now, now, 1_800_000, null, Map.of(), attributes), null);
            assertEquals(3, counting.roundTrips(), "insert of a new session: row, attribute batch, commit");

            counting.reset();
            LoadedSession loaded = counted.load(id, null).orElseThrow();
            assertEquals(1, counting.roundTrips(), "load");

            counting.reset();
            SaveResult unchanged = counted.save(loaded.session(), loaded.baseline());
            assertEquals(Outcome.UNCHANGED, unchanged.outcome());
            assertEquals(0, counting.roundTrips(), "save with nothing changed and no touch due");

            counting.reset();
            SaveResult touched = counted.save(new SessionSnapshot(id, now, now + 600_000, 1_800_000, null, Map.of(),
                    attributes), loaded.baseline());
            assertEquals(Outcome.TOUCHED, touched.outcome());
            assertEquals(1, counting.roundTrips(), "a touch is one statement");

            attributes.put("counter", 2);
            counting.reset();
            SaveResult one = counted.save(new SessionSnapshot(id, now, now + 600_001, 1_800_000, null, Map.of(),
                    attributes), touched.baseline());
            assertEquals(3, counting.roundTrips(), "save of one changed attribute: row lock, attribute batch, commit");
            assertEquals(1, one.attributesWritten());
            assertTrue(one.bytesWritten() < 200, "bytes written grow with the change, not the session: " + one.bytesWritten());
        }
    }



    @Test
    void mysqlUrlIsServedByTheMariaDbDialect() {
        SessiondbConfig config = config(table, "mysql-url");
        // MariaDB Connector/J takes jdbc:mysql: URLs only with permitMysqlScheme; MySQL Connector/J takes them as they are.
        config.setJdbcUrl(TestDatabase.MARIADB_URL.replace("jdbc:mariadb:", "jdbc:mysql:") + "&permitMysqlScheme");
        SessionRepository repository = open(config);
        long now = System.currentTimeMillis();
        repository.save(new SessionSnapshot("m1", now, now, 60_000, null, Map.of(), Map.of("k", 1)), null);
        assertEquals(Map.of("k", 1), repository.load("m1", null).orElseThrow().session().attributes());
    }

    @Test
    void schemaRecordHoldsARandomSealKey() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, LENGTH(seal_key), installed_ms FROM " + table + "_schema")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertEquals(32, rs.getInt(2));
            assertTrue(Math.abs(System.currentTimeMillis() - rs.getLong(3)) < 3_600_000, "installed_ms is in ms");
        }
    }

    @Test
    void databaseQualifiedTableNameWorks() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS sessiondb_it");
        }
        String qualified = "sessiondb_it." + TestDatabase.uniqueTable("qualified");
        try {
            SessionRepository repository = open(config(qualified, "qualified"));
            long now = System.currentTimeMillis();
            repository.save(new SessionSnapshot("q1", now, now, 60_000, null, Map.of(), Map.of("k", 1)), null);
            assertEquals(Map.of("k", 1), repository.load("q1", null).orElseThrow().session().attributes());
            assertTrue(open(config(qualified, "qualified-again")).load("q1", null).isEmpty(),
                    "a second start finds the schema in the named database");
        } finally {
            TestDatabase.dropMariadbTables(qualified);
        }
    }
}
