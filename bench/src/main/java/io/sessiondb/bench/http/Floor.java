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
    private final Path loadScript;
    private final Path saveScript;
    private final int pgPort;

    private Floor(BenchDatabase db, Path loadScript, Path saveScript, int pgPort) {
        this.db = db;
        this.loadScript = loadScript;
        this.saveScript = saveScript;
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
        copySessions(db, digest, sessions);
        Path loadScript = work.resolve("floor-load.sql");
        Path saveScript = work.resolve("floor-save.sql");
        Files.writeString(loadScript, script(load, digest, sessions));
        Files.writeString(saveScript, script(save, digest, sessions));
        return new Floor(db, loadScript, saveScript, pgPort);
    }

    private static void copySessions(BenchDatabase db, byte[] digest, int sessions) throws Exception {
        String d = "'\\x" + HexFormat.of().formatHex(digest) + "'::BYTEA";
        List<String> sql = new ArrayList<>();
        for (String table : List.of(TABLE, TABLE + "_attributes")) {
            sql.add("CREATE TEMP TABLE copy AS SELECT g, t.* FROM " + table + " t CROSS JOIN generate_series(1, " + sessions
                    + ") g WHERE t.id_digest = " + d);
            sql.add("UPDATE copy SET id_digest = int8send(g::BIGINT)");
            sql.add("ALTER TABLE copy DROP COLUMN g");
            sql.add("INSERT INTO " + table + " SELECT * FROM copy");
            sql.add("DROP TABLE copy");
        }
        sql.add("VACUUM ANALYZE " + TABLE);
        sql.add("VACUUM ANALYZE " + TABLE + "_attributes");
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
        // pgbench's clients connect before the clock starts, but with -T 1 on a busy machine they may not
        // get a transaction in: 3 s at least.
        int s = Math.max(3, seconds);
        return new Result(pgbench(loadScript, clients, s), pgbench(saveScript, clients, s));
    }

    private double pgbench(Path script, int clients, int seconds) throws IOException, InterruptedException {
        List<String> command = List.of("pgbench", "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", "2",
                "-T", Integer.toString(seconds), "-f", script.toString(), "-h", "127.0.0.1", "-p", Integer.toString(pgPort),
                "-U", "bench", "bench");
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
