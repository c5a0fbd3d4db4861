package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SaveResult.Outcome;
import io.sessiondb.core.testing.ClusterScript;
import io.sessiondb.core.testing.TestDatabase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three MariaDB Galera nodes on loopback ({@code galera/cluster.sh}: SQL ports 3321-3323, data under
 * /tmp), two repositories ("container nodes") writing through DIFFERENT Galera nodes. The cluster is
 * started once for the class and always torn down; the node kill runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GaleraIT {

    private static final ClusterScript CLUSTER = new ClusterScript("galera/cluster.sh", 90, "mariadb-server, galera-4 and rsync");

    private static final String DIR = "/tmp/sessiondb-galera-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String USER = "sessiondb";
    private static final String PASSWORD = "sessiondb";
    private static final int BLOB_BYTES = 512 * 1024;

    private final String table = TestDatabase.uniqueTable("galera");
    private final List<SessionRepository> repositories = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster("start", DIR);
    }

    @AfterAll
    static void teardownCluster() throws Exception {
        cluster("teardown", DIR);
    }

    @AfterEach
    void closeRepositories() {
        repositories.forEach(SessionRepository::close);
    }

    @Test
    @Order(1)
    void aSessionWrittenThroughOneNodeIsReadThroughAnotherAtOnce() throws SQLException {
        SessionRepository node1 = repository("//127.0.0.1:3321", "a");
        SessionRepository node2 = repository("//127.0.0.1:3322", "b");
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = "ryw-" + i;
            byte[] blob = blob(i);
            long now = System.currentTimeMillis();
            Map<String, Object> attributes = Map.of("blob", blob, "i", i);
            assertEquals(Outcome.INSERTED, node1.save(snapshot(id, now, attributes), null).outcome());
            var loaded = node2.load(id, null);
            if (loaded.isEmpty()) {
                stale.add(id + ": missing");
                continue;
            }
            assertArrayEquals(blob, (byte[]) loaded.get().session().attributes().get("blob"), id);
            // An update through node 2, read at once through node 1: the last write, never the one before.
            byte[] next = blob(i + 1000);
            Map<String, Object> changed = new HashMap<>(loaded.get().session().attributes());
            changed.put("blob", next);
            assertEquals(Outcome.UPDATED, node2.save(snapshot(id, now + 1, changed), loaded.get().baseline()).outcome());
            byte[] read = (byte[]) node1.load(id, null).orElseThrow().session().attributes().get("blob");
            if (ByteBuffer.wrap(read, 0, 4).getInt() != i + 1000) {
                stale.add(id + ": the write before the last");
            }
        }
        assertEquals(List.of(), stale, "stale reads across Galera nodes");
        measureCausalReadCost(node1);
    }

    /**
     * Prints what causal reads cost: the store's load statement for a small session through node 2, plain
     * and with {@code SET STATEMENT wsrep_sync_wait = 1 FOR}, alternating batches in the same run, one
     * connection, an idle cluster. Only the (loose) sanity of the numbers is asserted.
     */
    private void measureCausalReadCost(SessionRepository writer) throws SQLException {
        long now = System.currentTimeMillis();
        writer.save(snapshot("cost-probe", now, Map.of("user", "alice", "n", 1)), null);
        String select = "SELECT s.id_sealed, s.version, a.name, a.value FROM " + table + " s LEFT JOIN " + table
                + "_attributes a ON a.app = s.app AND a.id_digest = s.id_digest WHERE s.app = ? AND s.id_digest = ?";
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3322/test", USER, PASSWORD)) {
            byte[] digest;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT s.id_digest FROM " + table
                    + " s WHERE NOT EXISTS (SELECT 1 FROM " + table + "_attributes a WHERE a.app = s.app"
                    + " AND a.id_digest = s.id_digest AND LENGTH(a.value) > 1000)")) {
                assertTrue(rs.next(), "the probe session");
                digest = rs.getBytes(1);
            }
            long[] nanos = new long[2];
            int perBatch = 250;
            for (int round = 0; round < 8; round++) {
                for (int causal = 0; causal < 2; causal++) {
                    String sql = (causal == 1 ? "SET STATEMENT wsrep_sync_wait = 1 FOR " : "") + select;
                    long started = System.nanoTime();
                    for (int i = 0; i < perBatch; i++) {
                        try (var ps = c.prepareStatement(sql)) {
                            ps.setString(1, "galera");
                            ps.setBytes(2, digest);
                            try (ResultSet rs = ps.executeQuery()) {
                                assertTrue(rs.next(), "the probe row");
                            }
                        }
                    }
                    nanos[causal] += System.nanoTime() - started;
                }
            }
            int loads = 8 * perBatch;
            double plain = loads * 1e9 / nanos[0];
            double causal = loads * 1e9 / nanos[1];
            long started = System.nanoTime();
            SessionRepository reader = repository("//127.0.0.1:3322", "probe");
            for (int i = 0; i < loads; i++) {
                reader.load("cost-probe", null).orElseThrow();
            }
            double store = loads * 1e9 / (System.nanoTime() - started);
            System.out.printf("[galera] causal read cost, load statement of a small session through node 2, %d each:"
                    + " plain %.0f loads/s (%.3f ms), wsrep_sync_wait=1 %.0f loads/s (%.3f ms); repository.load"
                    + " (causal) %.0f loads/s%n", loads, plain, 1000 / plain, causal, 1000 / causal, store);
            assertTrue(plain > 0 && causal > 0 && store > 0);
        }
    }

    @Test
    @Order(2)
    void concurrentSavesOfDifferentAttributesThroughTwoNodesLoseNothing() throws Exception {
        SessionRepository[] nodes = {repository("//127.0.0.1:3321", "a"), repository("//127.0.0.1:3322", "b")};
        long conflictsSeen = 0;
        for (int round = 0; round < 5 && conflictsSeen == 0; round++) {
            long before = certificationConflicts();
            String id = "concurrent-" + round;
            long now = System.currentTimeMillis();
            nodes[0].save(snapshot(id, now, Map.of()), null);
            CyclicBarrier start = new CyclicBarrier(24);
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 24; t++) {
                int n = t;
                Thread thread = new Thread(() -> {
                    try {
                        SessionRepository node = nodes[n % 2];
                        start.await(10, TimeUnit.SECONDS);
                        LoadedSession loaded = node.load(id, null).orElseThrow();
                        Map<String, Object> attributes = new HashMap<>(loaded.session().attributes());
                        attributes.put("a" + n, n);
                        SaveResult saved = node.save(snapshot(id, System.currentTimeMillis(), attributes), loaded.baseline());
                        assertEquals(Outcome.UPDATED, saved.outcome(), "save of a" + n);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, "galera-save-" + t);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            assertEquals(List.of(), List.copyOf(failures), "failed saves");
            for (SessionRepository node : nodes) {
                Map<String, Object> stored = node.load(id, null).orElseThrow().session().attributes();
                for (int t = 0; t < 24; t++) {
                    assertEquals(t, stored.get("a" + t), "attribute a" + t + " of " + id + " (round " + round + ")");
                }
            }
            conflictsSeen = certificationConflicts() - before;
            System.out.printf("[galera] round %d: 24 concurrent saves through two nodes, all kept;"
                    + " %d certification conflicts (1213), retried%n", round, conflictsSeen);
        }
        assertTrue(conflictsSeen > 0, "no round met a certification conflict, so their retry was not exercised");
    }

    @Test
    @Order(3)
    void expiryClaimsAreExactlyOnceAcrossGaleraNodes() throws Exception {
        SessionRepository[] nodes = {repository("//127.0.0.1:3321", "a"), repository("//127.0.0.1:3322", "b")};
        int sessions = 60;
        long past = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < sessions; i++) {
            nodes[i % 2].save(new SessionSnapshot("expired-" + i, past, past, 1_000, null, Map.of(), Map.of("i", i),
                    past, past + 1_000), null);
        }
        // A repository may claim a session again that it already holds (its batch and its one-by-one claims
        // here): exactly once means by one repository only.
        Map<String, Set<String>> claims = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(4);
        List<Thread> sweepers = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            SessionRepository node = nodes[s % 2];
            String name = node.config().getNodeName();
            boolean single = s >= 2;
            Thread t = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                    if (single) { // claim one by one, in the same order on both nodes
                        for (int i = 0; i < sessions; i++) {
                            if (node.claimExpired("expired-" + i)) {
                                claims.computeIfAbsent("expired-" + i, k -> ConcurrentHashMap.newKeySet()).add(name);
                            }
                        }
                    } else {
                        List<String> batch;
                        while (!(batch = node.claimExpired(7)).isEmpty()) {
                            batch.forEach(id -> claims.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(name));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "galera-sweeper-" + s);
            t.start();
            sweepers.add(t);
        }
        for (Thread t : sweepers) {
            t.join(30_000);
        }
        assertEquals(List.of(), List.copyOf(failures), "failed sweeps");
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            Set<String> by = claims.getOrDefault("expired-" + i, Set.of());
            if (by.size() != 1) {
                wrong.add("expired-" + i + " claimed by " + by);
            }
        }
        assertEquals(List.of(), wrong, "each expired session is claimed exactly once in the cluster");
    }

    @Test
    @Order(4)
    void aGaleraNodeKilledUnderLoadLosesNothingAndTheRepositoryCarriesOnThroughAnother() throws Exception {
        SessionRepository onNode1 = repository("sequential://127.0.0.1:3321,127.0.0.1:3322,127.0.0.1:3323", "a");
        SessionRepository onNode2 = repository("sequential://127.0.0.1:3322,127.0.0.1:3323,127.0.0.1:3321", "b");
        Load load = new Load(new SessionRepository[] {onNode1, onNode2}, 8);
        load.start();
        Thread.sleep(1_500);
        cluster("kill", DIR, "1");
        long killed = load.killed();
        // Galera stalls writes until it evicts the dead member (~6 s with its default timeouts).
        long until = killed + TimeUnit.SECONDS.toNanos(25);
        while ((!load.allSucceededSince(killed) || System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(8))
                && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        load.stop();
        System.out.printf("[galera] node 1 killed under load: %d increments, %d failed, longest operation %d ms,"
                        + " every client through again %d ms after the kill%n", load.successes.get(), load.failures.size(),
                load.longestMs.get(), load.allBackMs(killed));
        assertEquals(List.of(), List.copyOf(load.failures), "failed operations");
        assertTrue(load.allSucceededSince(killed), "every client succeeds again after the kill");
        load.assertNothingLost(onNode2);
    }

    /** Clients, each incrementing the counter of its own session (load, then save) through one repository. */
    private static final class Load {
        private final SessionRepository[] nodes;
        private final int clients;
        private final long[] acked;
        private final long[] lastSuccess;
        private final long[] firstSuccessAfterKill;
        private volatile long killedNanos = Long.MAX_VALUE;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong successes = new AtomicLong();
        private final AtomicLong longestMs = new AtomicLong();
        private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        Load(SessionRepository[] nodes, int clients) {
            this.nodes = nodes;
            this.clients = clients;
            this.acked = new long[clients];
            this.lastSuccess = new long[clients];
            this.firstSuccessAfterKill = new long[clients];
        }

        long killed() {
            killedNanos = System.nanoTime();
            return killedNanos;
        }

        void start() {
            long now = System.currentTimeMillis();
            for (int i = 0; i < clients; i++) {
                nodes[i % nodes.length].save(snapshot(id(i), now, Map.of("n", 0L)), null);
            }
            for (int i = 0; i < clients; i++) {
                int client = i;
                Thread t = new Thread(() -> increment(client), "galera-client-" + i);
                t.start();
                threads.add(t);
            }
        }

        private void increment(int client) {
            SessionRepository node = nodes[client % nodes.length];
            while (!stop.get()) {
                long started = System.nanoTime();
                try {
                    LoadedSession loaded = node.load(id(client), null).orElseThrow(() -> new AssertionError("session lost"));
                    long n = (Long) loaded.session().attributes().get("n");
                    if (n != acked[client]) {
                        throw new AssertionError(id(client) + ": loaded " + n + ", " + acked[client] + " acknowledged");
                    }
                    SaveResult saved = node.save(snapshot(id(client), System.currentTimeMillis(), Map.of("n", n + 1)),
                            loaded.baseline());
                    if (saved.outcome() != Outcome.UPDATED) {
                        throw new AssertionError("save answered " + saved.outcome());
                    }
                    acked[client] = n + 1;
                    long done = System.nanoTime();
                    lastSuccess[client] = done;
                    if (done - killedNanos > 0 && firstSuccessAfterKill[client] == 0) {
                        firstSuccessAfterKill[client] = done;
                    }
                    successes.incrementAndGet();
                    longestMs.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(done - started), Math::max);
                } catch (RuntimeException | AssertionError e) {
                    failures.add(e);
                    return;
                }
            }
        }

        boolean allSucceededSince(long nanos) {
            for (long t : lastSuccess) {
                if (t - nanos <= 0) {
                    return false;
                }
            }
            return true;
        }

        long allBackMs(long since) {
            return allSucceededSince(since) ? TimeUnit.NANOSECONDS.toMillis(
                    java.util.Arrays.stream(firstSuccessAfterKill).max().orElse(since) - since) : -1;
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }

        void assertNothingLost(SessionRepository reader) {
            for (int i = 0; i < clients; i++) {
                assertEquals(acked[i], reader.load(id(i), null).orElseThrow().session().attributes().get("n"),
                        "counter of " + id(i));
            }
        }

        private static String id(int client) {
            return "kill-" + client;
        }
    }

    private SessionRepository repository(String hosts, String node) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl("jdbc:mariadb:" + hosts + "/test");
        config.setUsername(USER);
        config.setPassword(PASSWORD);
        config.setTableName(table);
        config.setAppName("galera");
        config.setNodeName(node);
        config.setMaxPoolSize(8);
        config.setConnectionTimeoutMs(1_000);
        config.setSweepGraceSeconds(0);
        SessionRepository repository = SessionRepository.start(config);
        repositories.add(repository);
        // One at a time: the schema lock (GET_LOCK) is local to a Galera node.
        repository.count();
        return repository;
    }

    private static SessionSnapshot snapshot(String id, long now, Map<String, Object> attributes) {
        return new SessionSnapshot(id, now, now, 3_600_000, null, Map.of(), attributes);
    }

    /** @return 512 KiB of random bytes whose first four are {@code tag} */
    private static byte[] blob(int tag) {
        byte[] b = new byte[BLOB_BYTES];
        ThreadLocalRandom.current().nextBytes(b);
        ByteBuffer.wrap(b).putInt(tag);
        return b;
    }

    /** @return certification failures and brute-force aborts so far on nodes 1 and 2 */
    private static long certificationConflicts() throws SQLException {
        long sum = 0;
        for (int port : new int[] {3321, 3322}) {
            try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/test", USER, PASSWORD);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN"
                         + " ('wsrep_local_cert_failures', 'wsrep_local_bf_aborts')")) {
                while (rs.next()) {
                    sum += rs.getLong(2);
                }
            }
        }
        return sum;
    }

    private static void cluster(String... args) throws IOException, InterruptedException {
        CLUSTER.run(args);
    }
}
