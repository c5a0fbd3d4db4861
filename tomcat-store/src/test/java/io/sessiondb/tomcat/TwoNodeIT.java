package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import io.sessiondb.tomcat.testapp.DestroyCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.util.ServerInfo;
import org.apache.catalina.valves.PersistentValve;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two embedded Tomcat nodes, non-sticky (PersistentManager + SessiondbStore + SessiondbValve), sharing
 * one PostgreSQL table, driven over HTTP with the session cookie sent by hand.
 */
class TwoNodeIT {

    private static final String TABLE = TestDatabase.uniqueTable("tomcat_two_node");
    private static final Consumer<SessiondbStore> CONFIG = store -> {
        store.setJdbcUrl(TestDatabase.PG_URL);
        store.setTableName(TABLE);
        store.setMaxPoolSize("4");
    };

    private static EmbeddedNode a;
    private static EmbeddedNode b;

    @BeforeAll
    static void startNodes() throws Exception {
        TestDatabase.postgres().close(); // fails with a how-to-start message when PostgreSQL is down
        assertEquals(System.getProperty("sessiondb.it.expectedTomcatMajor", "10"),
                ServerInfo.getServerNumber().split("\\.")[0], "Tomcat version on the test classpath");
        a = EmbeddedNode.nonSticky("a", CONFIG);
        b = EmbeddedNode.nonSticky("b", CONFIG);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    @Test
    void counterIsSharedAcrossNodes() {
        Reply first = Http.get(a.uri("op=count"), null);
        assertEquals("1", first.body());
        String id = first.sessionId();
        Reply second = Http.get(b.uri("op=count"), id);
        assertEquals("2", second.body());
        assertNull(second.setSessionId(), "no new cookie for an existing session");
        assertEquals("3", Http.get(a.uri("op=count"), id).body());
    }

    @Test
    void sessionSurvivesRestartOfNodeA() throws Exception {
        String id = Http.get(a.uri("op=count"), null).sessionId();
        assertEquals("2", Http.get(a.uri("op=count"), id).body());
        a.close();
        a = EmbeddedNode.nonSticky("a", CONFIG);
        Reply afterRestart = Http.get(a.uri("op=count"), id);
        assertEquals("3", afterRestart.body());
        assertNull(afterRestart.setSessionId());
        assertEquals("4", Http.get(b.uri("op=count"), id).body());
    }

    @Test
    void cartMutatedInPlaceIsSeenOnTheOtherNode() {
        String id = Http.get(a.uri("op=cartAdd&item=apple"), null).sessionId();
        assertEquals("apple,pear", Http.get(b.uri("op=cartAdd&item=pear"), id).body());
        assertEquals("apple,pear,plum", Http.get(a.uri("op=cartAdd&item=plum"), id).body());
        assertEquals("apple,pear,plum,fig", Http.get(b.uri("op=cartAdd&item=fig"), id).body());
    }

    @Test
    void concurrentRequestsOnBothNodesLoseNoAttribute() throws Exception {
        String id = Http.get(a.uri("op=count"), null).sessionId();
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                EmbeddedNode node = i % 2 == 0 ? a : b;
                String query = "op=set&name=k" + i + "&value=v" + i;
                replies.add(pool.submit(() -> Http.get(node.uri(query), id)));
            }
            for (Future<Reply> reply : replies) {
                assertEquals(200, reply.get().status());
                assertNull(reply.get().setSessionId());
            }
        } finally {
            pool.shutdownNow();
        }
        String names = Http.get(b.uri("op=names"), id).body();
        for (int i = 0; i < 24; i++) {
            assertTrue(List.of(names.split(",")).contains("k" + i), "k" + i + " missing from " + names);
            assertEquals("v" + i, Http.get(i % 2 == 0 ? b.uri("op=get&name=k" + i) : a.uri("op=get&name=k" + i), id).body());
        }
    }

    @Test
    void invalidateOnBIsSeenOnA() {
        String id = Http.get(a.uri("op=count"), null).sessionId();
        assertEquals("2", Http.get(b.uri("op=count"), id).body());
        assertEquals("ok", Http.get(b.uri("op=invalidate"), id).body());
        assertEquals("none", Http.get(a.uri("op=exists"), id).body());
        assertEquals("none", Http.get(b.uri("op=exists"), id).body());
        Reply fresh = Http.get(a.uri("op=count"), id);
        assertEquals("1", fresh.body(), "an invalidated session is not resurrected");
        assertNotEquals(id, fresh.sessionId());
    }

    @Test
    void changeSessionIdOnAKillsTheOldIdOnB() {
        String oldId = Http.get(a.uri("op=set&name=secret&value=42"), null).sessionId();
        Reply changed = Http.get(a.uri("op=changeId"), oldId);
        String newId = changed.sessionId();
        assertEquals(newId, changed.body());
        assertNotEquals(oldId, newId);
        assertEquals("none", Http.get(b.uri("op=exists"), oldId).body());
        assertEquals("none", Http.get(a.uri("op=exists"), oldId).body());
        assertEquals("42", Http.get(b.uri("op=get&name=secret"), newId).body());
        assertEquals("42", Http.get(a.uri("op=get&name=secret"), newId).body());
    }

    @Test
    void shortSessionExpiresAndItsListenerFiresOnceAcrossBothNodes() throws Exception {
        String id = Http.get(a.uri("op=short&seconds=2"), null).sessionId();
        assertEquals("yes", Http.get(b.uri("op=get&name=short"), id).body());
        long deadline = System.currentTimeMillis() + 20_000;
        while (DestroyCounter.count(id) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, DestroyCounter.count(id), "sessionDestroyed fired once");
        Thread.sleep(3_000); // both sweepers ran again meanwhile
        assertEquals("none", Http.get(b.uri("op=exists"), id).body());
        assertEquals("none", Http.get(a.uri("op=exists"), id).body());
        assertEquals(1, DestroyCounter.count(id), "sessionDestroyed fired exactly once");
    }

    @Test
    void expiredSessionRequestedBeforeTheSweeperFiresOnceOnTheRequestingNode() throws Exception {
        // Sweeps practically off (one every 10,000 background cycles): only the request path can expire the session.
        Consumer<PersistentManager> noSweep = manager -> manager.setProcessExpiresFrequency(10_000);
        // A table of its own: on the class's table, the sweepers of nodes a and b would claim the session first.
        String table = TestDatabase.uniqueTable("tomcat_two_node_expiry");
        Consumer<SessiondbStore> ownTable = CONFIG.andThen(store -> store.setTableName(table));
        try (EmbeddedNode c = EmbeddedNode.start("c", ownTable, new SessiondbValve(), noSweep);
             EmbeddedNode d = EmbeddedNode.start("d", ownTable, new SessiondbValve(), noSweep)) {
            String id = Http.get(c.uri("op=short&seconds=1"), null).sessionId();
            Thread.sleep(1_100);
            assertEquals("none", Http.get(d.uri("op=exists"), id).body());
            assertEquals(1, DestroyCounter.count(d.context().getServletContext(), id),
                    "the request on d found the session expired and fired its listener there");
            assertEquals("none", Http.get(c.uri("op=exists"), id).body());
            Thread.sleep(1_500);
            assertEquals(0, DestroyCounter.count(c.context().getServletContext(), id), "and c never fired it");
            assertEquals(1, DestroyCounter.count(id), "once in the cluster");
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    @Test
    void junkCookiesGet200() {
        Random random = new Random(4);
        StringBuilder longJunk = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            longJunk.append((char) ('a' + random.nextInt(26)));
        }
        List<String> junk = List.of("JSESSIONID=x' OR '1'='1", "JSESSIONID=1;DROP TABLE " + TABLE + ";--",
                "JSESSIONID=" + longJunk, "JSESSIONID=%00", "JSESSIONID=abc%00def", "JSESSIONID=\u00f1and\u00fa\u00e9",
                "JSESSIONID=", "JSESSIONID=\"quoted\"");
        for (String cookie : junk) {
            for (EmbeddedNode node : List.of(a, b)) {
                Reply exists = Http.getWithCookieHeader(node.uri("op=exists"), cookie);
                assertEquals(200, exists.status(), cookie);
                assertEquals("none", exists.body(), cookie);
                Reply count = Http.getWithCookieHeader(node.uri("op=count"), cookie);
                assertEquals(200, count.status(), cookie);
                assertEquals("1", count.body(), cookie);
            }
        }
        assertEquals("1", Http.get(a.uri("op=count"), null).body(), "the table is still there");
    }

    @Test
    void aRequestReadsItsSessionOnceEvenWhenItIsMissing() {
        io.sessiondb.core.StoreMetrics metrics = b.store().getRepository().metrics();
        long reads = metrics.loads() + metrics.loadMisses();
        assertEquals("none", Http.get(b.uri("op=exists"), "0123456789ABCDEF0123456789ABCDEF").body());
        assertEquals(reads + 1, metrics.loads() + metrics.loadMisses(), "one read for a missing session");

        String id = Http.get(a.uri("op=count"), null).sessionId();
        reads = metrics.loads() + metrics.loadMisses();
        assertEquals("ok", Http.get(b.uri("op=invalidate"), id).body());
        assertEquals(reads + 1, metrics.loads() + metrics.loadMisses(), "one read for a session invalidated by the request");

        reads = metrics.loads() + metrics.loadMisses();
        assertEquals("2", Http.get(b.uri("op=count"), Http.get(a.uri("op=count"), null).sessionId()).body());
        assertEquals(reads + 1, metrics.loads() + metrics.loadMisses(), "one read for a session that exists");
    }

    @Test
    void nonSerializableAttributeIsSkippedWhileItsSiblingSurvives() {
        String id = Http.get(a.uri("op=nonser"), null).sessionId();
        assertEquals("kept", Http.get(b.uri("op=get&name=good"), id).body());
        assertEquals("null", Http.get(b.uri("op=get&name=bad"), id).body());
        assertEquals("1", Http.get(a.uri("op=count"), id).body());
        assertEquals("kept", Http.get(a.uri("op=get&name=good"), id).body());
    }

    @Test
    void halfMegabyteAttributeRoundTrips() {
        Reply stored = Http.get(a.uri("op=big"), null);
        assertEquals(64, stored.body().length());
        assertEquals(stored.body(), Http.get(b.uri("op=bigHash"), stored.sessionId()).body());
        assertEquals(stored.body(), Http.get(a.uri("op=bigHash"), stored.sessionId()).body());
    }

    @Test
    void managerClassNameFilterIsHonouredWhenLoading() throws Exception {
        String id = Http.get(a.uri("op=cartAdd&item=apple"), null).sessionId();
        assertEquals("1", Http.get(a.uri("op=count"), id).body());
        try (EmbeddedNode strict = EmbeddedNode.start("strict", CONFIG, new SessiondbValve(),
                manager -> manager.setSessionAttributeValueClassNameFilter("java\\.lang\\.(?:Integer|Number|String)"))) {
            assertEquals("1", Http.get(strict.uri("op=get&name=count"), id).body(), "an allowed class is read");
            assertEquals("null", Http.get(strict.uri("op=get&name=cart"), id).body(), "a class the filter does not name is not");
        }
        assertEquals("apple", Http.get(b.uri("op=get&name=cart"), id).body(), "and it stays stored");
    }

    @Test
    void stockPersistentValveConfigurationSharesSessionsToo() throws Exception {
        try (EmbeddedNode c = EmbeddedNode.start("c", CONFIG, new PersistentValve());
             EmbeddedNode d = EmbeddedNode.start("d", CONFIG, new PersistentValve())) {
            String id = Http.get(c.uri("op=count"), null).sessionId();
            assertEquals("2", Http.get(d.uri("op=count"), id).body());
            assertEquals("3", Http.get(c.uri("op=count"), id).body());
            assertEquals("4", Http.get(a.uri("op=count"), id).body());
        }
    }
}
