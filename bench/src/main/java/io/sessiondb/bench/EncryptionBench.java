package io.sessiondb.bench;

import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.internal.ValueCipher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
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
 * second ({@code load}), and requests that load, change the counter and save ({@code one-change}); and
 * first the CPU side alone: the codec's work on one session against the cipher's.
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
        cpu(key, seconds);
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

    /**
     * The CPU side alone, one thread, no database: per session of {@value #ATTRIBUTES} beans and a counter,
     * Java serialization and deserialization of every value (what a load and a save cost the codec) against
     * sealing and opening every value's bytes (what encryption adds).
     */
    private static void cpu(byte[] key, int seconds) throws Exception {
        ValueCipher cipher = new ValueCipher(List.of(key), "bench");
        byte[] digest = new byte[32];
        Map<String, byte[]> values = new HashMap<>();
        for (int a = 0; a < ATTRIBUTES; a++) {
            values.put("item" + a, serialize(new RepositoryBench.Item("item" + a, a)));
        }
        values.put("counter", serialize(0));
        long codecNanos = time(seconds, () -> {
            for (byte[] v : values.values()) {
                try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(v))) {
                    serialize(in.readObject());
                }
            }
        });
        long cipherNanos = time(seconds, () -> values.forEach((name, v) -> cipher.open(digest, name, cipher.seal(digest, name, v))));
        int bytes = values.values().stream().mapToInt(v -> v.length).sum();
        System.out.printf("per session (%d values, %,d bytes), one thread: codec (deserialize + serialize) %,.1f us,"
                + " encryption (seal + open) %,.1f us%n", values.size(), bytes, codecNanos / 1000.0, cipherNanos / 1000.0);
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** @return the mean nanoseconds of one {@code work}, after a warm-up */
    private static long time(int seconds, Work work) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L; // warm-up as long as the measure: the JIT
        while (System.nanoTime() < end) {
            work.run();
        }
        long runs = 0;
        long start = System.nanoTime();
        end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            work.run();
            runs++;
        }
        return (System.nanoTime() - start) / runs;
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
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
