package io.sessiondb.bench;

import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code encryptionKeys} costs: the same sessions as {@link RepositoryBench} (20 beans of 400-byte
 * payloads and a counter, about 10 KB serialized) in two apps of one table, one stored plain and one
 * encrypted, measured in alternating runs of one process so that both see the same machine: loads per
 * second ({@code load}), and requests that load, change the counter and save ({@code one-change}).
 *
 * <p>Usage: {@code java -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.EncryptionBench [jdbcUrl]
 * [seconds per run] [threads] [repetitions]}
 */
public final class EncryptionBench {

    private static final int SESSIONS = 1000;
    private static final int ATTRIBUTES = 20;

    private EncryptionBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (SessionRepository plain = start(url, threads, "bench-plain", null);
             SessionRepository encrypted = start(url, threads, "bench-encrypted", Base64.getEncoder().encodeToString(key))) {
            List<String> plainIds = createSessions(plain);
            List<String> encryptedIds = createSessions(encrypted);
            System.out.printf("%-12s %-10s %12s%n", "scenario", "values", "req/s");
            for (int r = 0; r < repetitions; r++) {
                for (String scenario : List.of("load", "one-change")) {
                    report(scenario, "plain", run(plain, plainIds, scenario, seconds, threads));
                    report(scenario, "encrypted", run(encrypted, encryptedIds, scenario, seconds, threads));
                }
            }
        }
    }

    private static SessionRepository start(String url, int threads, String app, String key) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(url);
        config.setAppName(app);
        config.setTableName("bench_encryption");
        config.setMaxPoolSize(threads);
        config.setIdSecret("bench-id-secret-0123456789abcdef");
        config.setEncryptionKeys(key);
        return SessionRepository.start(config);
    }

    private static List<String> createSessions(SessionRepository repo) {
        List<String> ids = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < SESSIONS; i++) {
            Map<String, Object> attributes = new HashMap<>();
            for (int a = 0; a < ATTRIBUTES; a++) {
                attributes.put("item" + a, new RepositoryBench.Item("item" + a, a));
            }
            attributes.put("counter", 0);
            String id = UUID.randomUUID().toString();
            repo.save(new SessionSnapshot(id, now, now, 3_600_000, null, Map.of(), attributes), null);
            ids.add(id);
        }
        return ids;
    }

    private static double run(SessionRepository repo, List<String> ids, String scenario, int seconds, int threads)
            throws InterruptedException {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        ClassLoader loader = EncryptionBench.class.getClassLoader();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                    LoadedSession loaded = repo.load(id, loader).orElseThrow();
                    if (scenario.equals("one-change")) {
                        SessionSnapshot s = loaded.session();
                        Map<String, Object> attributes = new HashMap<>(s.attributes());
                        attributes.put("counter", (Integer) attributes.get("counter") + 1);
                        repo.save(new SessionSnapshot(s.id(), s.createdMs(), System.currentTimeMillis(), s.maxInactiveMs(),
                                s.principal(), s.metadata(), attributes), loaded.baseline());
                    }
                    done.increment();
                }
            });
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        return done.sum() / (double) seconds;
    }

    private static void report(String scenario, String values, double perSecond) {
        System.out.printf("%-12s %-10s %,12.0f%n", scenario, values, perSecond);
    }
}
