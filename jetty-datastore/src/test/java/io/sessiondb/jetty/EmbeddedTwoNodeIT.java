package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import io.sessiondb.jetty.HttpProbe.Reply;
import io.sessiondb.jetty.webapp.SessionServlet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two embedded Jetty ee10 nodes sharing one PostgreSQL table, non-sticky (sessiondb's cache),
 * driven over real HTTP with cookies. Also run on Jetty 12.1 by the {@code jetty-12.1} failsafe execution.
 */
class EmbeddedTwoNodeIT {

    private static final String TABLE = TestDatabase.uniqueTable("jetty_embedded");

    private static TestNode a;
    private static TestNode b;

    @BeforeAll
    static void startNodes() throws Exception {
        String expected = System.getProperty("sessiondb.test.expectJetty");
        if (expected != null) {
            assertTrue(Jetty.VERSION.startsWith(expected), "expected Jetty " + expected + ", running " + Jetty.VERSION);
        }
        TestDatabase.postgres().close();
        a = new TestNode("A", false, f -> configure(f, "A")).start();
        b = new TestNode("B", false, f -> configure(f, "B")).start();
    }

    private static void configure(SessiondbDataStoreFactory f, String node) {
        f.setJdbcUrl(TestDatabase.PG_URL);
        f.setTableName(TABLE);
        f.setMaxPoolSize(8);
        f.setNodeName(node);
        f.setIdSecret("embedded-test-secret-0123456789");
    }

    @AfterAll
    static void stopNodes() throws Exception {
        try {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    @Test
    void sharedCounterAcrossNodes() {
        Client c = new Client();
        assertEquals("1", c.ok(a.port(), "/inc"));
        String first = c.sessionId();
        assertNotNull(first);
        assertEquals("2", c.ok(b.port(), "/inc"));
        assertEquals("3", c.ok(a.port(), "/inc"));
        assertEquals("4", c.ok(b.port(), "/inc"));
        assertEquals(first, c.sessionId());
    }

    @Test
    void sessionSurvivesNodeRestart() throws Exception {
        Client c = new Client();
        assertEquals("1", c.ok(a.port(), "/inc"));
        assertEquals("2", c.ok(a.port(), "/inc"));
        a.stop();
        try {
            assertEquals("3", c.ok(b.port(), "/inc"));
        } finally {
            a.start();
        }
        assertEquals("4", c.ok(a.port(), "/inc"));
    }

    @Test
    void inPlaceMutationIsSeenOnTheOtherNode() {
        Client c = new Client();
        c.ok(a.port(), "/append?value=x");
        c.ok(a.port(), "/append?value=y");
        assertEquals("[x, y]", c.ok(b.port(), "/list"));
        c.ok(b.port(), "/append?value=z");
        assertEquals("[x, y, z]", c.ok(a.port(), "/list"));
    }

    @Test
    void concurrentDisjointPutsOnBothNodesLoseNothing() throws Exception {
        for (int round = 0; round < 3; round++) {
            concurrentDisjointPuts();
        }
    }

    private static void concurrentDisjointPuts() throws Exception {
        Client c = new Client();
        c.ok(a.port(), "/put?name=seed&value=0");
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                int port = i % 2 == 0 ? a.port() : b.port();
                String path = "/put?name=k" + i + "&value=v" + i;
                results.add(pool.submit(() -> new Client(c.cookie()).ok(port, path)));
            }
            for (Future<String> f : results) {
                assertEquals("ok", f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> expected = new TreeSet<>();
        expected.add("seed");
        for (int i = 0; i < 24; i++) {
            expected.add("k" + i);
        }
        assertEquals(String.join(",", expected), sortedKeys(c.ok(a.port(), "/keys")));
        assertEquals(String.join(",", expected), sortedKeys(c.ok(b.port(), "/keys")));
        assertEquals("v17", c.ok(a.port(), "/get?name=k17"));
    }

    private static String sortedKeys(String keys) {
        return String.join(",", new TreeSet<>(List.of(keys.split(","))));
    }

    @Test
    void invalidateOnOneNodeEndsTheSessionEverywhere() {
        Client c = new Client();
        c.ok(a.port(), "/inc");
        String id = c.sessionId();
        assertEquals("invalidated", c.ok(b.port(), "/invalidate"));
        assertEquals("none", c.ok(a.port(), "/peek"));
        assertEquals("none", c.ok(b.port(), "/peek"));
        assertEquals(1, a.destroyed(id) + b.destroyed(id));
        assertEquals("1", c.ok(a.port(), "/inc"));
        assertNotEquals(id, c.sessionId());
    }

    @Test
    void changeSessionIdKillsTheOldIdOnTheOtherNode() {
        Client c = new Client();
        c.ok(a.port(), "/inc");
        String oldCookie = c.cookie();
        String newId = c.ok(a.port(), "/changeId");
        assertEquals(newId, c.sessionId());
        assertNotEquals(Client.plain(oldCookie), newId);
        Client old = new Client(oldCookie);
        assertEquals("none", old.ok(b.port(), "/peek"));
        assertEquals("none", old.ok(a.port(), "/peek"));
        assertEquals("2", c.ok(b.port(), "/inc"));
        assertEquals("3", c.ok(a.port(), "/inc"));
    }

    @Test
    void expiredSessionsFireTheirListenerExactlyOnceAcrossNodes() throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Client c = new Client();
            c.ok((i % 2 == 0 ? a : b).port(), "/short?seconds=2");
            clients.add(c);
        }
        Thread.sleep(2_300);
        // Requests for half of the expired sessions race the two scavengers (every second on each
        // node); the other half is left to the scavengers alone.
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> peeks = new ArrayList<>();
            for (Client c : clients.subList(0, 3)) {
                peeks.add(pool.submit(() -> new Client(c.cookie()).ok(a.port(), "/counter")));
                peeks.add(pool.submit(() -> new Client(c.cookie()).ok(b.port(), "/counter")));
            }
            for (Future<String> p : peeks) {
                assertEquals("none", p.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long deadline = System.currentTimeMillis() + 20_000;
        for (Client c : clients) {
            String id = c.sessionId();
            while (a.destroyed(id) + b.destroyed(id) == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
        }
        Thread.sleep(3_000); // a few more scavenges on both nodes: nobody fires again
        for (Client c : clients) {
            String id = c.sessionId();
            assertEquals(1, a.destroyed(id) + b.destroyed(id), "sessionDestroyed calls for " + id
                    + " (A: " + a.destroyed(id) + ", B: " + b.destroyed(id) + ")");
            assertEquals("none", c.ok(b.port(), "/peek"));
        }
    }

    @Test
    void junkCookiesAreAnsweredWithoutASession() {
        StringBuilder random = new StringBuilder();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!*'()~+/=:@$&";
        for (int i = 0; i < 3000; i++) {
            random.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        List<String> junk = List.of("' OR '1'='1'; DROP TABLE " + TABLE + "; --", random.toString(), "%00",
                "abc%00def", "s\u00e9ssion-\u4e2d\u6587", "node0x.node0", "..", "");
        for (String value : junk) {
            for (TestNode node : List.of(a, b)) {
                Reply reply = HttpProbe.get(node.port(), "/peek", "JSESSIONID=" + value);
                assertEquals(200, reply.status(), "junk cookie " + value);
                assertEquals("none", reply.body());
            }
        }
        Client c = new Client();
        assertEquals("1", c.ok(a.port(), "/inc"));
        assertEquals("2", c.ok(b.port(), "/inc"));
    }

    @Test
    void nonSerializableAttributeIsSkippedAndItsSiblingSurvives() {
        Client c = new Client();
        assertEquals("ok", c.ok(a.port(), "/nonser?value=kept"));
        assertEquals("kept", c.ok(b.port(), "/get?name=good"));
        assertEquals("null", c.ok(b.port(), "/get?name=bad"));
        assertEquals("1", c.ok(b.port(), "/inc"));
        assertEquals("2", c.ok(a.port(), "/inc"));
    }

    @Test
    void largeAttributeRoundTrips() {
        Client c = new Client();
        int size = 512 * 1024;
        String expected = SessionServlet.sha256(SessionServlet.bigValue(42, size));
        assertEquals(expected, c.ok(a.port(), "/big?seed=42&size=" + size));
        assertEquals(expected, c.ok(b.port(), "/bigcheck"));
        c.ok(b.port(), "/inc");
        assertEquals(expected, c.ok(a.port(), "/bigcheck"));
    }

    @Test
    void unchangedRequestsGetNoNewCookie() {
        Client c = new Client();
        Reply first = c.get(a.port(), "/inc");
        assertNotNull(first.setSessionCookie());
        Reply again = c.get(a.port(), "/counter");
        assertNull(again.setSessionCookie());
        assertEquals("1", again.body());
    }
}
