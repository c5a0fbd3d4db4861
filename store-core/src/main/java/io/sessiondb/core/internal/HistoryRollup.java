package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The per-day rollup of the history (schema version 4): the sweepers sum the history rows that ended on
 * a day that is over into {@code <table>_history_days}, one row per (day, app, day of creation, duration
 * bucket of {@link LogHistogram}) with the count, the sum and the largest duration, so that statistics
 * read those few rows instead of every history row of the day. The raw rows stay (listings and
 * {@code revokedSince} read them) and are pruned as before. Nothing here runs on the request path.
 *
 * <p>A day is rolled up once, in one transaction that also moves {@code <table>_history_rollup.rolled_to_day}
 * past it with a compare-and-set: two sweepers never both count it, and a failed attempt leaves nothing.
 * A day {@code d} is rolled up only when no history row can still arrive that ended on it: the history
 * row of a session ends at its revocation, its expiry or the time it is deleted, so rows that end before
 * the horizon {@code min(oldest stored expiry, oldest stored revocation, now - }{@value #WRITE_SLACK_MS}
 * {@code ms)} can no longer be written; days before the horizon's day are rolled up. The slack covers
 * the writer's clock estimate and a request that computed its times a while before it wrote them; an
 * expired or revoked session left unswept holds the rollup back (statistics then read more raw rows,
 * never wrong ones). Statistics combine the rollup with the raw rows of the days it does not hold:
 * see {@link AdminSql#statistics}.
 */
public final class HistoryRollup {

    /** Milliseconds per day: days are {@code ms / DAY_MS}, days since 1970-01-01 UTC. */
    public static final long DAY_MS = 86_400_000L;

    /**
     * How far before the database's clock a history row written now may end, for a session that is no
     * longer stored as expired or revoked: {@value} ms (the node's clock estimate and the time between
     * a request's start and its write are far below it).
     */
    public static final long WRITE_SLACK_MS = 3_600_000L;

    /** The {@code rolled_to_day} of a table whose history was never rolled up. */
    public static final long NONE = -1;

    private static final String STATE = """
            SELECT (SELECT MIN(expiry_ms) FROM ${table}), (SELECT MIN(revoked_ms) FROM ${table}),
                   (SELECT rolled_to_day FROM ${table}_history_rollup WHERE id = 1),
                   (SELECT MIN(ended_ms) FROM ${table}_history)""";

    private static final String ADVANCE = """
            UPDATE ${table}_history_rollup SET rolled_to_day = ? WHERE id = 1 AND rolled_to_day = ?""";

    // The rows of one day, by the primary key's range (ended_ms leads it).
    private static final String DAY = """
            SELECT app, ${createdDay}, ${bucket}, COUNT(*), SUM(duration_ms), MAX(duration_ms)
            FROM ${table}_history WHERE ended_ms >= ? AND ended_ms < ?
            GROUP BY app, 2, 3""";

    private static final String INSERT = """
            INSERT INTO ${table}_history_days (ended_day, app, created_day, bucket, sessions, duration_sum_ms,
                                               duration_max_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";

    // The rolled-up days whose raw rows are all pruned: statistics never read them (AdminSql.statistics).
    private static final String PRUNE = "DELETE FROM ${table}_history_days WHERE ended_day < ?";

    private final String beginSql;
    private final String state;
    private final String advance;
    private final String day;
    private final String insert;
    private final String prune;

    /**
     * @param dialect the dialect's {@link Dialect#name()}
     * @param table   the session table
     */
    public HistoryRollup(String dialect, String table) {
        String createdDay = (dialect.equals("mariadb") ? "created_ms DIV " : "created_ms / ") + DAY_MS;
        this.beginSql = dialect.equals("sqlite") ? "BEGIN IMMEDIATE" : null;
        this.state = STATE.replace("${table}", table);
        this.advance = ADVANCE.replace("${table}", table);
        this.day = DAY.replace("${createdDay}", createdDay).replace("${bucket}", LogHistogram.bucketOf("duration_ms"))
                .replace("${table}", table);
        this.insert = INSERT.replace("${table}", table);
        this.prune = PRUNE.replace("${table}", table);
    }

    /** @return the day (days since 1970-01-01 UTC) of {@code ms} */
    public static long dayOf(long ms) {
        return Math.floorDiv(ms, DAY_MS);
    }

    /**
     * What one {@link #rollUp} did.
     *
     * @param days        days rolled up by this call (0 when there were none or another node did them)
     * @param nextCheckMs database time from which another call can roll up more: the end of the next day
     *                    plus the slack, or now when a stored expired or revoked session held the horizon back
     */
    public record Outcome(int days, long nextCheckMs) {
    }

    /**
     * Rolls up every day before the horizon (see above) that is not rolled up yet, one transaction per
     * day, and drops the rolled-up days older than the oldest raw row.
     *
     * @param nowMs the database's time
     */
    public Outcome rollUp(Connection c, long nowMs) throws SQLException {
        Long minExpiry;
        Long minRevoked;
        long rolledTo;
        Long oldestEnded;
        try (PreparedStatement ps = c.prepareStatement(state); ResultSet rs = ps.executeQuery()) {
            rs.next();
            minExpiry = JdbcRows.nullableLong(rs, 1);
            minRevoked = JdbcRows.nullableLong(rs, 2);
            rolledTo = rs.getLong(3);
            oldestEnded = JdbcRows.nullableLong(rs, 4);
        }
        long horizonMs = nowMs - WRITE_SLACK_MS;
        if (minExpiry != null) {
            horizonMs = Math.min(horizonMs, minExpiry);
        }
        if (minRevoked != null) {
            horizonMs = Math.min(horizonMs, minRevoked);
        }
        long horizon = dayOf(horizonMs);
        long slackHorizon = dayOf(nowMs - WRITE_SLACK_MS);
        long nextCheckMs = horizon < slackHorizon ? nowMs : (slackHorizon + 1) * DAY_MS + WRITE_SLACK_MS;
        long next = rolledTo;
        if (rolledTo == NONE) {
            // The first rollup starts at the oldest raw row; with none, there is nothing to sum before the horizon.
            next = oldestEnded == null ? horizon : Math.min(dayOf(oldestEnded), horizon);
            if (next == horizon) {
                advance(c, NONE, horizon);
                return new Outcome(0, nextCheckMs);
            }
        }
        int rolled = 0;
        long expected = rolledTo;
        for (long d = next; d < horizon; d++) {
            long dayToRoll = d;
            long expectedNow = expected;
            boolean mine = Database.inTransaction(c, beginSql, tx -> {
                if (!advance(tx, expectedNow, dayToRoll + 1)) {
                    return false;
                }
                rollUpDay(tx, dayToRoll);
                return true;
            });
            if (!mine) {
                break; // another node moved the mark: it rolls up the rest
            }
            rolled++;
            expected = d + 1;
        }
        if (oldestEnded != null) {
            pruneBefore(c, dayOf(oldestEnded));
        }
        return new Outcome(rolled, nextCheckMs);
    }

    private boolean advance(Connection c, long expected, long to) throws SQLException {
        if (to <= expected) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(advance)) {
            ps.setLong(1, to);
            ps.setLong(2, expected);
            return ps.executeUpdate() == 1;
        }
    }

    private void rollUpDay(Connection c, long d) throws SQLException {
        try (PreparedStatement read = c.prepareStatement(day); PreparedStatement write = c.prepareStatement(insert)) {
            read.setLong(1, d * DAY_MS);
            read.setLong(2, (d + 1) * DAY_MS);
            int rows = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    write.setLong(1, d);
                    write.setString(2, rs.getString(1));
                    write.setLong(3, rs.getLong(2));
                    write.setInt(4, rs.getInt(3));
                    write.setLong(5, rs.getLong(4));
                    write.setLong(6, rs.getLong(5));
                    write.setLong(7, rs.getLong(6));
                    write.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                write.executeBatch();
            }
        }
    }

    /** Deletes the rolled-up days before {@code day}. @return the rows deleted */
    int pruneBefore(Connection c, long day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(prune)) {
            ps.setLong(1, day);
            return ps.executeUpdate();
        }
    }
}
