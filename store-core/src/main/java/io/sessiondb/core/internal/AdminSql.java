package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything {@code SessionAdmin} runs, except what differs per database, which the subclasses hold
 * ({@link PostgresAdminSql}, {@link MariaDbAdminSql}, {@link SqliteAdminSql}): the day of a time, the
 * revocation by indexed attribute (a join in an UPDATE), the scan of the sessions and the apps, the
 * statistics' passes over the sessions and their transaction, and whether one of those passes runs on a
 * second connection (MariaDB's distinct principals: {@link #statistics}). Percentiles come from log-scale
 * histograms counted in grouped passes ({@link LogHistogram}), never from a sort of every value; the
 * history's come from its per-day rollup ({@link HistoryRollup}) and the raw rows it does not hold. Every
 * statement has an app variant ({@code app = ?}) and an every-app variant, both filled in at construction
 * with the table name; nothing is concatenated per call. The plans, and why each query is served by an
 * index, are in docs/admin-queries.md.
 *
 * <p>Listing is keyset-paginated: newest activity first (last access descending, then app and id digest
 * ascending, the order of the {@code _principal_access_ix} and {@code _principal_all_ix} indexes), a page
 * starting strictly after the last row of the previous one.
 */
public abstract class AdminSql {

    /** Milliseconds per day: a day bucket is {@code created_ms / DAY_MS}, days since 1970-01-01 UTC. */
    protected static final long DAY_MS = 86_400_000L;

    private static final String COLUMNS = """
            s.app, s.id_digest, s.principal, s.created_ms, s.last_access_ms, s.expiry_ms, s.revoked_ms,
                   s.client_address, s.user_agent, s.client_type, s.created_node, s.last_node,
                   COALESCE(s.attribute_count, (SELECT COUNT(*) FROM ${table}_attributes a
                                                WHERE a.app = s.app AND a.id_digest = s.id_digest)),
                   COALESCE(s.size_bytes, (SELECT COALESCE(SUM(LENGTH(a.value)), 0) FROM ${table}_attributes a
                                           WHERE a.app = s.app AND a.id_digest = s.id_digest))""";

    // Revoked sessions are listed until swept, whatever their expiry.
    private static final String LISTED = "(s.revoked_ms IS NOT NULL OR s.expiry_ms IS NULL OR s.expiry_ms > ?)";

    // After (access, digest) within one app; the first conjunct bounds the index range scan.
    private static final String AFTER_IN_APP = "s.last_access_ms <= ? AND (s.last_access_ms < ? OR s.id_digest > ?)";

    private static final String AFTER_IN_ALL = """
            s.last_access_ms <= ? AND (s.last_access_ms < ? OR s.app > ? OR (s.app = ? AND s.id_digest > ?))""";

    private static final String BY_PRINCIPAL = """
            SELECT ${columns}
            FROM ${table} s
            WHERE ${app}s.principal = ? AND ${after} AND ${listed}
            ORDER BY s.last_access_ms DESC, ${order}
            LIMIT ?""";

    private static final String BY_ATTRIBUTE = """
            SELECT ${columns}
            FROM ${table}_index i JOIN ${table} s ON s.app = i.app AND s.id_digest = i.id_digest
            WHERE i.name = ? AND i.value = ? ${iapp}AND ${after} AND ${listed}
            ORDER BY s.last_access_ms DESC, ${order}
            LIMIT ?""";

    /** The apps of one table ({@code ${from}}) as a loose index scan: one index probe per app. */
    protected static final String APPS = """
            WITH RECURSIVE a (app) AS (
                SELECT MIN(app) FROM ${from}
                UNION ALL
                SELECT (SELECT MIN(t.app) FROM ${from} t WHERE t.app > a.app) FROM a WHERE a.app IS NOT NULL
            )
            SELECT app FROM a WHERE app IS NOT NULL""";

    private static final String BY_DIGEST_PREFIX = """
            SELECT app, id_digest FROM ${table} WHERE id_digest >= ? AND id_digest < ? ORDER BY id_digest LIMIT 2""";

    private static final String REVOKE = "UPDATE ${table} SET revoked_ms = ?, expiry_ms = ?, version = version + 1";

    private static final String REVOKE_SESSION = REVOKE + " WHERE app = ? AND id_digest = ? AND revoked_ms IS NULL";

    private static final String REVOKE_PRINCIPAL = REVOKE + " WHERE ${app}principal = ? AND revoked_ms IS NULL";

    private static final String REVOKE_APP = REVOKE + " WHERE app = ? AND revoked_ms IS NULL";

    // The three passes of readSessions, which PostgreSQL and MariaDB replace with their own: one pass over
    // the sessions for the counts by state, client type and node and the creations per day (day -1: created
    // before the days counted).
    private static final String GROUPS = """
            SELECT client_type, last_node,
                   CASE WHEN revoked_ms IS NULL AND (expiry_ms IS NULL OR expiry_ms > ?) THEN 1 ELSE 0 END,
                   CASE WHEN created_ms >= ? THEN ${day} ELSE -1 END,
                   COUNT(*)
            FROM ${table} ${whereApp}
            GROUP BY 1, 2, 3, 4""";

    // The distinct principals of the active sessions.
    private static final String PRINCIPALS = """
            SELECT COUNT(DISTINCT principal) FROM ${table}
            WHERE principal IS NOT NULL AND revoked_ms IS NULL AND (expiry_ms IS NULL OR expiry_ms > ?) ${andApp}""";

    // The sizes of the stored sessions as a log-scale histogram (LogHistogram): one grouped pass, no sort.
    private static final String SIZES = """
            SELECT ${bucket}, COUNT(*), MAX(size_bytes) FROM ${table} WHERE size_bytes IS NOT NULL ${andApp} GROUP BY 1""";

    // Where the raw history starts (pruning deletes the oldest rows first, so every day after the oldest
    // row's is whole) and up to which day it is rolled up.
    private static final String HISTORY_STATE = """
            SELECT (SELECT MIN(ended_ms) FROM ${table}_history),
                   (SELECT rolled_to_day FROM ${table}_history_rollup WHERE id = 1)""";

    // The raw history rows the rollup does not hold: those of the oldest day (partly pruned, perhaps) and
    // those from the first day not rolled up on; two ranges of the primary key (ended_ms leads it). Per day
    // of creation (-1: before the days counted) and duration bucket: the count, the exact sum (the mean is
    // taken in Java: AVG is a DECIMAL of 4 more digits on MariaDB) and the largest duration.
    private static final String HISTORY = """
            SELECT CASE WHEN created_ms >= ? THEN ${day} ELSE -1 END, ${bucket}, COUNT(*), SUM(duration_ms), MAX(duration_ms)
            FROM ${table}_history WHERE (ended_ms < ? OR ended_ms >= ?) ${andApp}
            GROUP BY 1, 2""";

    // The same sums from the rollup, for the whole days between the oldest raw day and the first day not
    // rolled up (HistoryRollup).
    private static final String HISTORY_DAYS = """
            SELECT CASE WHEN created_day >= ? THEN created_day ELSE -1 END, bucket, SUM(sessions), SUM(duration_sum_ms),
                   MAX(duration_max_ms)
            FROM ${table}_history_days WHERE ended_day > ? AND ended_day < ? ${andApp}
            GROUP BY 1, 2""";

    /** A statement in its two variants: for one app ({@code app = ?} bound last) and for every app. */
    protected record Variants(String oneApp, String allApps) {
        String of(String app) {
            return app == null ? allApps : oneApp;
        }
    }

    private final String table;
    private final Variants byPrincipal;
    private final Variants byAttribute;
    private final String apps;
    private final String historyApps;
    private final String byDigestPrefix;
    private final String revokeSession;
    private final Variants revokePrincipal;
    private final Variants revokeAttribute;
    private final String revokeApp;
    private final Variants groups;
    private final Variants principals;
    private final Variants sizes;
    private final String historyState;
    private final Variants history;
    private final Variants historyDays;

    /**
     * @param dayOfCreation         this database's integer division of {@code created_ms} by {@link #DAY_MS}
     * @param revokeAttributeTemplate the revocation by indexed attribute: placeholders revoked time, expiry,
     *                              name, value, then {@code ${iapp}} ({@code AND i.app = ?} or nothing)
     * @param appsTemplate          the distinct apps of table {@code ${from}}: {@link #APPS}, or what reads them
     *                              with one index probe per app on this database
     */
    protected AdminSql(String table, String dayOfCreation, String revokeAttributeTemplate, String appsTemplate) {
        this.table = table;
        String inApp = fill(BY_PRINCIPAL).replace("${after}", AFTER_IN_APP).replace("${order}", "s.id_digest");
        String inAll = fill(BY_PRINCIPAL).replace("${after}", AFTER_IN_ALL).replace("${order}", "s.app, s.id_digest");
        byPrincipal = new Variants(inApp.replace("${app}", "s.app = ? AND "), inAll.replace("${app}", ""));
        String attrInApp = fill(BY_ATTRIBUTE).replace("${after}", AFTER_IN_APP).replace("${order}", "s.id_digest");
        String attrInAll = fill(BY_ATTRIBUTE).replace("${after}", AFTER_IN_ALL).replace("${order}", "s.app, s.id_digest");
        byAttribute = new Variants(attrInApp.replace("${iapp}", "AND i.app = ? "), attrInAll.replace("${iapp}", ""));
        apps = appsTemplate.replace("${from}", table);
        historyApps = appsTemplate.replace("${from}", table + "_history");
        byDigestPrefix = fill(BY_DIGEST_PREFIX);
        revokeSession = fill(REVOKE_SESSION);
        revokePrincipal = new Variants(fill(REVOKE_PRINCIPAL).replace("${app}", "app = ? AND "),
                fill(REVOKE_PRINCIPAL).replace("${app}", ""));
        revokeAttribute = new Variants(fill(revokeAttributeTemplate).replace("${iapp}", " AND i.app = ?"),
                fill(revokeAttributeTemplate).replace("${iapp}", ""));
        revokeApp = fill(REVOKE_APP);
        groups = variants(GROUPS.replace("${day}", dayOfCreation));
        principals = variants(PRINCIPALS);
        sizes = variants(SIZES.replace("${bucket}", LogHistogram.bucketOf("size_bytes")));
        historyState = fill(HISTORY_STATE);
        history = variants(HISTORY.replace("${day}", dayOfCreation).replace("${bucket}", LogHistogram.bucketOf("duration_ms")));
        historyDays = variants(HISTORY_DAYS);
    }

    /** @return the admin SQL of a dialect, by its {@link Dialect#name()} */
    public static AdminSql of(Dialect dialect, String table) {
        return switch (dialect.name()) {
            case "postgresql" -> new PostgresAdminSql(table);
            case "mariadb" -> new MariaDbAdminSql(table);
            case "sqlite" -> new SqliteAdminSql(table);
            default -> throw new IllegalStateException("no admin queries for " + dialect.name());
        };
    }

    /** @return {@code template} with the table name and the listing columns filled in */
    protected final String fill(String template) {
        return template.replace("${columns}", COLUMNS).replace("${listed}", LISTED).replace("${table}", table);
    }

    /** @return both variants of {@code template}, whose app condition is {@code ${whereApp}} or {@code ${andApp}} */
    protected final Variants variants(String template) {
        return new Variants(fill(template.replace("${whereApp}", "WHERE app = ?").replace("${andApp}", "AND app = ?")),
                fill(template.replace("${whereApp}", "").replace("${andApp}", "")));
    }

    /** @return the apps with sessions or history rows, in Java's string order */
    public List<String> apps(Connection c) throws SQLException {
        Set<String> found = new TreeSet<>();
        for (String sql : List.of(apps, historyApps)) {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return List.copyOf(found);
    }

    /** @return one page of the listing, up to {@code q.limit()} rows */
    public List<AdminRow> sessions(Connection c, AdminListing q) throws SQLException {
        boolean byPrincipalQuery = q.principal() != null;
        String sql = (byPrincipalQuery ? byPrincipal : byAttribute).of(q.app());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 0;
            if (byPrincipalQuery) {
                if (q.app() != null) {
                    ps.setString(++i, q.app());
                }
                ps.setString(++i, q.principal());
            } else {
                ps.setString(++i, q.attributeName());
                ps.setString(++i, q.attributeValue());
                if (q.app() != null) {
                    ps.setString(++i, q.app());
                }
            }
            ps.setLong(++i, q.afterAccessMs());
            ps.setLong(++i, q.afterAccessMs());
            if (q.app() == null) {
                ps.setString(++i, q.afterApp());
                ps.setString(++i, q.afterApp());
            }
            ps.setBytes(++i, q.afterDigest());
            ps.setLong(++i, q.activeAfterMs());
            ps.setInt(++i, q.limit());
            try (ResultSet rs = ps.executeQuery()) {
                List<AdminRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new AdminRow(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                            JdbcRows.nullableLong(rs, 6), JdbcRows.nullableLong(rs, 7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11), rs.getString(12), rs.getInt(13), rs.getLong(14)));
                }
                return rows;
            }
        }
    }

    /** A session found by a prefix of its id digest. */
    public record Found(String app, byte[] idDigest) {
    }

    /** @return up to two sessions, of any app, whose id digest is at least {@code from} and below {@code to} */
    public List<Found> byDigestPrefix(Connection c, byte[] from, byte[] to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(byDigestPrefix)) {
            ps.setBytes(1, from);
            ps.setBytes(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                List<Found> found = new ArrayList<>(2);
                while (rs.next()) {
                    found.add(new Found(rs.getString(1), rs.getBytes(2)));
                }
                return found;
            }
        }
    }

    /** Revokes one session. @return 1, or 0 when it is gone or revoked already */
    public int revokeSession(Connection c, String app, byte[] idDigest, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(revokeSession)) {
            ps.setLong(1, nowMs);
            ps.setLong(2, nowMs);
            ps.setString(3, app);
            ps.setBytes(4, idDigest);
            return ps.executeUpdate();
        }
    }

    /** @return the number of sessions of {@code principal} revoked now, in {@code app} or every app (null) */
    public int revokePrincipal(Connection c, String app, String principal, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(revokePrincipal.of(app))) {
            ps.setLong(1, nowMs);
            ps.setLong(2, nowMs);
            int i = 2;
            if (app != null) {
                ps.setString(++i, app);
            }
            ps.setString(++i, principal);
            return ps.executeUpdate();
        }
    }

    /** @return the number of sessions whose indexed attribute {@code name} is {@code value} revoked now */
    public int revokeAttribute(Connection c, String app, String name, String value, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(revokeAttribute.of(app))) {
            ps.setLong(1, nowMs);
            ps.setLong(2, nowMs);
            ps.setString(3, name);
            ps.setString(4, value);
            if (app != null) {
                ps.setString(5, app);
            }
            return ps.executeUpdate();
        }
    }

    /** @return the number of sessions of {@code app} revoked now */
    public int revokeApp(Connection c, String app, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(revokeApp)) {
            ps.setLong(1, nowMs);
            ps.setLong(2, nowMs);
            ps.setString(3, app);
            return ps.executeUpdate();
        }
    }

    /** What the passes over the stored sessions count, filled in by {@link #readSessions}. */
    protected static final class SessionCounts {
        final List<RawStatistics.Group> groups = new ArrayList<>();
        final Map<Long, Long> perDay = new HashMap<>();
        final LogHistogram sizes = new LogHistogram();
        long principals;

        /** Adds a group of sessions of one client type, node, state and day of creation (-1: before the days counted). */
        protected void group(String clientType, String node, boolean active, long day, long count) {
            groups.add(new RawStatistics.Group(clientType, node, active, count));
            if (day >= 0) {
                perDay.merge(day, count, Long::sum);
            }
        }

        /** Adds a bucket of the size histogram. */
        protected void sizes(long bucket, long count, long max) {
            this.sizes.add(bucket, count, max);
        }

        /** Sets the distinct principals of the active sessions. */
        protected void principals(long count) {
            this.principals = count;
        }
    }

    /**
     * Statistics in one read transaction at repeatable read, so that every figure comes from the same
     * snapshot (the rollup and the raw history rows above all: a day rolled up or pruned meanwhile is
     * counted once): {@link #readSessions} over the sessions, then the history: the rolled-up days from
     * {@code <table>_history_days} and the other raw rows (docs/admin-queries.md, "History rollup").
     *
     * <p>One figure may come from another snapshot: on MariaDB the distinct principals of the active sessions
     * are counted on a second connection of {@code pool} while {@code c} reads the sessions, each statement
     * on its own core (docs/admin-queries.md). That count then sees the sessions as they were when its own
     * statement started, a few milliseconds from the transaction's snapshot; a session started, ended or
     * revoked in between may be counted by it and not by the other figures, or the reverse. A pool with no
     * connection free runs it on {@code c} after the pass, in the snapshot ({@link SideQuery}).
     *
     * @param c       the connection of the transaction
     * @param pool    where a second connection comes from (only MariaDB takes one)
     * @param app     the app, or {@code null} for all
     * @param sinceMs the first day to count creations of (a UTC midnight)
     */
    public RawStatistics statistics(Connection c, Database pool, String app, long nowMs, long sinceMs)
            throws SQLException {
        return Database.inTransaction(c, snapshotBeginSql(), tx -> {
            startSnapshot(tx);
            SessionCounts counts = new SessionCounts();
            readSessions(tx, pool, app, nowMs, sinceMs, counts);
            LogHistogram durations = new LogHistogram();
            long durationSumMs = readHistory(tx, app, sinceMs, counts.perDay, durations);
            long historyRows = durations.count();
            double avgDurationMs = historyRows == 0 ? 0 : (double) durationSumMs / historyRows;
            return new RawStatistics(counts.groups, counts.principals, counts.perDay, historyRows, avgDurationMs,
                    durations.percentiles(), counts.sizes.percentiles());
        });
    }

    /** @return the statement that opens the statistics' transaction, or null for JDBC's (see {@link Database#inTransaction}) */
    protected String snapshotBeginSql() {
        return null;
    }

    /** Runs first in the statistics' transaction: sets its isolation (repeatable read) and its memory. */
    protected void startSnapshot(Connection tx) throws SQLException {
        try (java.sql.Statement st = tx.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        }
    }

    /**
     * Counts the stored sessions (of {@code app}, or all) into {@code counts}: here three grouped passes
     * (state, client type, node and day; distinct active principals; size histogram) on {@code c}; a
     * database that computes them in fewer overrides it.
     *
     * @param pool where a second connection comes from, for statements run beside those on {@code c}
     */
    protected void readSessions(Connection c, Database pool, String app, long nowMs, long sinceMs, SessionCounts counts)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, groups.of(app), app, nowMs, sinceMs); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.group(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getLong(4), rs.getLong(5));
            }
        }
        try (PreparedStatement ps = prepare(c, principals.of(app), app, nowMs); ResultSet rs = ps.executeQuery()) {
            rs.next();
            counts.principals(rs.getLong(1));
        }
        try (PreparedStatement ps = prepare(c, sizes.of(app), app); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.sizes(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }

    /**
     * The history rows present, each counted once: with {@code f} the day of the oldest raw row and
     * {@code r} the first day not rolled up, the rollup's days strictly between them and the raw rows of
     * day {@code f} (pruned from its start, perhaps) and of days from {@code max(r, f + 1)} on. A day after
     * {@code f} is whole in the raw rows (pruning deletes the oldest first) and, before {@code r}, was
     * rolled up whole and gets no more rows ({@link HistoryRollup}).
     *
     * @return the sum of the durations, ms; the counts go into {@code perDay} and {@code durations}
     */
    private long readHistory(Connection c, String app, long sinceMs, Map<Long, Long> perDay, LogHistogram durations)
            throws SQLException {
        Long oldestEndedMs;
        long rolledTo;
        try (PreparedStatement ps = c.prepareStatement(historyState); ResultSet rs = ps.executeQuery()) {
            rs.next();
            oldestEndedMs = JdbcRows.nullableLong(rs, 1);
            rolledTo = rs.getLong(2);
        }
        if (oldestEndedMs == null) {
            return 0;
        }
        long oldestDay = HistoryRollup.dayOf(oldestEndedMs);
        long firstRawDay = Math.max(rolledTo, oldestDay + 1);
        long sumMs = 0;
        try (PreparedStatement ps = prepare(c, history.of(app), app, sinceMs, (oldestDay + 1) * DAY_MS, firstRawDay * DAY_MS);
             ResultSet rs = ps.executeQuery()) {
            sumMs += addHistory(rs, perDay, durations);
        }
        if (rolledTo > oldestDay + 1) {
            try (PreparedStatement ps = prepare(c, historyDays.of(app), app, sinceMs / DAY_MS, oldestDay, rolledTo);
                 ResultSet rs = ps.executeQuery()) {
                sumMs += addHistory(rs, perDay, durations);
            }
        }
        return sumMs;
    }

    private static long addHistory(ResultSet rs, Map<Long, Long> perDay, LogHistogram durations) throws SQLException {
        long sumMs = 0;
        while (rs.next()) {
            long day = rs.getLong(1);
            long count = rs.getLong(3);
            if (day >= 0) {
                perDay.merge(day, count, Long::sum);
            }
            durations.add(rs.getLong(2), count, rs.getLong(5));
            sumMs += rs.getLong(4);
        }
        return sumMs;
    }

    /**
     * @return {@code sql} prepared with {@code values} bound in order, then {@code app} when not null (the
     * app condition is the last placeholder of every statistics query)
     */
    protected static PreparedStatement prepare(Connection c, String sql, String app, long... values) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            int i = 0;
            for (long value : values) {
                ps.setLong(++i, value);
            }
            if (app != null) {
                ps.setString(++i, app);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** @return the table name these statements use */
    protected final String table() {
        return table;
    }
}
