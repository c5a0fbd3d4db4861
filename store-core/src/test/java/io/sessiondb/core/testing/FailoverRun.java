package io.sessiondb.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The failover scenario the container tests share: HTTP clients, each with its own session, increment
 * their counter on alternate nodes while the PostgreSQL primary of {@code pg-failover/cluster.sh} is
 * stopped hard 2 s after every client has its session and the standby promoted 3 s after the kill; the
 * load goes on 5 s more. Then: no request failed, no new cookie was issued for an existing session, every
 * answer was in sequence, the service was back (a request succeeded) within {@link #backWithinMs} of the
 * promotion, and every node reads each client's acknowledged increments. The timeline (kill, promotion,
 * first connection to the new primary, first successful request) is printed in every case, so that a
 * failure says what was measured. A container test supplies its nodes through {@link Nodes}.
 */
public final class FailoverRun {

    private static final long KILL_AFTER_MS = 2_000;
    private static final long PROMOTION_GAP_MS = 3_000;
    private static final long LOAD_AFTER_PROMOTION_MS = 5_000;
    private static final long SLOW_MS = 1_000;
    private static final long WARM_UP_LIMIT_S = 60;
    /**
     * Longest time from the promotion to the first successful request: {@value} ms. The target is 1 s
     * (measured: 0.01–0.9 s); the margin keeps a loaded CI machine from failing the test on timing alone.
     */
    public static final long BACK_WITHIN_MS = 2_000;

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
    private final String jdbcUrl;
    private final int clients;

    private volatile long promotedNanos = Long.MAX_VALUE;
    private volatile long stopNanos = Long.MAX_VALUE;
    private final AtomicLong firstSuccessAfterPromotionNanos = new AtomicLong();
    private final AtomicInteger slowRequests = new AtomicInteger();
    private final AtomicLong longestMs = new AtomicLong();
    private volatile long killNanos = Long.MAX_VALUE;
    private final AtomicInteger beforeKill = new AtomicInteger();
    private final CountDownLatch sessionsMade;
    private final AtomicLong longestBeforeKillMs = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> newCookies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> wrongCounts = new ConcurrentLinkedQueue<>();

    /**
     * @param name    prefix of the printed line and of the client threads, e.g. {@code tomcat-failover}
     * @param cluster the started cluster's script; {@code dir} its data directory
     * @param jdbcUrl the nodes' multi-host URL, to time the first connection to the new primary
     */
    public FailoverRun(String name, ClusterScript cluster, String dir, String jdbcUrl, int clients) {
        this.name = name;
        this.cluster = cluster;
        this.dir = dir;
        this.jdbcUrl = jdbcUrl;
        this.clients = clients;
        this.sessionsMade = new CountDownLatch(clients);
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
        // The kill lands on a steady load: every client has its session (on a starved machine a node's
        // first requests can take seconds), then the load runs KILL_AFTER_MS more.
        long started = System.nanoTime();
        assertTrue(sessionsMade.await(WARM_UP_LIMIT_S, TimeUnit.SECONDS), "only " + (clients - sessionsMade.getCount())
                + " of " + clients + " clients got a session within " + WARM_UP_LIMIT_S + " s; failures so far: " + failures);
        long warmUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Thread.sleep(KILL_AFTER_MS);
        killNanos = System.nanoTime();
        cluster.run("kill", dir);
        // 3 s from the kill, not from the end of the script: pg_ctl takes seconds to return on a loaded machine.
        Thread.sleep(Math.max(0, PROMOTION_GAP_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killNanos)));
        cluster.run("promote", dir);
        promotedNanos = System.nanoTime();
        long connectedNanos = NewPrimary.firstConnection(jdbcUrl, promotedNanos);
        Thread.sleep(Math.max(0, LOAD_AFTER_PROMOTION_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - promotedNanos)));
        stopNanos = System.nanoTime();
        for (Thread t : threads) {
            t.join(60_000);
        }

        long firstAfterPromotion = firstSuccessAfterPromotionNanos.get();
        int total = all.stream().mapToInt(c -> c.acked).sum();
        String timeline = String.format("[%s] primary killed at 0 s, standby promoted at %.2f s, first connection to the"
                        + " new primary %s after the promotion, service back %s after the promotion (bound %d ms + that connection's time);"
                        + " %d acknowledged increments, %d failed requests, %d new cookies; %d requests waited > %d ms"
                        + " (longest %d ms); every client had its session %d ms after the start; before the kill %d"
                        + " requests, the longest %d ms",
                name, (promotedNanos - killNanos) / 1e9, NewPrimary.seconds(connectedNanos, promotedNanos),
                NewPrimary.seconds(firstAfterPromotion, promotedNanos), BACK_WITHIN_MS, total, failures.size(),
                newCookies.size(), slowRequests.get(), SLOW_MS, longestMs.get(), warmUpMs, beforeKill.get(), longestBeforeKillMs.get());
        System.out.println(timeline);

        for (Thread t : threads) {
            assertTrue(!t.isAlive(), t.getName() + " still running 60 s after the load window; " + timeline);
        }
        assertTrue(failures.isEmpty(), "requests failed during the failover:\n" + String.join("\n", failures) + "\n" + timeline);
        assertTrue(newCookies.isEmpty(), "new session cookies for existing sessions:\n" + String.join("\n", newCookies));
        assertTrue(wrongCounts.isEmpty(), "answers out of sequence:\n" + String.join("\n", wrongCounts));
        assertTrue(firstAfterPromotion != 0, "no request succeeded after the promotion; " + timeline);
        assertTrue(firstAfterPromotion - promotedNanos <= TimeUnit.MILLISECONDS.toNanos(backWithinMs(promotedNanos, connectedNanos)),
                "service not back within " + backWithinMs(promotedNanos, connectedNanos) + " ms of the promotion; " + timeline);
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

    /**
     * @return the bound on the time from the promotion to the first successful request: {@link #BACK_WITHIN_MS}
     *         plus the time a plain connection took to reach the new primary, which on a starved machine is
     *         the machine's share, not the store's
     */
    public static long backWithinMs(long promotedNanos, long connectedNanos) {
        long connectMs = connectedNanos == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(connectedNanos - promotedNanos);
        return BACK_WITHIN_MS + connectMs;
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
                if (done - killNanos < 0) {
                    beforeKill.incrementAndGet();
                    longestBeforeKillMs.accumulateAndGet(tookMs, Math::max);
                }
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
                if (acked == 1) {
                    sessionsMade.countDown();
                }
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
