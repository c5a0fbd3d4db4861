package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessiondb.core.StoreMetrics;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The store reports the sessions Jetty's cache holds on this node as its active sessions
 * ({@link StoreMetrics#activeSessions()}, JMX {@code ActiveSessions}): non-sticky, those requests are
 * using right now; sticky, every session the default cache keeps.
 */
class ActiveSessionsIT {

    @Test
    void nonStickyNodeReportsTheSessionsItsRequestsHold() throws Exception {
        String table = TestDatabase.uniqueTable("nm_jetty_active");
        try (TestNode node = node(false, table)) {
            Client c = new Client();
            c.ok(node.port(), "/inc");
            StoreMetrics metrics = node.store().getRepository().metrics();
            awaitNoActiveSession(metrics);
            CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> c.ok(node.port(), "/hold?ms=3000"));
            long most = 0;
            while (!held.isDone() && most < 1) {
                most = Math.max(most, metrics.activeSessions());
                Thread.sleep(10);
            }
            assertEquals("held", held.get());
            assertEquals(1, most, "the held session was reported while its request ran");
            awaitNoActiveSession(metrics);
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    @Test
    void stickyNodeReportsEverySessionItsCacheKeeps() throws Exception {
        String table = TestDatabase.uniqueTable("nm_jetty_active");
        try (TestNode node = node(true, table)) {
            for (int i = 0; i < 3; i++) {
                new Client().ok(node.port(), "/inc");
            }
            assertEquals(3, node.store().getRepository().metrics().activeSessions());
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    /** The cache lets go of a request's copy as the request completes, which may be just after the client has the response. */
    private static void awaitNoActiveSession(StoreMetrics metrics) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (metrics.activeSessions() != 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, metrics.activeSessions(), "no request holds a session");
    }

    private static TestNode node(boolean sticky, String table) throws Exception {
        return new TestNode("A", sticky, f -> {
            f.setJdbcUrl(TestDatabase.PG_URL);
            f.setTableName(table);
            f.setMaxPoolSize(4);
        }).start();
    }
}
