package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SaveResult.Outcome;
import io.sessiondb.core.testing.TcpProxy;
import io.sessiondb.core.testing.TestDatabase;
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
