package io.sessiondb.bench.http;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.bench.webapp.BenchServlet;
import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database floor: {@code pgbench -M prepared} running the store's own load statement and its own save
 * statement (one small attribute changed, no touch due), as many clients as the servers' pools have.
 *
 * <p>The statements are recorded from a real {@link SessionRepository} (see {@link StatementRecorder}) on
 * a session like the webapp's; each is written into a pgbench script with its recorded values as literals,
 * except the session's id digest, which becomes {@code int8send(:n)} for a random {@code n} of the
 * {@code sessions} copies of that session the floor table holds (copied in SQL from the recorded one).
 */
final class Floor implements AutoCloseable {

    static final String TABLE = "bench_floor";
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final BenchDatabase db;
    private final Path work;
    private final List<StatementRecorder.Executed> load;
    private final List<StatementRecorder.Executed> save;
    private final byte[] digest;
    private final int pgPort;
    private Path loadScript;
    private Path saveScript;
    private int sessions;

    private Floor(BenchDatabase db, Path work, List<StatementRecorder.Executed> load, List<StatementRecorder.Executed> save,
                  byte[] digest, int pgPort) {
        this.db = db;
        this.work = work;
        this.load = load;
        this.save = save;
        this.digest = digest;
        this.pgPort = pgPort;
    }

    /** Records the statements, copies the session {@code sessions} times and writes the two scripts. */
    static Floor prepare(BenchDatabase db, Path work, int sessions, int pgPort) throws Exception {
        List<StatementRecorder.Executed> load;
        List<StatementRecorder.Executed> save;
        try (HikariDataSource pool = db.pool()) {
            StatementRecorder recorder = new StatementRecorder(pool);
            SessiondbConfig config = new SessiondbConfig();
            config.setDataSource(recorder.dataSource());
            config.setAppName("bench");
            config.setTableName(TABLE);
            try (SessionRepository repo = SessionRepository.start(config)) {
                long now = System.currentTimeMillis();
                Map<String, Object> attributes = new HashMap<>();
                attributes.put("profile", new BenchServlet.Profile());
                attributes.put("user", "user-1234abcd");
                attributes.put("count", 0);
                repo.save(new SessionSnapshot("floor-template", now, now, 1_800_000, null, Map.of(), attributes), null);
                recorder.recording = true;
                LoadedSession loaded = repo.load("floor-template", Floor.class.getClassLoader()).orElseThrow();
                load = recorder.take();
                Map<String, Object> changed = new HashMap<>(loaded.session().attributes());
                changed.put("count", 1);
                SessionSnapshot s = loaded.session();
                repo.save(new SessionSnapshot(s.id(), s.createdMs(), s.lastAccessedMs(), s.maxInactiveMs(), s.principal(),
                        s.metadata(), changed), loaded.baseline());
                save = recorder.take();
                recorder.recording = false;
            }
        }
        if (load.isEmpty() || save.isEmpty()) {
            throw new IllegalStateException("recorded no load or no save statement: " + load + " / " + save);
        }
        byte[] digest = load.get(0).parameters().values().stream().filter(v -> v instanceof byte[]).map(v -> (byte[]) v)
                .findFirst().orElseThrow(() -> new IllegalStateException("the load statement binds no id digest"));
        Floor floor = new Floor(db, work, load, save, digest, pgPort);
        floor.grow(sessions);
        return floor;
    }

    /** Copies the recorded session until the table holds {@code total} live copies; the scripts pick among them all. */
    void grow(int total) throws Exception {
        copy(sessions + 1, total, "");
        sessions = total;
        loadScript = work.resolve("floor-load.sql");
        saveScript = work.resolve("floor-save.sql");
        Files.writeString(loadScript, script(load, digest, sessions));
        Files.writeString(saveScript, script(save, digest, sessions));
    }

    /** Adds {@code count} copies that expired an hour ago (never picked by the scripts). */
    void addExpired(int count) throws Exception {
        long past = System.currentTimeMillis() - 3_600_000;
        copy(-count, -1, ", expiry_ms = " + past + ", last_access_ms = " + (past - 1_800_000));
    }

