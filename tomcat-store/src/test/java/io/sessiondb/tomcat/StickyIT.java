package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.testing.TcpProxy;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import io.sessiondb.tomcat.testapp.DestroyCounter;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.catalina.session.PersistentManagerBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sticky setup: PersistentManager (maxIdleBackup=0) + SessiondbStore, no valve. Sessions live in
 * the memory of one node, are backed up every background cycle, survive a restart and fail over.
 */
class StickyIT {

    private static final String TABLE = TestDatabase.uniqueTable("tomcat_sticky");
    private static final Consumer<SessiondbStore> CONFIG = store -> {
        store.setJdbcUrl(TestDatabase.PG_URL);
        store.setTableName(TABLE);
        store.setMaxPoolSize("4");
    };

    private static TcpProxy proxy;

    @BeforeAll
    static void check() throws Exception {
        TestDatabase.postgres().close();
        proxy = new TcpProxy("127.0.0.1", 5432);
    }

    @AfterAll
    static void dropTable() throws Exception {
        try {
            proxy.close();
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    @Test
    void sessionSurvivesARestart() throws Exception {
        EmbeddedNode a = EmbeddedNode.sticky("a", CONFIG);
        String id;
        try {
            id = Http.get(a.uri("op=count"), null).sessionId();
            assertEquals("2", Http.get(a.uri("op=count"), id).body());
        } finally {
            a.close(); // a normal stop writes every session it holds
        }
        EmbeddedNode restarted = EmbeddedNode.sticky("a", CONFIG);
        try {
            Reply reply = Http.get(restarted.uri("op=count"), id);
            assertEquals("3", reply.body());
            assertNull(reply.setSessionId());
        } finally {
            restarted.close();
        }
    }

    @Test
    void anotherNodeTakesOverFromTheLastBackup() throws Exception {
        try (EmbeddedNode a = EmbeddedNode.sticky("a", CONFIG); EmbeddedNode b = EmbeddedNode.sticky("b", CONFIG)) {
            String id = Http.get(a.uri("op=count"), null).sessionId();
            Http.get(a.uri("op=count"), id);
            assertEquals("3", Http.get(a.uri("op=count"), id).body());
            awaitStoredCount(a, id, 3);
            Reply failover = Http.get(b.uri("op=count"), id);
            assertEquals("4", failover.body());
            assertNull(failover.setSessionId());
        }
    }

    @Test
    void failoverDuringAnOutageGetsNoNewSession() throws Exception {
        try (EmbeddedNode a = EmbeddedNode.sticky("a", CONFIG); EmbeddedNode b = EmbeddedNode.sticky("b", viaProxy())) {
            String id = Http.get(a.uri("op=count"), null).sessionId();
            awaitStoredCount(a, id, 1);
            Reply down = requestDuringOutage(b, id);
            assertNotEquals(200, down.status(), down.body());
            assertNull(down.setSessionId(), "no new session in place of the stored one");
            Reply back = awaitBack(b, id);
            assertEquals("2", back.body());
            assertNull(back.setSessionId());
        }
    }

    @Test
    void aLoadFailedDuringAnOutageLeavesNoSwapInLockBehind() throws Exception {
        try (EmbeddedNode a = EmbeddedNode.sticky("a", CONFIG); EmbeddedNode b = EmbeddedNode.sticky("b", viaProxy())) {
            String id = Http.get(a.uri("op=count"), null).sessionId();
            awaitStoredCount(a, id, 1);
            Reply down = requestDuringOutage(b, id); // no valve: Tomcat's swapIn calls the failing load
            assertNotEquals(200, down.status(), down.body());
            Map<?, ?> locks = swapInLocks(b);
            long deadline = System.currentTimeMillis() + 10_000; // several background cycles, no request for the id
            while (!locks.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(locks.isEmpty(), "Tomcat's swap-in lock of the failed load is released: " + locks.keySet());
            assertEquals("2", awaitBack(b, id).body(), "and the session loads once the database is back");
        }
    }

    /** @return Tomcat's private map of swap-in locks of {@code node}'s manager (read only, to check it is emptied) */
    private static Map<?, ?> swapInLocks(EmbeddedNode node) throws ReflectiveOperationException {
        Field field = PersistentManagerBase.class.getDeclaredField("sessionSwapInLocks");
        field.setAccessible(true);
        return (Map<?, ?>) field.get(node.context().getManager());
    }

    @Test
    void failoverDuringAnOutageWithTheStickyValveAnswers503() throws Exception {
        SessiondbValve stickyValve = new SessiondbValve();
        stickyValve.setSticky(true);
        try (EmbeddedNode a = EmbeddedNode.sticky("a", CONFIG);
             EmbeddedNode b = EmbeddedNode.sticky("b", viaProxy(), stickyValve)) {
            String id = Http.get(a.uri("op=count"), null).sessionId();
            awaitStoredCount(a, id, 1);
            Reply down = requestDuringOutage(b, id);
            assertEquals(503, down.status(), down.body());
            assertNull(down.setSessionId(), "no new session in place of the stored one");
            assertTrue(swapInLocks(b).isEmpty(), "the valve released Tomcat's swap-in lock of the failed load at once");
            assertEquals("2", awaitBack(b, id).body());
            assertEquals("3", Http.get(b.uri("op=count"), id).body(), "the session stays in b's memory (sticky)");
            assertTrue(((PersistentManagerBase) b.context().getManager()).isLoaded(id),
                    "kept in memory, not swapped out");
        }
    }

    /** @return the test config with the database reached through the proxy, and a short connection timeout */
    private static Consumer<SessiondbStore> viaProxy() {
        return store -> {
            CONFIG.accept(store);
            store.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=root");
            store.setConnectionTimeoutMs("1000");
        };
    }

    /** @return the reply to one request for session {@code id} on {@code node} while the database is cut off */
    private static Reply requestDuringOutage(EmbeddedNode node, String id) {
        proxy.cut();
        try {
            return Http.get(node.uri("op=count"), id);
        } finally {
            proxy.restore();
        }
    }

    /** @return the first 200 reply of {@code node} for session {@code id} once the database is back, within 30 s */
    private static Reply awaitBack(EmbeddedNode node, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        Reply back = Http.get(node.uri("op=count"), id);
        while (back.status() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            back = Http.get(node.uri("op=count"), id);
        }
        return back;
    }

    @Test
    void withSweepGraceOnlyTheNodeHoldingASessionExpiresIt() throws Exception {
        Consumer<SessiondbStore> graceful = store -> {
            CONFIG.accept(store);
            store.setSweepGraceSeconds("30");
        };
        // a expires its sessions every 4 s, b sweeps every second: without the grace b would claim the session first
        try (EmbeddedNode a = EmbeddedNode.start("a", graceful, null, manager -> {
                manager.setMaxIdleBackup(0);
                manager.setProcessExpiresFrequency(4);
            });
             EmbeddedNode b = EmbeddedNode.sticky("b", graceful)) {
            String id = Http.get(a.uri("op=short&seconds=2"), null).sessionId();
            // The save before the response inserted the row, so that b's sweep could claim it past its expiry.
            // Counted, not polled: the row lives only until a expires the session, 2 s after the request
            // began, and on a busy machine a expires it right after that first save commits.
            assertEquals(1, a.store().getRepository().metrics().inserts(), "the session reached the database");
            long deadline = System.currentTimeMillis() + 30_000;
            while (DestroyCounter.count(id) == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(4_000); // several more expiry cycles on both nodes
            assertEquals(1, DestroyCounter.count(a.context().getServletContext(), id),
                    "sessionDestroyed fired once on a, the node holding the session");
            assertEquals(0, DestroyCounter.count(b.context().getServletContext(), id), "and never on b");
            assertTrue(b.store().getRepository().load(id, null).isEmpty(), "and the row is gone");
        }
    }

    @Test
    void sessionInUseOnItsNodeIsNotExpiredByTheLaggingStoredAccessTime() throws Exception {
        Consumer<SessiondbStore> lazyTouch = store -> {
            CONFIG.accept(store);
            store.setTouchInterval("60"); // the stored access time lags the one in memory
        };
        try (EmbeddedNode a = EmbeddedNode.sticky("a", lazyTouch)) {
            String id = Http.get(a.uri("op=short&seconds=3"), null).sessionId();
            assertEquals("1", Http.get(a.uri("op=count"), id).body());
            awaitStoredCount(a, id, 1);
            long deadline = System.currentTimeMillis() + 6_000;
            while (System.currentTimeMillis() < deadline) { // read, never changed, past the stored expiry
                Thread.sleep(500);
                assertEquals("1", Http.get(a.uri("op=get&name=count"), id).body());
            }
            assertEquals(0, DestroyCounter.count(id), "a session in use was not expired");
            LoadedSession stored = a.store().getRepository().load(id, getClass().getClassLoader()).orElseThrow();
            assertFalse(stored.expired(), "its row was written afresh by the node that holds it");
            assertEquals(1, stored.session().attributes().get("count"));
        }
    }

    /** Waits until the database holds the session with this count: the background backup ran. */
    private static void awaitStoredCount(EmbeddedNode node, String id, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        Object stored = null;
        while (System.currentTimeMillis() < deadline) {
            Optional<LoadedSession> loaded = node.store().getRepository().load(id, StickyIT.class.getClassLoader());
            stored = loaded.map(l -> l.session().attributes().get("count")).orElse(null);
            if (Integer.valueOf(count).equals(stored)) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(count, stored, "the backup of session " + id + " reached the database");
    }
}
