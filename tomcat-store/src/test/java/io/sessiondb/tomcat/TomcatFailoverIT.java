package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.ClusterScript;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL primary with a synchronous standby (store-core's {@code pg-failover/cluster.sh}, on ports of
 * its own, data under /tmp) behind two embedded, non-sticky Tomcat nodes on the multi-host URL with
 * {@code targetServerType=primary}. Eight HTTP clients, each with its own session, increment their counter
 * on alternate nodes; the primary is stopped hard ({@code -m immediate}) after 2 s and the standby promoted
 * 3 s later; the load goes on 5 s more. No request fails, no new cookie is issued for an existing session,
 * and every acknowledged increment is there. Timings are printed, not asserted.
 */
class TomcatFailoverIT {

    private static final ClusterScript CLUSTER = new ClusterScript("pg-failover/cluster.sh", 60, "the postgresql server package");

    private static final int PRIMARY_PORT = 5471;
    private static final int STANDBY_PORT = 5472;
    private static final int CLIENTS = 8;
    private static final long KILL_AFTER_MS = 2_000;
    private static final long PROMOTION_GAP_MS = 3_000;
    private static final long LOAD_AFTER_PROMOTION_MS = 5_000;
    private static final long SLOW_MS = 1_000;

    private final String dir = "/tmp/sessiondb-tomcatfailover-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<EmbeddedNode> nodes = new ArrayList<>();
    private volatile long promotedNanos = Long.MAX_VALUE;
    private volatile long stopNanos = Long.MAX_VALUE;
    private final AtomicLong firstSuccessAfterPromotionNanos = new AtomicLong();
    private final AtomicInteger slowRequests = new AtomicInteger();
    private final AtomicLong longestMs = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> newCookies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> wrongCounts = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startCluster() throws Exception {
        cluster("start", dir, Integer.toString(PRIMARY_PORT), Integer.toString(STANDBY_PORT));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (EmbeddedNode node : nodes) {
                node.close();
            }
        } finally {
            cluster("teardown", dir);
        }
    }

    @Test
    void twoNodesRideThroughAFailoverLosingNothing() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + PRIMARY_PORT + ",127.0.0.1:" + STANDBY_PORT
                + "/postgres?user=postgres&targetServerType=primary";
        String table = TestDatabase.uniqueTable("tomcat_failover");
        Consumer<SessiondbStore> config = store -> {
            store.setJdbcUrl(url);
            store.setTableName(table);
            store.setConnectionTimeoutMs("1000");
        };
        nodes.add(EmbeddedNode.nonSticky("a", config));
        nodes.add(EmbeddedNode.nonSticky("b", config));

        Client[] clients = new Client[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            clients[i] = new Client(i);
        }
        List<Thread> threads = new ArrayList<>();
        for (Client client : clients) {
            Thread t = new Thread(client, "tomcat-failover-client-" + client.index);
            t.start();
            threads.add(t);
        }
        Thread.sleep(KILL_AFTER_MS);
        cluster("kill", dir);
        Thread.sleep(PROMOTION_GAP_MS);
        cluster("promote", dir);
        promotedNanos = System.nanoTime();
        Thread.sleep(LOAD_AFTER_PROMOTION_MS);
        stopNanos = System.nanoTime();
        for (Thread t : threads) {
            t.join(60_000);
            assertTrue(!t.isAlive(), t.getName() + " still running 60 s after the load window");
        }

        long firstAfterPromotion = firstSuccessAfterPromotionNanos.get();
        int total = 0;
        for (Client client : clients) {
            total += client.acked;
        }
        System.out.printf("[tomcat-failover] %d acknowledged increments, %d failed requests, %d new cookies;"
                        + " first success %s after the promotion; %d requests waited > %d ms (longest %d ms)%n",
                total, failures.size(), newCookies.size(),
                firstAfterPromotion == 0 ? "never" : String.format("%.2f s",
                        (firstAfterPromotion - promotedNanos) / 1e9),
                slowRequests.get(), SLOW_MS, longestMs.get());

        assertTrue(failures.isEmpty(), "requests failed during the failover:\n" + String.join("\n", failures));
        assertTrue(newCookies.isEmpty(), "new session cookies for existing sessions:\n" + String.join("\n", newCookies));
        assertTrue(wrongCounts.isEmpty(), "answers out of sequence:\n" + String.join("\n", wrongCounts));
        assertTrue(firstAfterPromotion != 0, "no request succeeded after the promotion");
        for (Client client : clients) {
            assertTrue(client.sessionId != null, "client " + client.index + " got no session");
            for (EmbeddedNode node : nodes) {
                Reply reply = Http.get(node.uri("op=get&name=count"), client.sessionId);
                assertEquals(200, reply.status(), "reading the counter of client " + client.index);
                assertEquals(Integer.toString(client.acked), reply.body(),
                        "counter of client " + client.index + " = its acknowledged increments");
            }
        }
    }

    /** One HTTP client with its own session, incrementing its counter on alternate nodes until the window ends. */
    private final class Client implements Runnable {
        private final int index;
        private String sessionId;
        private int acked;

        Client(int index) {
            this.index = index;
        }

        @Override
        public void run() {
            for (int request = 0; System.nanoTime() - stopNanos < 0; request++) {
                EmbeddedNode node = nodes.get((index + request) % 2);
                long started = System.nanoTime();
                Reply reply;
                try {
                    reply = Http.get(node.uri("op=count"), sessionId);
                } catch (AssertionError e) {
                    failures.add("client " + index + " request " + request + ": " + e + " / " + e.getCause());
                    continue;
                }
                long done = System.nanoTime();
                long tookMs = TimeUnit.NANOSECONDS.toMillis(done - started);
                longestMs.accumulateAndGet(tookMs, Math::max);
                if (tookMs > SLOW_MS) {
                    slowRequests.incrementAndGet();
                }
                if (reply.status() != 200) {
                    failures.add("client " + index + " request " + request + " on node " + ((index + request) % 2)
                            + ": " + reply.status() + " after " + tookMs + " ms, Retry-After " + reply.retryAfter());
                    continue;
                }
                if (sessionId == null) {
                    sessionId = reply.sessionId();
                } else if (reply.setSessionId() != null) {
                    newCookies.add("client " + index + " request " + request + ": new cookie for an existing session");
                    continue;
                }
                acked++;
                if (!Integer.toString(acked).equals(reply.body())) {
                    wrongCounts.add("client " + index + " request " + request + ": answered " + reply.body()
                            + ", expected " + acked);
                }
                if (done - promotedNanos > 0) {
                    firstSuccessAfterPromotionNanos.compareAndSet(0, done);
                }
            }
        }
    }

    private static void cluster(String... args) throws IOException, InterruptedException {
        CLUSTER.run(args);
    }
}
