package io.sessiondb.bench;

import io.sessiondb.bench.webapp.BenchServlet;
import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.StoredValue;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The store's part of a non-sticky request, without a container: what the Tomcat and Jetty adapters ask
 * of {@link SessionRepository} per request, on the bench webapp's sessions (a small bean, a String and an
 * Integer counter; {@code big}: the same plus an untouched 256 KiB {@code byte[]}). {@code peek}: a lazy
 * load, the counter read, the save (which writes nothing); {@code count}: the same with the counter
 * incremented. One thread, so that its CPU time per request ({@link ThreadMXBean}) is the Java path's
 * alone (the store and pgjdbc; PostgreSQL runs in its own processes), which a loaded machine inflates far
 * less than it does requests per second. Meant to be run once per build, alternating (see bench/README.md).
 *
 * <pre>
 * java -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.StorePathBench URL [seconds per run] [rounds] [warm-up seconds]
 * </pre>
 */
public final class StorePathBench {

    private static final int SESSIONS = 1000;
    private static final int BIG_SESSIONS = 100;

    private StorePathBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int warmupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        String table = "bench_path_" + ProcessHandle.current().pid(); // runs side by side must not drop each other's tables
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(url);
        config.setAppName("bench");
        config.setTableName(table);
        config.setMaxPoolSize(8);
        try (SessionRepository repo = SessionRepository.start(config)) {
            List<String> small = create(repo, "small-", SESSIONS, false);
            List<String> big = create(repo, "big-", BIG_SESSIONS, true);
            ClassLoader loader = StorePathBench.class.getClassLoader();
            warmUp(repo, loader, small, big, warmupSeconds);
            for (int round = 1; round <= rounds; round++) {
                report("peek", round, run(repo, loader, small, false, seconds));
                report("count", round, run(repo, loader, small, true, seconds));
                report("big", round, run(repo, loader, big, true, seconds));
            }
        } finally {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table + "_attributes, " + table + "_index, " + table + "_history, "
                        + table + "_schema, " + table);
            }
        }
    }

    /**
     * Eight threads for {@code seconds}, all three requests, so that the JIT has compiled the paths before
     * they are measured: a loaded machine's round trips are slow, and one thread alone would still run
     * them interpreted after many seconds.
     */
    private static void warmUp(SessionRepository repo, ClassLoader loader, List<String> small, List<String> big, int seconds)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int n = t;
            Thread thread = new Thread(() -> {
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                while (System.nanoTime() < end) {
                    run(repo, loader, n % 4 == 3 ? big : small, n % 2 == 1, 1);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private record Result(long requests, long cpuNanos, long wallNanos) {
    }

    private static void report(String kind, int round, Result r) {
        System.out.printf(Locale.ROOT, "%-5s round %d: %7.0f req/s  thread CPU %6.1f us/req  (%d requests)%n", kind, round,
                r.requests() * 1e9 / r.wallNanos(), r.cpuNanos() / 1e3 / r.requests(), r.requests());
    }

    private static List<String> create(SessionRepository repo, String prefix, int count, boolean big) {
        List<String> ids = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            String id = prefix + Long.toHexString(new Random(i).nextLong()) + i;
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("profile", new BenchServlet.Profile());
            attributes.put("user", "user-" + Integer.toHexString(id.hashCode()));
            attributes.put("count", 0);
            if (big) {
                byte[] blob = new byte[BenchServlet.BIG_BYTES];
                new Random(42).nextBytes(blob);
                attributes.put("blob", blob);
            }
            repo.delete(id);
            repo.save(new SessionSnapshot(id, now, now, 3_600_000, null, Map.of(), attributes), null);
            ids.add(id);
        }
        return ids;
    }

    private static Result run(SessionRepository repo, ClassLoader loader, List<String> ids, boolean write, int seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long requests = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < end) {
            String id = ids.get(random.nextInt(ids.size()));
            LoadedSession loaded = repo.loadLazily(id, loader, null).orElseThrow();
            SessionSnapshot s = loaded.session();
            Map<String, Object> attributes = new HashMap<>(s.attributes());
            int count = (Integer) StoredValue.unwrap(attributes.get("count"));
            attributes.put("count", write ? Integer.valueOf(count + 1) : attributes.get("count") instanceof StoredValue v ? v.value() : count);
            long now = System.currentTimeMillis();
            repo.save(new SessionSnapshot(id, s.createdMs(), now, s.maxInactiveMs(), s.principal(), Map.of(), attributes),
                    loaded.baseline());
            requests++;
        }
        return new Result(requests, threads.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - start);
    }
}
