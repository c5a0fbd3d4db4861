package io.sessiondb.bench;

import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.admin.SessionAdmin;
import io.sessiondb.core.admin.SessionQuery;
import io.sessiondb.core.admin.SessionStatistics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * {@link SessionAdmin} on a million sessions and a million history rows: bulk-loads them on the server
 * ({@code INSERT ... SELECT} from {@code generate_series} on PostgreSQL, from the {@code seq_1_to_N}
 * sequence engine on MariaDB: a multi-row insert that never leaves the database), then times each admin
 * operation, and drops the tables unless {@code --keep} is given (to run the EXPLAINs of
 * docs/admin-queries.md on them; {@code --measure} times the kept tables again, {@code --drop} drops them).
 * A second run on kept tables finds the sessions revoked by the first: their timings count fewer rows.
 *
 * <p>The data: 4 apps; sessions last used within the last 25 minutes, 5% expired and not yet swept;
 * principals {@code user0..user99999} with 10 sessions each, and {@code heavy} with 5,000; an indexed
 * attribute {@code tenant} on every 7th session, 1,001 tenants of about 143 sessions in every app; 5 client types, 4
 * nodes, sizes 500 to 20,499 bytes; history created over the last 30 days, durations up to 2 hours.
 *
 * <p>Usage: {@code java -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.AdminBench jdbcUrl [--keep|--measure|--drop]}
 */
public final class AdminBench {

    /** The table the bench creates and drops; -Dadmin.table=NAME for another (two releases side by side). */
    public static final String TABLE = System.getProperty("admin.table", "bench_admin");
    // -Dadmin.rows=N loads N sessions and N history rows instead (smaller loads while iterating).
    private static final int SESSIONS = Integer.getInteger("admin.rows", 1_000_000);
    private static final int HISTORY = SESSIONS;
    private static final int RUNS = 21;

