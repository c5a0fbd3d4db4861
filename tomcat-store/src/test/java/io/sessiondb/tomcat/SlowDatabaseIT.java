package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TcpProxy;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL made slow (300 ms per chunk each way, through the test proxy) behind two non-sticky
 * Tomcat nodes with two connections each, under 16 concurrent clients: the pools are exhausted, the
 * requests that get no connection answer 503 + Retry-After after about {@code connectionTimeoutMs}, every
 * request answers within a bound, no thread is left behind, and once the latency is gone every session is
 * intact with each counter equal to the increments that were acknowledged.
 */
class SlowDatabaseIT {

    private static final long CONNECTION_TIMEOUT_MS = 500;
    /** Low, so that the test measures the exhausted pool, not a ride through a failover. */
    private static final long FAILOVER_TIMEOUT_MS = 500;
    private static final long LATENCY_MS = 300;
    private static final int CLIENTS = 16;
    private static final long LOAD_MS = 6_000;
    /** A 503 for an exhausted pool: the connection timeout, the failover bound, scheduling on 2 busy cores. */
    private static final long FAST_503_MS = CONNECTION_TIMEOUT_MS + FAILOVER_TIMEOUT_MS + 2_500;
    /** Any request, even one that got a connection and does its statements at 600 ms a round trip: no hang. */
    private static final long ANY_REQUEST_MS = 15_000;

    @Test
    void slowDatabaseExhaustsThePoolFailsFastLeaksNothingAndRecovers() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("tomcat_slow");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            Consumer<SessiondbStore> config = store -> {
                store.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=root");
                store.setTableName(table);
                store.setMaxPoolSize("2");
                store.setConnectionTimeoutMs(Long.toString(CONNECTION_TIMEOUT_MS));
                store.setFailoverTimeoutMs(Long.toString(FAILOVER_TIMEOUT_MS));
            };
            try (EmbeddedNode a = EmbeddedNode.nonSticky("a", config); EmbeddedNode b = EmbeddedNode.nonSticky("b", config)) {
                List<EmbeddedNode> nodes = List.of(a, b);
                String[] ids = new String[CLIENTS];
                int[] acked = new int[CLIENTS];
                for (int i = 0; i < CLIENTS; i++) {
                    ids[i] = Http.get(nodes.get(i % 2).uri("op=count"), null).sessionId();
                    acked[i] = 1;
                }
                int baseline = Threads.ours();

                proxy.setLatencyMs(LATENCY_MS);
                Load load = underLoad(nodes, ids, acked);
                proxy.setLatencyMs(0);

                System.out.printf("SlowDatabaseIT: %d requests, %d ok (max %d ms), %d x 503 (min %d, median %d, max %d ms)%n",
                        load.ok.size() + load.refused.size(), load.ok.size(), max(load.ok),
                        load.refused.size(), percentile(load.refused, 0), percentile(load.refused, 50), max(load.refused));
                assertTrue(load.failures.isEmpty(), String.join("\n", load.failures));
                assertTrue(load.refused.size() >= CLIENTS, "the pools were exhausted: " + load.refused.size() + " x 503");
                assertTrue(percentile(load.refused, 0) >= CONNECTION_TIMEOUT_MS - 50,
                        "a 503 comes after waiting connectionTimeoutMs for a connection: " + percentile(load.refused, 0));

                for (int i = 0; i < CLIENTS; i++) {
                    for (EmbeddedNode node : nodes) {
                        Reply reply = waitUntilServed(node, ids[i]);
                        assertEquals(Integer.toString(acked[i]), reply.body(), "session " + i + ": every acknowledged increment");
                    }
                    Reply next = Http.get(nodes.get(i % 2).uri("op=count"), ids[i]);
                    assertEquals(Integer.toString(++acked[i]), next.body(), "session " + i + " served and writable again");
                    assertNull(next.setSessionId());
                }
                Threads.settle(baseline);
                assertTrue(Threads.ours() <= baseline + 2, "no thread leak: " + baseline + " before, " + Threads.ours()
                        + " after:\n" + Threads.describe());
                assertEquals(0, Threads.stuckRequests(), "no request thread is left inside the store:\n" + Threads.describe());
                assertTrue(proxy.openConnections() <= 2 * nodes.size(), "the pools hold at most maxPoolSize each: "
                        + proxy.openConnections());
            }
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    /** What the clients saw: latencies of 200s and 503s, and everything that broke a promise. */
    private record Load(List<Long> ok, List<Long> refused, List<String> failures) {
    }

