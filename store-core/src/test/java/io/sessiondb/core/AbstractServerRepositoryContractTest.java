package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.SaveResult.Outcome;
import io.sessiondb.core.testing.TcpProxy;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of a database reached over the network, which can go away: the store starts while it is
 * down, fails fast and says so while it is down, and loses nothing once it is back. A {@link TcpProxy}
 * takes the server away from this test only.
 */
public abstract class AbstractServerRepositoryContractTest extends AbstractSessionRepositoryContractTest {

    /** @return the port the test server listens on at 127.0.0.1 */
    protected abstract int serverPort();

    /** @return a JDBC URL to the test database through a proxy on {@code port} */
    protected abstract String urlThrough(int port);

    @Test
    void storeStartsWhileDatabaseIsDownAndWorksOnceItIsBack() throws Exception {
        String fresh = TestDatabase.uniqueTable("down");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", serverPort())) {
            proxy.cut();
            SessiondbConfig config = config(fresh, "down");
            config.setJdbcUrl(urlThrough(proxy.port()));
            config.setConnectionTimeoutMs(500);
            // Rides through 1 s of outage, then fails as unreachable (PostgresFailoverIT covers riding through).
            config.setFailoverTimeoutMs(1_000);
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
            dropTables(fresh);
        }
    }

    /** @return the JDBC URL of the test database, for pools built by a test */
    protected abstract String serverUrl();

    /** @return a query of one row, one column: the server's id of the connection it runs on */
    protected abstract String connectionIdQuery();

    /**
     * @return a query of one row, one column: how many of the connections whose server ids are listed
     * (comma-separated) hold an open transaction
     */
    protected abstract String openTransactionsQuery(String connectionIds);

    @Test
    void dataSourceInManualCommitModeLosesNoWriteAndLeavesNoTransactionOpen() throws Exception {
        String fresh = TestDatabase.uniqueTable("manual");
        try (HikariDataSource manual = new HikariDataSource()) {
            manual.setJdbcUrl(serverUrl());
            manual.setAutoCommit(false);
            manual.setMaximumPoolSize(2);
            manual.setMinimumIdle(2);
            List<String> ids = new ArrayList<>();
            List<Connection> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Connection c = manual.getConnection();
                held.add(c);
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(connectionIdQuery())) {
                    rs.next();
                    ids.add(rs.getString(1));
                }
                c.rollback();
            }
            for (Connection c : held) {
                c.close();
            }
            SessiondbConfig config = config(fresh, "manual");
            config.setJdbcUrl(null);
            config.setDataSource(manual);
            SessionRepository store = open(config);

            long now = System.currentTimeMillis();
            store.save(new SessionSnapshot("m1", now, now, 60_000, "ada", Map.of(), Map.of("k", 1, "drop", 2)), null);
            LoadedSession loaded = store.load("m1", null).orElseThrow();
            SaveResult updated = store.save(new SessionSnapshot("m1", now, now + 1, 60_000, "ada", Map.of(),
                    Map.of("k", 2, "new", 3)), loaded.baseline());
            assertEquals(Outcome.UPDATED, updated.outcome());
            assertEquals(Outcome.TOUCHED, store.save(new SessionSnapshot("m1", now, now + 30_000, 60_000, "ada", Map.of(),
                    Map.of("k", 2, "new", 3)), updated.baseline()).outcome());
            store.save(new SessionSnapshot("m2", now, now, 60_000, null, Map.of(), Map.of("k", 1)), null);
            assertTrue(store.changeId("m2", "m3"));
            store.save(new SessionSnapshot("gone", now, now, 60_000, null, Map.of(), Map.of("k", 1)), null);
            assertTrue(store.delete("gone"));
            store.save(new SessionSnapshot("old", now - 10_000, now - 10_000, 1_000, null, Map.of(), Map.of()), null);
            assertEquals(List.of("old"), store.claimExpired(10));

            SessiondbConfig otherPool = config(fresh, "manual");
            SessionRepository reader = open(otherPool);
            LoadedSession read = reader.load("m1", null).orElseThrow(() -> new AssertionError("the insert was lost"));
            assertEquals(Map.of("k", 2, "new", 3), read.session().attributes(), "the update was lost");
            assertEquals(now + 30_000, read.session().lastAccessedMs(), "the touch was lost");
            assertTrue(reader.load("m2", null).isEmpty() && reader.load("m3", null).isPresent(), "the change of id was lost");
            assertTrue(reader.load("gone", null).isEmpty(), "the delete was lost");
            assertTrue(reader.load("old", null).orElseThrow().expired());
            assertFalse(reader.claimExpired("old"), "the claim was lost");

            try (Connection c = connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(openTransactionsQuery(String.join(",", ids)))) {
                rs.next();
                assertEquals(0, rs.getInt(1), "a pooled connection holds an open transaction");
            }
        } finally {
            dropTables(fresh);
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
}