    private AdminBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        String mode = args.length > 1 ? args[1] : "";
        boolean postgres = url.startsWith("jdbc:postgresql:");
        try (Connection c = DriverManager.getConnection(url)) {
            if (mode.equals("--drop")) {
                drop(c);
                return;
            }
            boolean reuse = mode.equals("--measure");
            if (!reuse) {
                drop(c);
            }
            SessiondbConfig config = new SessiondbConfig();
            config.setJdbcUrl(url);
            config.setTableName(TABLE);
            try (SessionAdmin admin = SessionAdmin.start(config)) {
                if (!reuse) {
                    long loadStart = System.nanoTime();
                    load(c, postgres, System.currentTimeMillis());
                    System.out.printf(Locale.ROOT, "loaded %,d sessions and %,d history rows in %.0f s%n", SESSIONS,
                            HISTORY, (System.nanoTime() - loadStart) / 1e9);
                }
                rollUp(url);
                measure(admin);
            } finally {
                if (mode.isEmpty()) {
                    drop(c);
                }
            }
        }
    }

    /**
     * What a node's sweeper does once a day (schema version 4): rolls up the days of history that are
     * over. The first call after the load rolls up its 30 days; statistics then read the rollup and only the
     * raw rows of today (and of the oldest day).
     */
    private static void rollUp(String url) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(url);
        config.setTableName(TABLE);
        config.setAppName("bench-sweeper");
        try (SessionRepository sweeper = SessionRepository.start(config)) {
            long start = System.nanoTime();
            sweeper.pruneHistory();
            System.out.printf(Locale.ROOT, "history pruned and rolled up by a sweeper in %.1f s%n",
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static void load(Connection c, boolean postgres, long now) throws SQLException {
        String series = postgres ? "generate_series(1::BIGINT, %d) AS s(g)" : "seq_1_to_%d s";
        String div = postgres ? " / " : " DIV ";
        String g = postgres ? "s.g" : "s.seq";
        String digest = postgres ? "sha256(int8send(%s))" : "UNHEX(SHA2(%s, 256))";
        String concat = postgres ? "'%s' || (%s)" : "CONCAT('%s', %s)";
        String types = postgres ? "(ARRAY['desktop','mobile','tablet','bot','other'])[1 + %s %% 5]"
                : "ELT(1 + %s %% 5, 'desktop','mobile','tablet','bot','other')";
        String sessions = "INSERT INTO " + TABLE + " (app, id_digest, id_sealed, created_ms, last_access_ms,"
                + " max_inactive_ms, expiry_ms, principal, last_node, version, created_node, client_address, user_agent,"
                + " client_type, attribute_count, size_bytes)"
                + " SELECT " + String.format(concat, "app", g + " % 4") + ", " + String.format(digest, g) + ", "
                + String.format(digest, g) + ", a - 600000, a, 1800000, CASE WHEN " + g + " % 20 = 0 THEN " + (now - 1000)
                + " ELSE a + 1800000 END, CASE WHEN " + g + " <= 5000 THEN 'heavy' ELSE "
                + String.format(concat, "user", g + " % 100000") + " END, " + String.format(concat, "node", g + " % 4")
                + ", 1, " + String.format(concat, "node", g + " % 4") + ", '192.0.2.1', 'Mozilla/5.0', "
                + String.format(types, g) + ", 3, 500 + (" + g + " * 7919) % 20000"
                + " FROM (SELECT " + g + ", " + now + " - (" + g + " * 7919) % 1500000 AS a FROM "
                + String.format(series, SESSIONS) + ") s";
        String index = "INSERT INTO " + TABLE + "_index (app, id_digest, name, value)"
                + " SELECT " + String.format(concat, "app", g + " % 4") + ", " + String.format(digest, g) + ", 'tenant', "
                + String.format(concat, "tenant", "(" + g + div + "7) % 1001") + " FROM " + String.format(series, SESSIONS)
                + " WHERE " + g + " % 7 = 0";
        long day = 86_400_000L;
        String history = "INSERT INTO " + TABLE + "_history (app, id_digest, ended_ms, created_ms, duration_ms, ended_how,"
                + " principal, client_type, created_node)"
                + " SELECT " + String.format(concat, "app", g + " % 4") + ", " + String.format(digest, g + " + 10000000")
                + ", cr + d, cr, d, 'expired', " + String.format(concat, "user", g + " % 100000") + ", "
                + String.format(types, g) + ", 'node1'"
                + " FROM (SELECT " + g + ", " + (now - 30 * day) + " + (" + g + " * 7919) % " + 30 * day + " AS cr,"
                + " (" + g + " * 31) % 7200000 AS d FROM " + String.format(series, HISTORY) + ") s";
        try (Statement st = c.createStatement()) {
            if (postgres) {
                st.execute(sessions);
                st.execute(index);
                st.execute(history);
            } else {
                // InnoDB inserts a million rows into a clustered primary key and five secondary indexes of
                // random keys through a 128 MB buffer pool: random I/O for every row (the load took 967 s).
                // In primary-key order, with the secondary indexes built after the rows, it is sequential.
                List<String> sessionKeys = dropSecondaryKeys(st, TABLE);
                List<String> historyKeys = dropSecondaryKeys(st, TABLE + "_history");
                st.execute(sessions + " ORDER BY 1, 2");
                addKeys(st, TABLE, sessionKeys);
                st.execute(index);
                st.execute(history + " ORDER BY 3, 1, 2");
                addKeys(st, TABLE + "_history", historyKeys);
            }
            if (postgres) {
                st.execute("VACUUM ANALYZE " + TABLE);
                st.execute("VACUUM ANALYZE " + TABLE + "_index");
                st.execute("VACUUM ANALYZE " + TABLE + "_history");
            } else {
                st.execute("ANALYZE TABLE " + TABLE + ", " + TABLE + "_index, " + TABLE + "_history");
            }
        }
    }

    /** @return the secondary keys of {@code table} as {@code SHOW CREATE TABLE} declares them, dropped now */
    private static List<String> dropSecondaryKeys(Statement st, String table) throws SQLException {
        List<String> keys = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (java.sql.ResultSet rs = st.executeQuery("SHOW CREATE TABLE " + table)) {
            rs.next();
            for (String line : rs.getString(2).split("\n")) {
                String l = line.strip();
                if (l.startsWith("KEY `")) {
                    keys.add(l.endsWith(",") ? l.substring(0, l.length() - 1) : l);
                    names.add(l.substring(4, l.indexOf('`', 5) + 1));
                }
            }
        }
        if (!names.isEmpty()) {
            st.execute("ALTER TABLE " + table + " " + String.join(", ", names.stream().map(n -> "DROP KEY " + n).toList()));
        }
        return keys;
    }

    private static void addKeys(Statement st, String table, List<String> keys) throws SQLException {
        if (!keys.isEmpty()) {
            st.execute("ALTER TABLE " + table + " " + String.join(", ", keys.stream().map(k -> "ADD " + k).toList()));
        }
    }

    private static void measure(SessionAdmin admin) {
        SessionQuery user = SessionQuery.principal("user4242");
        time("principal's sessions, every app (10 sessions)", () -> admin.sessions(user).sessions().size());
        time("principal's sessions, one app (first page)", () -> admin.sessions(user.inApp("app2")).sessions().size());
        SessionQuery heavy = SessionQuery.principal("heavy").limit(100);
        time("heavy principal (5,000 sessions): first page of 100", () -> admin.sessions(heavy).sessions().size());
        String cursor = null;
        for (int page = 0; page < 20; page++) {
            cursor = admin.sessions(heavy.after(cursor)).next();
        }
        String page21 = cursor;
        time("heavy principal: page 21 of 100", () -> admin.sessions(heavy.after(page21)).sessions().size());
        SessionQuery tenant = SessionQuery.attribute("tenant", "tenant77").limit(100);
        time("by indexed attribute, every app (first 100 of 143)", () -> admin.sessions(tenant).sessions().size());
        time("by indexed attribute, one app (about 36)", () -> admin.sessions(tenant.inApp("app0")).sessions().size());
        // Another range of users on every run, so that a run on kept tables revokes sessions not revoked yet.
        int[] next = {10_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(80) * 1_000};
        time("revokePrincipal, every app (10 sessions)", () -> admin.revokePrincipal(null, "user" + next[0]++));
        time("revokePrincipal, one app", () -> admin.revokePrincipal("app" + (next[0] % 4), "user" + next[0]++));
        String[] shortIds = new String[RUNS + 3];
        for (int i = 0; i < shortIds.length; i++) {
            shortIds[i] = admin.sessions(SessionQuery.principal("user" + next[0]++).includingExpired()).sessions().get(0).id();
        }
        int[] s = {0};
        time("revoke(shortId)", () -> admin.revoke(shortIds[s[0]++]));
        time("revokeAttribute, every app (about 143 sessions)",
                () -> admin.revokeAttribute(null, "tenant", "tenant" + next[0]++ % 1001));
        timeFew("statistics(app0)", () -> admin.statistics("app0"));
        timeFew("statistics(all)", () -> admin.statistics(null));
    }

    private static void time(String what, IntSupplier operation) {
        int result = 0;
        for (int i = 0; i < 3; i++) {
            result = operation.getAsInt();
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            result = operation.getAsInt();
            ms.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(ms);
        System.out.printf(Locale.ROOT, "%-52s median %7.2f ms  min %7.2f  max %7.2f  (%d runs, last returned %d)%n", what,
                ms.get(RUNS / 2), ms.get(0), ms.get(RUNS - 1), RUNS, result);
    }

    private static void timeFew(String what, java.util.function.Supplier<SessionStatistics> operation) {
        operation.get();
        List<String> runs = new ArrayList<>();
        SessionStatistics last = null;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            last = operation.get();
            runs.add(String.format(Locale.ROOT, "%.0f", (System.nanoTime() - start) / 1e6));
        }
        System.out.printf(Locale.ROOT, "%-52s %s ms  (sessions %,d, active %,d, history %,d)%n", what,
                String.join(" / ", runs), last.sessions(), last.active(), last.historyRows());
    }

    private static void drop(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String t : List.of("_index", "_history", "_history_days", "_history_rollup", "_attributes", "_locks", "_schema",
                    "")) {
                st.execute("DROP TABLE IF EXISTS " + TABLE + t);
            }
        }
    }
}
