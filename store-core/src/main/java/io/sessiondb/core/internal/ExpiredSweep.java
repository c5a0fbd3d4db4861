package io.sessiondb.core.internal;

/**
 * The sweep of sessions no node expires: expired and revoked sessions of any app that no node holds a
 * live claim on are deleted without listeners (their app is not deployed, their node is gone, or an
 * operator purges now), each with its history row in the same transaction; and history rows older
 * than {@code historyDays} are pruned. Bounded batches, so that one call never holds locks for long.
 * The one code path of {@code SessionRepository.deleteExpiredBefore}, the sweepers and
 * {@code SessionAdmin.purgeExpired}. Thread-safe.
 */
public final class ExpiredSweep {

    /** Sessions or history rows deleted per statement or transaction: {@value}. */
    public static final int BATCH = 1000;
    private static final long DAY_MS = 86_400_000L;

    private final Database database;
    private final int historyDays;

    /** @param historyDays days history rows are kept; 0: none are written */
    public ExpiredSweep(Database database, int historyDays) {
        this.database = database;
        this.historyDays = historyDays;
    }

    /**
     * Deletes up to {@code limit} unclaimed sessions of any app that expired before {@code beforeMs},
     * with their history rows.
     *
     * @return the number deleted
     */
    public int deleteExpiredBefore(Dialect dialect, long beforeMs, int limit) {
        long now = System.currentTimeMillis();
        return database.run("delete expired sessions", null,
                c -> dialect.deleteExpiredBefore(c, beforeMs, now, limit, historyDays > 0));
    }

    /**
     * Deletes every unclaimed session of any app that expired before {@code beforeMs}, in batches of
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
     * when {@code historyDays} is 0: none are kept).
     *
     * @return the number deleted
     */
    public int pruneHistory(Dialect dialect) {
        long before = System.currentTimeMillis() - historyDays * DAY_MS;
        return database.run("prune history", null, c -> dialect.pruneHistory(c, before, BATCH));
    }
}
