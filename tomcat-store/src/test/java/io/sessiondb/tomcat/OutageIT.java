package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TcpProxy;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL taken away from two non-sticky nodes for 10 s under load (through a TCP proxy, so other
 * tests keep their server): requests answer 503 + Retry-After fast, no new cookie is issued, and every
 * session is intact once the database is back.
 */
class OutageIT {

    private static final long CONNECTION_TIMEOUT_MS = 1_000;
    /**
     * How long a request rides through the outage before its 503: short here, as this test is about the
     * outage past that bound (riding through a failover is PostgresFailoverIT's).
     */
    private static final long FAILOVER_TIMEOUT_MS = 1_000;
    /** Loose bound on a failing request: the failover bound, one connection timeout, scheduling; never a hang. */
    private static final long FAST_MS = FAILOVER_TIMEOUT_MS + CONNECTION_TIMEOUT_MS + 5_000;
    private static final int SESSIONS = 8;

    @Test
    void databaseOutageAnswers503WithoutNewCookiesAndLosesNoSession() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("tomcat_outage");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            Consumer<SessiondbStore> config = store -> {
                store.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=root");
                store.setTableName(table);
                store.setMaxPoolSize("4");
                store.setConnectionTimeoutMs(Long.toString(CONNECTION_TIMEOUT_MS));
                store.setFailoverTimeoutMs(Long.toString(FAILOVER_TIMEOUT_MS));
            };
            try (EmbeddedNode a = EmbeddedNode.nonSticky("a", config); EmbeddedNode b = EmbeddedNode.nonSticky("b", config)) {
                List<EmbeddedNode> nodes = List.of(a, b);
                Map<String, Integer> counts = new ConcurrentHashMap<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    EmbeddedNode node = nodes.get(i % 2);
                    String id = Http.get(node.uri("op=count"), null).sessionId();
                    assertEquals("2", Http.get(nodes.get((i + 1) % 2).uri("op=count"), id).body());
                    ids.add(id);
                    counts.put(id, 2);
                }

                proxy.cut();
                List<String> failures = underLoad(nodes, ids, counts, 10_000);
                assertTrue(failures.isEmpty(), String.join("\n", failures));
                proxy.restore();

                for (EmbeddedNode node : nodes) {
                    waitUntilServed(node, ids.get(0), counts); // each pool reconnects with a backoff of its own
                }
                for (String id : ids) {
                    for (EmbeddedNode node : nodes) {
                        Reply reply = Http.get(node.uri("op=count"), id);
                        assertEquals(200, reply.status());
                        assertNull(reply.setSessionId(), "the same cookie works again");
                        int expected = counts.merge(id, 1, Integer::sum);
                        assertEquals(Integer.toString(expected), reply.body(), "session " + id + " intact");
                    }
                }
            }
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    /** Four clients hammer both nodes while the database is cut; returns what went wrong. */
    private static List<String> underLoad(List<EmbeddedNode> nodes, List<String> ids, Map<String, Integer> counts,
                                          long durationMs) throws Exception {
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long end = System.currentTimeMillis() + durationMs;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                clients.add(pool.submit(() -> {
                    int requests = 0;
                    while (System.currentTimeMillis() < end) {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        EmbeddedNode node = nodes.get(random.nextInt(nodes.size()));
                        String id = random.nextInt(5) == 0 ? null : ids.get(random.nextInt(ids.size()));
                        long start = System.currentTimeMillis();
                        Reply reply = Http.get(node.uri("op=count"), id);
                        long tookMs = System.currentTimeMillis() - start;
                        requests++;
                        check(reply, id, tookMs, counts, failures);
                    }
                    return requests;
                }));
            }
            int total = 0;
            for (Future<Integer> client : clients) {
                total += client.get();
            }
            assertTrue(total >= 8, "the clients kept sending requests during the outage: " + total);
            Reply noSession = Http.get(nodes.get(0).uri("op=exists"), null);
            assertEquals("none", noSession.body(), "a request without a session is served during the outage");
        } finally {
            pool.shutdownNow();
        }
        return failures;
    }

    private static void check(Reply reply, String id, long tookMs, Map<String, Integer> counts, List<String> failures) {
        String what = (id == null ? "new session" : "session " + id) + ": ";
        if (reply.status() == 200 && id != null) {
            counts.merge(id, 1, Integer::sum); // a request that was already past its save when the cut came
            return;
        }
        if (reply.status() != 503) {
            failures.add(what + "status " + reply.status() + " " + reply.body());
        }
        if (reply.retryAfter() == null) {
            failures.add(what + "no Retry-After");
        }
        if (reply.setSessionId() != null) {
            failures.add(what + "a session cookie was set during the outage: " + reply.setSessionId());
        }
        if (tookMs > FAST_MS) {
            failures.add(what + "took " + tookMs + " ms");
        }
    }

    private static void waitUntilServed(EmbeddedNode node, String id, Map<String, Integer> counts) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        Reply reply = null;
        while (System.currentTimeMillis() < deadline) {
            reply = Http.get(node.uri("op=get&name=count"), id);
            if (reply.status() == 200) {
                break;
            }
            Thread.sleep(200);
        }
        assertNotNull(reply);
        assertEquals(200, reply.status(), "served again once the database is back");
        assertEquals(Integer.toString(counts.get(id)), reply.body());
    }
}
