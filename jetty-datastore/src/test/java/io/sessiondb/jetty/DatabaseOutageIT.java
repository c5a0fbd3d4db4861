package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TcpProxy;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import io.sessiondb.jetty.HttpProbe.Reply;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is cut off for 10 s under load (through a TCP proxy) from two non-sticky nodes: requests
 * for existing sessions get 503 with Retry-After quickly, never a new session cookie, and afterwards
 * every session is there with its data and the same cookie.
 */
class DatabaseOutageIT {

    private static final String TABLE = TestDatabase.uniqueTable("jetty_outage");
    private static final int SESSIONS = 8;

    private static TcpProxy proxy;
    private static TestNode a;
    private static TestNode b;

    /** What one request saw. */
    private record Seen(int session, boolean cut, Reply reply, long elapsedMs) {
    }

    @BeforeAll
    static void start() throws Exception {
        TestDatabase.postgres().close();
        URI pg = URI.create(TestDatabase.PG_URL.substring("jdbc:".length()));
        proxy = new TcpProxy(pg.getHost(), pg.getPort());
        String proxiedUrl = TestDatabase.PG_URL.replace(pg.getHost() + ":" + pg.getPort(), "127.0.0.1:" + proxy.port());
        a = new TestNode("A", false, f -> configure(f, proxiedUrl, "A")).start();
        b = new TestNode("B", false, f -> configure(f, proxiedUrl, "B")).start();
    }

    private static void configure(SessiondbDataStoreFactory f, String url, String node) {
        f.setJdbcUrl(url);
        f.setTableName(TABLE);
        f.setMaxPoolSize(4);
        f.setConnectionTimeoutMs(1000);
        f.setFailoverTimeoutMs(1000); // the 503 path past a short ride-through; riding through is PostgresFailoverIT's
        f.setNodeName(node);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (a != null) {
                a.stop();
            }
            if (b != null) {
                b.stop();
            }
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    @Test
    void outageGivesFast503sAndLosesNoSession() throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            Client c = new Client();
            c.ok(a.port(), "/put?name=owner&value=user" + i);
            assertEquals("1", c.ok(b.port(), "/inc"));
            clients.add(c);
        }
        Map<Integer, Integer> acknowledged = new ConcurrentHashMap<>();
        List<Seen> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean cut = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            load.submit(() -> {
                int n = 0;
                while (running.get()) {
                    int s = (thread + 4 * (n % 2)) % SESSIONS;
                    Client c = new Client(clients.get(s).cookie());
                    TestNode node = n++ % 2 == 0 ? a : b;
                    boolean during = cut.get();
                    long started = System.nanoTime();
                    Reply reply = c.get(node.port(), "/inc");
                    seen.add(new Seen(s, during, reply, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
                    if (reply.status() == 200 && !during && !cut.get()) {
                        acknowledged.merge(s, Integer.parseInt(reply.body()), Math::max);
                    }
                }
                return null;
            });
        }
        Thread.sleep(1_500);
        cut.set(true);
        proxy.cut();
        Thread.sleep(10_000);
        proxy.restore();
        cut.set(false);
        Thread.sleep(3_000);
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(60, TimeUnit.SECONDS));

        List<Seen> unavailable = seen.stream().filter(x -> x.reply().status() == 503).toList();
        assertTrue(unavailable.size() > 0, "no 503 while the database was cut off");
        for (Seen x : seen) {
            int status = x.reply().status();
            assertTrue(status == 200 || status == 503, "unexpected status " + status + ": " + x.reply().body());
            String expectedId = clients.get(x.session()).sessionId();
            String set = x.reply().setSessionCookie();
            assertTrue(set == null || Client.plain(set).equals(expectedId),
                    "a request for session " + expectedId + " was given another session cookie " + set);
        }
        for (Seen x : unavailable) {
            assertEquals("1", x.reply().retryAfter(), "Retry-After is not retryAfterSeconds() of connectionTimeoutMs=1000");
            assertNull(x.reply().setSessionCookie());
            assertTrue(x.elapsedMs() < 10_000, "a 503 took " + x.elapsedMs() + " ms");
        }

        for (int i = 0; i < SESSIONS; i++) {
            Client c = clients.get(i);
            String cookie = c.cookie();
            assertEquals("user" + i, c.ok(a.port(), "/get?name=owner"));
            assertEquals("user" + i, c.ok(b.port(), "/get?name=owner"));
            int counter = Integer.parseInt(c.ok(a.port(), "/counter"));
            assertTrue(counter >= acknowledged.getOrDefault(i, 1), "session " + i + " went back from "
                    + acknowledged.get(i) + " to " + counter);
            assertEquals(Integer.toString(counter + 1), c.ok(b.port(), "/inc"));
            assertEquals(cookie, c.cookie(), "the session cookie changed");
        }
    }
}
