package io.sessiondb.core.internal;

/**
 * The sweep of sessions no node expires: expired and revoked sessions of any app that no node holds a
 * live claim on are deleted without listeners (their app is not deployed, their node is gone, or an
 * operator purges now), each with its history row in the same transaction; and history rows older
 * than {@code historyDays} are pruned. Bounded batches, so that one call never holds locks for long.
 * The one code path of {@code SessionRepository.deleteExpiredBefore}, the sweepers and
 * {@code SessionAdmin.purgeExpired}. Every time it writes or compares (the history rows' end, claims, the
 * pruning cut-off) is on the {@link DatabaseClock}, so that a sweeper or an admin machine whose clock is
 * off neither ends history at the wrong time nor prunes early. Thread-safe.
 */
public final class ExpiredSweep {

    /** Sessions or history rows deleted per statement or transaction: {@value}. */
    public static final int BATCH = 1000;
    private static final long DAY_MS = 86_400_000L;

    private final Database database;
    private final DatabaseClock clock;
    private final String table;
    private final int historyDays;
    private volatile HistoryRollup rollup;
    // Database time before which no rollup can make progress (HistoryRollup.Outcome): one check a day.
    private volatile long nextRollupMs = Long.MIN_VALUE;
    // Until the tables are seen with planner statistics (or given them): Dialect.analyzeIfNeverAnalyzed.
    private volatile boolean statisticsKnown;

    /**
     * @param clock       the database's clock as the caller sees it, sampled here when due
     * @param table       the session table
     * @param historyDays days history rows are kept; 0: none are written
     */
    public ExpiredSweep(Database database, DatabaseClock clock, String table, int historyDays) {
        this.database = database;
        this.clock = clock;
        this.table = table;
        this.historyDays = historyDays;
    }

    /**
     * Deletes up to {@code limit} unclaimed sessions of any app that expired before {@code beforeMs}
     * (database time), with their history rows.
     *
     * @return the number deleted
     */
    public int deleteExpiredBefore(Dialect dialect, long beforeMs, int limit) {
        return database.run("delete expired sessions", null, c -> {
            clock.sampleIfDue(c, dialect);
            return dialect.deleteExpiredBefore(c, beforeMs, clock.now(), limit, historyDays > 0);
        });
    }

    /**
     * Deletes every unclaimed session of any app that expired before {@code beforeMs} (database time), in batches of
     * {@value #BATCH}, with their history rows.
     *
     * @return the number deleted
     */
    public int purge(Dialect dialect, long beforeMs) {
        int total = 0;
        int deleted;
        do {
            deleted = deleteExpiredBefore(dialect, beforeMs, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    /**
     * Deletes up to {@value #BATCH} history rows of any app older than {@code historyDays} (all of them
     * when {@code historyDays} is 0: none are kept), then rolls up the days of history that are over when
     * one may be due ({@link HistoryRollup}: at most one check a day unless an unswept session holds it back).
     * Until the tables are known to have planner statistics, it first gives them some if they have sessions
     * and never had any ({@link Dialect#analyzeIfNeverAnalyzed}: one check per cycle while the table is empty,
     * then none).
     *
     * @return the number of history rows deleted
     */
    public int pruneHistory(Dialect dialect) {
        if (!statisticsKnown) {
            statisticsKnown = database.run("analyze new tables", null, dialect::analyzeIfNeverAnalyzed);
        }
        int pruned = database.run("prune history", null, c -> {
            clock.sampleIfDue(c, dialect);
            return dialect.pruneHistory(c, clock.now() - historyDays * DAY_MS, BATCH);
        });
        if (clock.now() >= nextRollupMs) {
            rollUpHistory(dialect);
        }
        return pruned;
    }

    /**
     * Rolls up the days of history that are over and not rolled up yet, whether due or not.
     *
     * @return what it did
     */
    public HistoryRollup.Outcome rollUpHistory(Dialect dialect) {
        HistoryRollup r = rollup;
        if (r == null) {
            r = new HistoryRollup(dialect.name(), table);
            rollup = r;
        }
        HistoryRollup use = r;
        HistoryRollup.Outcome outcome = database.run("roll up history", null, c -> use.rollUp(c, clock.now()));
        nextRollupMs = outcome.nextCheckMs();
        return outcome;
    }
}
