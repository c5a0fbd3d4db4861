package io.sessiondb.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.internal.HistoryRollup;
import io.sessiondb.core.internal.LogHistogram;
import io.sessiondb.core.internal.SchemaInfo;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-day rollup of the history (schema version 4, {@link HistoryRollup}) against hand-computed
 * statistics: days rolled up plus today's raw rows, pruning, two sweepers, a failed rollup retried, an
 * unswept session holding the rollup back, and an upgrade of a version 3 table. Each test has a table of its
 * own (the rollup's mark is per table). The rollup runs as a sweeper runs it, with the database's time.
 */
public abstract class AbstractHistoryRollupContractTest {

    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;

    private String table;
    private SessionAdmin admin;
    private long now;
    private long today;
    /** The history rows this test wrote. */
    private final List<Hist> written = new ArrayList<>();

    private record Hist(String app, long createdMs, long endedMs) {
        long durationMs() {
            return endedMs - createdMs;
        }
    }

    /** @return a config of this dialect's test database on {@code table} */
    protected abstract SessiondbConfig config(String table);

    /** @return a plain connection to this dialect's test database */
    protected abstract Connection connect() throws SQLException;

    /** @return the dialect name, as the schema resources spell it */
    protected abstract String dialectName();

    @BeforeEach
    void newTable() {
        table = TestDatabase.uniqueTable("rollup");
        now = System.currentTimeMillis();
        today = HistoryRollup.dayOf(now);
        written.clear();
    }

    @AfterEach
    void dropTable() throws SQLException {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        try (Connection c = connect()) {
            AdminRows.drop(c, table);
        }
    }

    private void start() {
        admin = SessionAdmin.start(config(table));
    }

    /**
     * Six days of history in two apps, each row with its own duration (10 s steps, so every duration has a
     * histogram bucket of its own and the percentiles are exact): days today-5 to today, 3 to 8 rows a day,
     * created the day before for the first row of each day.
     */
    private void writeSixDays() throws SQLException {
        int k = 1;
        try (Connection c = connect()) {
            for (int ago = 5; ago >= 0; ago--) {
                long dayStart = (today - ago) * DAY;
                for (int j = 0; j < 3 + ago; j++) {
                    // Today's rows end before now (the test may run just after midnight).
                    long ended = ago == 0 ? Math.max(dayStart, now - 1_000 - j) : dayStart + 2 * HOUR + j * 60_000L;
                    long duration = 10_000L * k++;
                    long created = j == 0 ? Math.min(ended - duration, dayStart - 1) : ended - duration;
                    write(c, j % 2 == 0 ? "r1" : "r2", created, ended);
                }
            }
        }
    }

    private void write(Connection c, String app, long createdMs, long endedMs) throws SQLException {
        AdminRows.history(c, table, app, createdMs, endedMs, "expired");
        written.add(new Hist(app, createdMs, endedMs));
    }

    private HistoryRollup.Outcome rollUp(Connection c, long atMs) throws SQLException {
        return new HistoryRollup(dialectName(), table).rollUp(c, atMs);
    }

    private HistoryRollup.Outcome rollUp() throws SQLException {
        try (Connection c = connect()) {
            return rollUp(c, now);
        }
    }

    /** The statistics' history figures, computed by hand from the rows written that {@code kept} keeps. */
    private void assertHistoryFigures(String app, Predicate<Hist> kept) {
        List<Long> durations = new ArrayList<>();
        Map<LocalDate, Long> perDay = new HashMap<>();
        long sum = 0;
        for (Hist h : written) {
            if ((app == null || h.app().equals(app)) && kept.test(h)) {
                durations.add(h.durationMs());
                sum += h.durationMs();
                perDay.merge(LocalDate.ofEpochDay(HistoryRollup.dayOf(h.createdMs())), 1L, Long::sum);
            }
        }
        durations.sort(null);
        SessionStatistics s = admin.statistics(app);
        String of = app == null ? "every app" : app;
        assertEquals(durations.size(), s.historyRows(), "history rows of " + of);
        int n = durations.size();
        assertEquals(n == 0 ? 0.0 : sum / 1000.0 / n, s.avgDurationSeconds(), 1e-9, "mean of " + of);
        assertEquals(n == 0 ? 0.0 : durations.get((int) rank(n, 50) - 1) / 1000.0, s.medianDurationSeconds(), 1e-9,
                "median of " + of);
        assertEquals(n == 0 ? 0.0 : durations.get((int) rank(n, 95) - 1) / 1000.0, s.p95DurationSeconds(), 1e-9,
                "p95 of " + of);
        for (SessionStatistics.DayCount d : s.createdPerDay()) {
            assertEquals(perDay.getOrDefault(d.day(), 0L), d.count(), "created on " + d.day() + " in " + of);
        }
    }

    private static long rank(long n, int percent) {
        return Math.max(1, (n * percent + 99) / 100);
    }

    private void assertAllFigures(Predicate<Hist> kept) {
        assertHistoryFigures(null, kept);
        assertHistoryFigures("r1", kept);
        assertHistoryFigures("r2", kept);
    }

    private long rolledToDay() throws SQLException {
        return single("SELECT rolled_to_day FROM " + table + "_history_rollup WHERE id = 1");
    }

    private long single(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }

    private void update(String sql, long value) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, value);
            ps.executeUpdate();
        }
    }

    /** The last day a rollup at {@code now} can reach with no unswept session: the day of now minus the slack. */
    private long horizon() {
        return HistoryRollup.dayOf(now - HistoryRollup.WRITE_SLACK_MS);
    }

    @Test
    void rolledUpDaysAndTodaysRawRowsGiveTheHandComputedStatistics() throws SQLException {
        start();
        writeSixDays();
        assertAllFigures(h -> true);
        assertEquals(HistoryRollup.NONE, rolledToDay(), "nothing rolled up before a sweeper runs");

        HistoryRollup.Outcome outcome = rollUp();

        assertEquals(horizon() - (today - 5), outcome.days(), "from the oldest row's day to the horizon");
        assertEquals(horizon(), rolledToDay());
        long rolledRows = single("SELECT SUM(sessions) FROM " + table + "_history_days");
        assertEquals(written.stream().filter(h -> HistoryRollup.dayOf(h.endedMs()) < horizon()).count(), rolledRows);
        assertAllFigures(h -> true);

        try (Connection c = connect()) {
            write(c, "r1", now - 5_000, now - 10);
        }
        assertAllFigures(h -> true);
        assertEquals(0, rollUp().days(), "a second run finds the days done");
        assertAllFigures(h -> true);

        // White box: the whole days after the oldest are read from the rollup, not from the raw rows (deleting
        // raw rows of a rolled-up day that is not the oldest leaves the figures as they were).
        update("DELETE FROM " + table + "_history WHERE ended_ms >= ? AND ended_ms < " + (today - 2) * DAY, (today - 3) * DAY);
        assertAllFigures(h -> true);
    }

    @Test
    void prunedRowsAreCountedNeitherRawNorFromTheRollup() throws SQLException {
        start();
        writeSixDays();
        rollUp();
        // Pruning deletes the oldest rows first: part of the oldest day, then up to the middle of today-3.
        long cut = (today - 5) * DAY + 2 * HOUR + 90_000;
        update("DELETE FROM " + table + "_history WHERE ended_ms < ?", cut);
        assertAllFigures(h -> h.endedMs() >= cut);
        long cut2 = (today - 3) * DAY + 2 * HOUR + 90_000;
        update("DELETE FROM " + table + "_history WHERE ended_ms < ?", cut2);
        assertAllFigures(h -> h.endedMs() >= cut2);

        rollUp();
        assertEquals(0, single("SELECT COUNT(*) FROM " + table + "_history_days WHERE ended_day < " + (today - 3)),
                "the rolled-up days before the oldest raw row's are dropped");
        assertAllFigures(h -> h.endedMs() >= cut2);

        update("DELETE FROM " + table + "_history WHERE ended_ms < ?", now + DAY);
        assertAllFigures(h -> false);
    }

    @Test
    void twoSweepersRollUpEachDayOnce() throws Exception {
        start();
        writeSixDays();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Connection a = connect(); Connection b = connect()) {
            CountDownLatch go = new CountDownLatch(1);
            Future<HistoryRollup.Outcome> first = pool.submit(() -> {
                go.await();
                return rollUp(a, now);
            });
            Future<HistoryRollup.Outcome> second = pool.submit(() -> {
                go.await();
                return rollUp(b, now);
            });
            go.countDown();
            assertEquals(horizon() - (today - 5), first.get().days() + second.get().days(), "each day once");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(written.stream().filter(h -> HistoryRollup.dayOf(h.endedMs()) < horizon()).count(),
                single("SELECT SUM(sessions) FROM " + table + "_history_days"));
        assertAllFigures(h -> true);
    }

    @Test
    void aFailedRollupLeavesItsDayUndoneAndTheRetryCountsItOnce() throws SQLException {
        start();
        writeSixDays();
        // A row in the way of day today-3's first insert (its first row: app r1, created the day before).
        Hist blocker = written.stream().filter(h -> HistoryRollup.dayOf(h.endedMs()) == today - 3).findFirst().orElseThrow();
        String bucket = LogHistogram.bucketOf(Long.toString(blocker.durationMs()));
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO " + table + "_history_days (ended_day, app, created_day, bucket, sessions,"
                    + " duration_sum_ms, duration_max_ms) SELECT " + (today - 3) + ", '" + blocker.app() + "', "
                    + HistoryRollup.dayOf(blocker.createdMs()) + ", " + bucket + ", 1000, 1000, 1000 FROM "
                    + table + "_history_rollup");
        }
        assertThrows(SQLException.class, this::rollUp);
        assertEquals(today - 3, rolledToDay(), "the days before it are done, it is not");
        assertEquals(1, single("SELECT COUNT(*) FROM " + table + "_history_days WHERE ended_day = " + (today - 3)),
                "nothing of the failed day but the row in the way");

        update("DELETE FROM " + table + "_history_days WHERE ended_day = ?", today - 3);
        assertEquals(horizon() - (today - 3), rollUp().days());
        assertEquals(horizon(), rolledToDay());
        assertAllFigures(h -> true);
    }

    @Test
    void anUnsweptExpiredSessionHoldsTheRollupBackUntilItsHistoryRowIsWritten() throws SQLException {
        start();
        writeSixDays();
        long expiry = (today - 3) * DAY + 5 * HOUR;
        AdminRows.Row stale = new AdminRows.Row("r2", AdminRows.randomDigest(), "late", expiry - 7 * HOUR, expiry - HOUR,
                expiry, null, null, null, "desktop", "n1", "n1", 1, 100L);
        try (Connection c = connect()) {
            AdminRows.insert(c, table, List.of(stale));
        }

        HistoryRollup.Outcome held = rollUp();

        assertEquals(today - 3, rolledToDay(), "the day of its expiry is not rolled up while it is stored");
        assertEquals(2, held.days());
        assertEquals(now, held.nextCheckMs(), "checked again at the next sweep");
        assertTrue(admin.purgeExpired() >= 1, "swept: its history row ends at its expiry, on day today-3");
        written.add(new Hist("r2", stale.createdMs(), expiry));
        assertAllFigures(h -> true);
        rollUp();
        assertEquals(horizon(), rolledToDay());
        assertAllFigures(h -> true);
    }

    @Test
    void aVersion3TableIsUpgradedAndItsHistoryRolledUp() throws SQLException {
        try (Connection c = connect()) {
            AdminRows.createAtVersion(c, dialectName(), table, 3);
        }
        writeSixDays();
        start();
        assertEquals(SchemaInfo.CURRENT_VERSION, single("SELECT MAX(version) FROM " + table + "_schema"), "upgraded at start");
        assertEquals(HistoryRollup.NONE, rolledToDay());
        assertAllFigures(h -> true);
        rollUp();
        assertEquals(horizon(), rolledToDay());
        assertAllFigures(h -> true);
    }
}
