package io.sessiondb.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures what one web request costs the session store, against two baselines measured in the same
 * run on the same database and pool size:
 * <ul>
 *   <li>{@code pk-select}: a bare primary-key SELECT of one small row, the floor of one round trip;</li>
 *   <li>{@code blob-store}: what Tomcat's DataSourceStore does per request: SELECT the session blob,
 *       DELETE it, INSERT it again, whether or not anything changed.</li>
 * </ul>
 * and sessiondb's {@code read-only} request (load, save with nothing changed) and {@code one-change}
 * request (load, change one small attribute of a session with 20 attributes, save).
 *
 * <p>Usage: {@code java -jar bench/target/sessiondb-bench.jar [jdbcUrl] [seconds] [threads]}
 */
public final class RepositoryBench {

    private static final int SESSIONS = 2000;
    private static final int ATTRIBUTES = 20;

    private RepositoryBench() {
    }

    /** A typical attribute: a small bean. */
    static final class Item implements Serializable {
        private static final long serialVersionUID = 1L;
        final String name;
        final int quantity;
        final byte[] payload = new byte[400];

        Item(String name, int quantity) {
            this.name = name;
            this.quantity = quantity;
        }
    }

    @FunctionalInterface
    interface Request {
        void run(String id) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String table = "bench_sessions";

