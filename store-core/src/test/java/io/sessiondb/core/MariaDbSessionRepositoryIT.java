package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.SaveResult.Outcome;
import io.sessiondb.core.testing.CountingDataSource;
import io.sessiondb.core.testing.TcpProxy;
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
class MariaDbSessionRepositoryIT extends AbstractSessionRepositoryContractTest {

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
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.mariadbConfig(table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.mariadb();
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
    void storeStartsWhileDatabaseIsDownAndWorksOnceItIsBack() throws Exception {
        String fresh = TestDatabase.uniqueTable("down");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 3306)) {
            proxy.cut();
            SessiondbConfig config = config(fresh, "down");
            config.setJdbcUrl("jdbc:mariadb://127.0.0.1:" + proxy.port() + "/test?user=root");
            config.setConnectionTimeoutMs(500);
            SessionRepository repository = open(config);

            SessionStoreException down = assertThrows(SessionStoreException.class, () -> repository.load("abc", null));
            assertTrue(down.isDatabaseUnreachable(), down.toString());

            proxy.restore();
            long now = System.currentTimeMillis();
            SessionSnapshot first = new SessionSnapshot("abc", now, now, 60_000, null, Map.of(), Map.of("k", 1));
            assertEquals(Outcome.INSERTED, within(10_000, () -> repository.save(first, null)).outcome());
            LoadedSession loaded = repository.load("abc", null).orElseThrow();
            assertEquals(Map.of("k", 1), loaded.session().attributes());

            proxy.cut();
            SessionStoreException again = assertThrows(SessionStoreException.class,
                    () -> repository.save(new SessionSnapshot("abc", now, now + 1, 60_000, null, Map.of(), Map.of("k", 2)),
                            loaded.baseline()));
            assertTrue(again.isDatabaseUnreachable(), again.toString());
            proxy.restore();
            SessionSnapshot retried = new SessionSnapshot("abc", now, now + 2, 60_000, null, Map.of(), Map.of("k", 2));
            assertEquals(Outcome.UPDATED, within(10_000, () -> repository.save(retried, loaded.baseline())).outcome(),
                    "recovers on a fresh connection, nothing lost");
            assertEquals(Map.of("k", 2), repository.load("abc", null).orElseThrow().session().attributes());
        } finally {
            TestDatabase.dropMariadbTables(fresh);
        }
    }

    /** Retries {@code save} while the database is unreachable: the pool reconnects with a backoff of its own. */
    private static SaveResult within(long timeoutMs, java.util.function.Supplier<SaveResult> save)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try {
                return save.get();
            } catch (SessionStoreException e) {
                if (!e.isDatabaseUnreachable() || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
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
