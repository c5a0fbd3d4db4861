package io.sessiondb.core.internal;

import java.util.List;
import java.util.Map;

/**
 * Statistics as the database returns them, before they are shaped into days and weeks.
 *
 * @param groups             stored sessions counted by client type, last node and whether active (a
 *                           combination may come in several groups, to be summed)
 * @param principals         distinct principals of the active sessions
 * @param createdPerEpochDay sessions created per UTC day (days since 1970-01-01), live and history rows together
 * @param historyRows        rows in the history table (of the app, or all)
 * @param avgDurationMs      mean duration of the history rows, 0 when there are none
 * @param durations          nearest-rank percentiles of the history rows' durations, milliseconds
 * @param sizes              nearest-rank percentiles of the stored sessions' sizes, bytes
 */
public record RawStatistics(List<Group> groups, long principals, Map<Long, Long> createdPerEpochDay, long historyRows,
                            double avgDurationMs, Percentiles durations, Percentiles sizes) {

    /** Stored sessions of one client type (null: not captured) last written by one node. */
    public record Group(String clientType, String node, boolean active, long count) {
    }

    /**
     * Nearest-rank percentiles: the p-th is the smallest value that at least p percent of the values do
     * not exceed. All 0 when there are no values.
     */
    public record Percentiles(long p50, long p95, long max) {

        /** No values. */
        public static final Percentiles NONE = new Percentiles(0, 0, 0);

        /** @return the 1-based rank of the nearest-rank {@code percent}-th percentile of {@code n} values */
        public static long rank(long n, int percent) {
            return Math.max(1, (n * percent + 99) / 100);
        }
    }
}