    /** Copies the recorded session (row and attributes) as {@code int8send(g)} for g in [from, to]; {@code set} more columns of the row. */
    private void copy(long from, long to, String set) throws Exception {
        if (from > to) {
            return;
        }
        String d = "'\\x" + HexFormat.of().formatHex(digest) + "'::BYTEA";
        List<String> sql = new ArrayList<>();
        for (String table : List.of(TABLE, TABLE + "_attributes")) {
            sql.add("CREATE TEMP TABLE copy AS SELECT g, t.* FROM " + table + " t CROSS JOIN generate_series(" + from + ", " + to
                    + ") g WHERE t.id_digest = " + d);
            sql.add("UPDATE copy SET id_digest = int8send(g::BIGINT)" + (table.equals(TABLE) ? set : ""));
            sql.add("ALTER TABLE copy DROP COLUMN g");
            sql.add("INSERT INTO " + table + " SELECT * FROM copy");
            sql.add("DROP TABLE copy");
        }
        sql.add("VACUUM ANALYZE " + TABLE);
        sql.add("VACUUM ANALYZE " + TABLE + "_attributes");
        // Bulk writes and VACUUM go through a small ring of buffers, so the copies are in the OS's page cache
        // but not in shared_buffers: without this, the runs after a large copy measure first reads from the
        // OS (a pread, and the write of an evicted buffer, per load), not a server that has been serving
        // these sessions. pg_prewarm reads the tables and their indexes into shared_buffers.
        sql.add("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
        sql.add("SELECT pg_prewarm(c.oid) FROM pg_class c WHERE c.relname LIKE '" + TABLE + "%' AND c.relkind IN ('r', 'i')");
        // And the copy's dirty pages written out now, so that a checkpoint the copy's WAL brings on does not run
        // during the measurement after it (a million copies: about 1 GB of WAL).
        sql.add("CHECKPOINT");
        db.execute(sql.toArray(String[]::new));
    }

    /** A pgbench script: a random session, then each recorded statement with its values filled in. */
    static String script(List<StatementRecorder.Executed> statements, byte[] digest, int sessions) {
        StringBuilder out = new StringBuilder("\\set n random(1, " + sessions + ")\n");
        for (StatementRecorder.Executed e : statements) {
            StringBuilder sql = new StringBuilder();
            int index = 0;
            for (char ch : e.sql().toCharArray()) {
                if (ch == '?') {
                    Object v = e.parameters().get(++index);
                    sql.append(v instanceof byte[] b && Arrays.equals(b, digest) ? "int8send(:n::BIGINT)" : literal(v));
                } else {
                    sql.append(ch);
                }
            }
            // pgbench reads one statement per line unless it ends with ';'
            out.append(sql.toString().replaceAll("\\s*\\n\\s*", " ")).append(";\n");
        }
        return out.toString();
    }

    static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof byte[] b) {
            return "'\\x" + HexFormat.of().formatHex(b) + "'::BYTEA";
        }
        if (v instanceof StatementRecorder.BoundArray a) {
            List<String> elements = Arrays.stream(a.elements()).map(Floor::literal).toList();
            return "ARRAY[" + String.join(", ", elements) + "]::" + a.type() + "[]";
        }
        return "'" + v.toString().replace("'", "''") + "'";
    }

    /** What pgbench measured: transactions (one statement each) per second. */
    record Result(double loadsPerSecond, double savesPerSecond) {
    }

    Result run(int clients, int seconds) throws IOException, InterruptedException {
        return new Result(runOne(false, clients, seconds), runOne(true, clients, seconds));
    }

    /** @return pgbench's transactions per second running the load statement alone ({@code save}: the save statement) */
    double runOne(boolean save, int clients, int seconds) throws IOException, InterruptedException {
        return pgbench(save ? saveScript : loadScript, clients, runSeconds(seconds));
    }

    /**
     * @return how long a pgbench run asked for {@code seconds} lasts: pgbench's clients connect before the
     * clock starts, but with -T 1 on a busy machine they may not get a transaction in: 3 s at least
     */
    static int runSeconds(int seconds) {
        return Math.max(3, seconds);
    }

    /** The load statement's latency over a pgbench run: transactions per second, median and 99th percentile in ms. */
    record Latency(double perSecond, double p50Ms, double p99Ms) {
    }

    Latency loadLatency(int clients, int seconds) throws IOException, InterruptedException {
        Path logs = Files.createTempDirectory(work, "pgbench-log-");
        double tps = pgbench(loadScript, clients, runSeconds(seconds), "-l", "--log-prefix=" + logs.resolve("tx"));
        List<Long> micros = new ArrayList<>();
        try (var files = Files.list(logs)) {
            for (Path f : files.toList()) {
                // pgbench's per-transaction log: client_id transaction_no time_us script_no time_epoch time_us
                Files.readAllLines(f).forEach(line -> micros.add(Long.parseLong(line.split(" ")[2])));
            }
        }
        micros.sort(null);
        return new Latency(tps, micros.get(micros.size() / 2) / 1e3, micros.get((int) (micros.size() * 0.99)) / 1e3);
    }

    private double pgbench(Path script, int clients, int seconds, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", "2",
                "-T", Integer.toString(seconds), "-f", script.toString(), "-h", "127.0.0.1", "-p", Integer.toString(pgPort),
                "-U", "bench"));
        command.addAll(List.of(extra));
        command.add("bench");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("pgbench failed: " + command + "\n" + out);
        }
        Matcher m = TPS.matcher(out);
        if (!m.find()) {
            throw new IOException("pgbench printed no tps: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    @Override
    public void close() throws Exception {
        db.execute("DROP TABLE IF EXISTS " + TABLE + "_attributes, " + TABLE + "_index, " + TABLE + "_history, " + TABLE
                + "_schema, " + TABLE);
    }
}
