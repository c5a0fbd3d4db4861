package io.sessiondb.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The failover scenario the container tests share: HTTP clients, each with its own session, increment
 * their counter on alternate nodes while the PostgreSQL primary of {@code pg-failover/cluster.sh} is
 * stopped hard after 2 s and the standby promoted 3 s later; the load goes on 5 s more. Then: no request
 * failed, no new cookie was issued for an existing session, every answer was in sequence, a request
 * succeeded after the promotion, and every node reads each client's acknowledged increments. Timings
 * are printed, not asserted. A container test supplies its nodes through {@link Nodes}.
 */
public final class FailoverRun {

    private static final long KILL_AFTER_MS = 2_000;
    private static final long PROMOTION_GAP_MS = 3_000;
    private static final long LOAD_AFTER_PROMOTION_MS = 5_000;
    private static final long SLOW_MS = 1_000;

    /** One request's answer. */
    public record Answer(int status, String body, String newSessionId, String retryAfter) {
    }

    /** The container nodes under test. */
    public interface Nodes {
        int count();

        /**
         * Increments the counter of session {@code sessionId} ({@code null}: a new session) on node {@code node}.
         *
         * @return the answer; {@link Answer#newSessionId()} is the session cookie the response set when it
         *         names a session other than {@code sessionId}, else {@code null}
         * @throws AssertionError when the request could not be made
         */
        Answer increment(int node, String sessionId);

        /** @return the counter of session {@code sessionId} as node {@code node} reads it */
        Answer read(int node, String sessionId);
    }

    private final String name;
    private final ClusterScript cluster;
    private final String dir;
    private final int clients;

    private volatile long promotedNanos = Long.MAX_VALUE;
    private volatile long stopNanos = Long.MAX_VALUE;
    private final AtomicLong firstSuccessAfterPromotionNanos = new AtomicLong();
    private final AtomicInteger slowRequests = new AtomicInteger();
    private final AtomicLong longestMs = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> newCookies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> wrongCounts = new ConcurrentLinkedQueue<>();

    /**
     * @param name    prefix of the printed line and of the client threads, e.g. {@code tomcat-failover}
     * @param cluster the started cluster's script; {@code dir} its data directory
     */
    public FailoverRun(String name, ClusterScript cluster, String dir, int clients) {
        this.name = name;
        this.cluster = cluster;
        this.dir = dir;
        this.clients = clients;
    }

    /** Runs the load, the kill and the promotion, then asserts what the class comment says. */
    public void run(Nodes nodes) throws InterruptedException, IOException {
        List<Client> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Client client = new Client(i, nodes);
            all.add(client);
            Thread t = new Thread(client, name + "-client-" + i);
            t.start();
            threads.add(t);
        }
        Thread.sleep(KILL_AFTER_MS);
        cluster.run("kill", dir);
        Thread.sleep(PROMOTION_GAP_MS);
        cluster.run("promote", dir);
        promotedNanos = System.nanoTime();
        Thread.sleep(LOAD_AFTER_PROMOTION_MS);
        stopNanos = System.nanoTime();
        for (Thread t : threads) {
            t.join(60_000);
            assertTrue(!t.isAlive(), t.getName() + " still running 60 s after the load window");
        }

        long firstAfterPromotion = firstSuccessAfterPromotionNanos.get();
        int total = all.stream().mapToInt(c -> c.acked).sum();
        System.out.printf("[%s] %d acknowledged increments, %d failed requests, %d new cookies;"
                        + " first success %s after the promotion; %d requests waited > %d ms (longest %d ms)%n",
                name, total, failures.size(), newCookies.size(),
                firstAfterPromotion == 0 ? "never" : String.format("%.2f s", (firstAfterPromotion - promotedNanos) / 1e9),
                slowRequests.get(), SLOW_MS, longestMs.get());

        assertTrue(failures.isEmpty(), "requests failed during the failover:\n" + String.join("\n", failures));
        assertTrue(newCookies.isEmpty(), "new session cookies for existing sessions:\n" + String.join("\n", newCookies));
        assertTrue(wrongCounts.isEmpty(), "answers out of sequence:\n" + String.join("\n", wrongCounts));
        assertTrue(firstAfterPromotion != 0, "no request succeeded after the promotion");
        for (Client client : all) {
            assertTrue(client.sessionId != null, "client " + client.index + " got no session");
            for (int node = 0; node < nodes.count(); node++) {
                Answer answer = nodes.read(node, client.sessionId);
                assertEquals(200, answer.status(), "reading the counter of client " + client.index);
                assertEquals(Integer.toString(client.acked), answer.body(),
                        "counter of client " + client.index + " = its acknowledged increments");
            }
        }
    }

    /** One HTTP client with its own session, incrementing its counter on alternate nodes until the window ends. */
    private final class Client implements Runnable {
        private final int index;
        private final Nodes nodes;
        private String sessionId;
        private int acked;

        Client(int index, Nodes nodes) {
            this.index = index;
            this.nodes = nodes;
        }

        @Override
        public void run() {
            for (int request = 0; System.nanoTime() - stopNanos < 0; request++) {
                int node = (index + request) % nodes.count();
                long started = System.nanoTime();
                Answer answer;
                try {
                    answer = nodes.increment(node, sessionId);
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
                if (answer.status() != 200) {
                    failures.add("client " + index + " request " + request + " on node " + node + ": " + answer.status()
                            + " after " + tookMs + " ms, Retry-After " + answer.retryAfter());
                    continue;
                }
                if (sessionId == null) {
                    sessionId = answer.newSessionId();
                    if (sessionId == null) {
                        failures.add("client " + index + ": no session cookie on the first request");
                        continue;
                    }
                } else if (answer.newSessionId() != null) {
                    newCookies.add("client " + index + " request " + request + ": new cookie for an existing session");
                    continue;
                }
                acked++;
                if (!Integer.toString(acked).equals(answer.body())) {
                    wrongCounts.add("client " + index + " request " + request + ": answered " + answer.body()
                            + ", expected " + acked);
                }
                if (done - promotedNanos > 0) {
                    firstSuccessAfterPromotionNanos.compareAndSet(0, done);
                }
            }
        }
    }
}