        try (HikariDataSource pool = pool(url, threads)) {
            prepareBaselines(pool);
            SessiondbConfig config = new SessiondbConfig();
            config.setDataSource(pool);
            config.setAppName("bench");
            config.setTableName(table);
            try (SessionRepository repo = SessionRepository.start(config)) {
                List<String> ids = createSessions(repo);
                Map<String, Double> results = new HashMap<>();
                results.put("pk-select", measure("pk-select", ids, seconds, threads, id -> pkSelect(pool, id)));
                results.put("blob-store", measure("blob-store", ids, seconds, threads, id -> blobStore(pool, id)));
                results.put("sessiondb read-only", measure("sessiondb read-only", ids, seconds, threads, id -> {
                    LoadedSession l = repo.load(id, RepositoryBench.class.getClassLoader()).orElseThrow();
                    repo.save(l.session(), l.baseline());
                }));
                results.put("sessiondb one-change", measure("sessiondb one-change", ids, seconds, threads, id -> {
                    LoadedSession l = repo.load(id, RepositoryBench.class.getClassLoader()).orElseThrow();
                    Map<String, Object> attributes = new HashMap<>(l.session().attributes());
                    attributes.put("counter", ThreadLocalRandom.current().nextInt());
                    SessionSnapshot s = l.session();
                    repo.save(new SessionSnapshot(id, s.createdMs(), s.lastAccessedMs(), s.maxInactiveMs(), s.principal(),
                            s.metadata(), attributes), l.baseline());
                }));
                report(results, seconds, threads);
            } finally {
                try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS bench_pk, bench_blob, " + table + "_attributes, " + table + "_index, " + table + "_history, " + table + "_schema, "
                            + table);
                }
            }
        }
    }

    private static HikariDataSource pool(String url, int threads) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setMaximumPoolSize(threads);
        return pool;
    }

    private static List<String> createSessions(SessionRepository repo) {
        List<String> ids = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < SESSIONS; i++) {
            String id = "bench-" + i;
            repo.delete(id);
            repo.save(new SessionSnapshot(id, now, now, 3_600_000, null, Map.of(), attributes()), null);
            ids.add(id);
        }
        return ids;
    }

    private static Map<String, Object> attributes() {
        Map<String, Object> attributes = new HashMap<>();
        for (int a = 0; a < ATTRIBUTES; a++) {
            attributes.put("item" + a, new Item("item" + a, a));
        }
        attributes.put("counter", 0);
        return attributes;
    }

    private static void prepareBaselines(HikariDataSource pool) throws SQLException, IOException {
        byte[] blob = serialize(attributes());
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_pk, bench_blob");
            st.execute("CREATE TABLE bench_pk (id VARCHAR(100) PRIMARY KEY, last_access BIGINT NOT NULL)");
            st.execute("CREATE TABLE bench_blob (id VARCHAR(100) PRIMARY KEY, app VARCHAR(100), data BYTEA,"
                    + " valid CHAR(1), max_inactive INT, last_access BIGINT)");
            try (PreparedStatement pk = c.prepareStatement("INSERT INTO bench_pk VALUES (?, 0)");
                 PreparedStatement b = c.prepareStatement("INSERT INTO bench_blob VALUES (?, 'bench', ?, '1', 3600, 0)")) {
                for (int i = 0; i < SESSIONS; i++) {
                    pk.setString(1, "bench-" + i);
                    pk.addBatch();
                    b.setString(1, "bench-" + i);
                    b.setBytes(2, blob);
                    b.addBatch();
                }
                pk.executeBatch();
                b.executeBatch();
            }
        }
    }

    private static void pkSelect(HikariDataSource pool, String id) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT last_access FROM bench_pk WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    /**
     * Tomcat DataSourceStore per request: SELECT the blob and deserialize the session, then save =
     * serialize it whole, DELETE + INSERT.
     */
    private static void blobStore(HikariDataSource pool, String id) throws Exception {
        try (Connection c = pool.getConnection()) {
            byte[] data;
            try (PreparedStatement ps = c.prepareStatement("SELECT data, valid, max_inactive FROM bench_blob WHERE id = ? AND app = ?")) {
                ps.setString(1, id);
                ps.setString(2, "bench");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    data = rs.getBytes(1);
                }
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
                data = serialize(in.readObject());
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM bench_blob WHERE id = ? AND app = ?")) {
                del.setString(1, id);
                del.setString(2, "bench");
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO bench_blob VALUES (?, ?, ?, '1', 3600, ?)")) {
                ins.setString(1, id);
                ins.setString(2, "bench");
                ins.setBytes(3, data);
                ins.setLong(4, System.currentTimeMillis());
                ins.executeUpdate();
            }
        }
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static double measure(String name, List<String> ids, int seconds, int threads, Request request)
            throws InterruptedException {
        runFor(ids, Math.max(1, seconds / 3), threads, request, new LongAdder()); // warm-up
        LongAdder done = new LongAdder();
        long start = System.nanoTime();
        runFor(ids, seconds, threads, request, done);
        double perSecond = done.sum() / ((System.nanoTime() - start) / 1e9);
        System.out.printf("%-22s %10.0f req/s%n", name, perSecond);
        return perSecond;
    }

    /**
     * Runs {@code request} on {@code threads} threads for {@code seconds}, each thread on its own slice of
     * {@code ids}, counting completed requests in {@code done}; throws when one failed. Also used by
     * {@link PairedConfigBench}.
     */
    static void runFor(List<String> ids, int seconds, int threads, Request request, LongAdder done)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        for (int t = 0; t < threads; t++) {
            // Each thread works on its own slice of the sessions: the blob store cannot take two
            // concurrent saves of one session (its DELETE + INSERT then fails on the primary key).
            List<String> slice = new ArrayList<>();
            for (int i = t; i < ids.size(); i += threads) {
                slice.add(ids.get(i));
            }
            Thread worker = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    try {
                        request.run(slice.get(random.nextInt(slice.size())));
                        done.increment();
                    } catch (Exception e) {
                        if (failed.compareAndSet(false, true)) {
                            e.printStackTrace();
                        }
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        if (failed.get()) {
            throw new IllegalStateException("a request failed; see the stack trace above");
        }
    }

    private static void report(Map<String, Double> results, int seconds, int threads) {
        double floor = results.get("pk-select");
        double blob = results.get("blob-store");
        System.out.printf("%nPostgreSQL, %d threads, %d s per scenario, %d sessions of %d attributes%n",
                threads, seconds, SESSIONS, ATTRIBUTES + 1);
        System.out.printf("%-22s %10s %14s %14s%n", "scenario", "req/s", "vs pk-select", "vs blob-store");
        for (String name : List.of("pk-select", "blob-store", "sessiondb read-only", "sessiondb one-change")) {
            double value = results.get(name);
            System.out.printf("%-22s %10.0f %13.2fx %13.2fx%n", name, value, value / floor, value / blob);
        }
    }
}