    /** Each client owns one session (so its counter is a plain sequence) and alternates between the nodes. */
    private static Load underLoad(List<EmbeddedNode> nodes, String[] ids, int[] acked) throws Exception {
        Load load = new Load(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()));
        long end = System.currentTimeMillis() + LOAD_MS;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    AtomicInteger turn = new AtomicInteger(client);
                    while (System.currentTimeMillis() < end) {
                        EmbeddedNode node = nodes.get(turn.getAndIncrement() % 2);
                        long start = System.currentTimeMillis();
                        Reply reply = Http.get(node.uri("op=count"), ids[client]);
                        long tookMs = System.currentTimeMillis() - start;
                        check(reply, client, tookMs, acked, load);
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(LOAD_MS + 2 * ANY_REQUEST_MS, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return load;
    }

    private static void check(Reply reply, int client, long tookMs, int[] acked, Load load) {
        String what = "client " + client + ": ";
        if (tookMs > ANY_REQUEST_MS) {
            load.failures.add(what + "a request took " + tookMs + " ms");
        }
        if (reply.setSessionId() != null) {
            load.failures.add(what + "a new session cookie was set: status " + reply.status());
        }
        if (reply.status() == 200) {
            load.ok.add(tookMs);
            String expected = Integer.toString(acked[client] + 1);
            if (!expected.equals(reply.body())) {
                load.failures.add(what + "answered " + reply.body() + ", expected " + expected);
            }
            acked[client]++;
            return;
        }
        load.refused.add(tookMs);
        if (reply.status() != 503) {
            load.failures.add(what + "status " + reply.status() + " " + reply.body());
        } else if (!"1".equals(reply.retryAfter())) {
            load.failures.add(what + "Retry-After " + reply.retryAfter() + ", expected 1 (connectionTimeoutMs rounded up)");
        }
        if (tookMs > FAST_503_MS) {
            load.failures.add(what + "a 503 took " + tookMs + " ms");
        }
    }

    private static Reply waitUntilServed(EmbeddedNode node, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        Reply reply = Http.get(node.uri("op=get&name=count"), id);
        while (reply.status() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            reply = Http.get(node.uri("op=get&name=count"), id);
        }
        assertEquals(200, reply.status(), "served again once the latency is gone");
        assertNull(reply.setSessionId());
        return reply;
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    /**
     * The JVM's threads that a leak would show in: all but Tomcat's request pool (which keeps idle
     * threads by design), the proxy's pipes (one pair per open connection, checked separately) and the
     * test's own HTTP client.
     */
    private static final class Threads {

        static int ours() {
            return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                    .map(Thread::getName).filter(n -> !excluded(n)).count();
        }

        /** @return request threads whose stack is inside sessiondb, Hikari or the driver */
        static long stuckRequests() {
            return Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getName().contains("-exec-"))
                    .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("io.sessiondb")
                            || f.getClassName().startsWith("com.zaxxer") || f.getClassName().startsWith("org.postgresql")))
                    .count();
        }

        /** Waits up to 10 s for threads that are ending (pool housekeeping, closing connections) to end. */
        static void settle(int baseline) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            while ((ours() > baseline + 2 || stuckRequests() > 0) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
        }

        static String describe() {
            StringBuilder out = new StringBuilder();
            Thread.getAllStackTraces().forEach((t, stack) -> out.append(t.getName()).append(' ').append(t.getState())
                    .append(stack.length > 0 ? " at " + stack[0] : "").append('\n'));
            return out.toString();
        }

        private static boolean excluded(String name) {
            return name.contains("-exec-") || name.startsWith("tcp-proxy-pipe") || name.startsWith("HttpClient")
                    || name.startsWith("pool-") || name.startsWith("ForkJoinPool");
        }
    }
}
