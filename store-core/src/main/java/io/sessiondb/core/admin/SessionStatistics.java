package io.sessiondb.core.admin;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts over the session table and its history, for one app or all.
 *
 * <p>Percentiles are nearest-rank: the p-th is the smallest value that p percent of the values do not
 * exceed; 0 when there are no values.
 *
 * @param sessions              stored sessions (active, expired not yet swept, revoked not yet swept)
 * @param active                sessions neither expired nor revoked
 * @param principals            distinct principals of the active sessions
 * @param byClientType          active sessions by client type (desktop, mobile, tablet, bot, other, unknown)
 * @param byNode                active sessions by the node that wrote them last
 * @param createdPerDay         sessions created per UTC day, the last 30 days, oldest first, days with none included
 * @param createdPerWeek        sessions created per ISO week (keyed by its Monday), the last 12 weeks, oldest first
 * @param avgDurationSeconds    mean duration of the ended sessions in the history, or 0 when there are none
 * @param medianDurationSeconds median duration of the ended sessions
 * @param p95DurationSeconds    95th percentile duration of the ended sessions
 * @param sizeP50               median serialized size of the stored sessions, bytes (sessions saved before
 *                              schema version 3 record no size and are left out until their next save)
 * @param sizeP95               95th percentile size, bytes
 * @param sizeMax               largest size, bytes
 * @param expiredPending        sessions expired or revoked and not yet swept (a stopped sweeper shows here)
 * @param historyRows           rows in the history table
 */
public record SessionStatistics(long sessions, long active, long principals, Map<String, Long> byClientType,
                                Map<String, Long> byNode, List<DayCount> createdPerDay, List<DayCount> createdPerWeek,
                                double avgDurationSeconds, double medianDurationSeconds, double p95DurationSeconds,
                                long sizeP50, long sizeP95, long sizeMax, long expiredPending, long historyRows) {

    /** Copies the maps (sorted by key) and lists, unmodifiable. */
    public SessionStatistics {
        byClientType = Collections.unmodifiableMap(new TreeMap<>(byClientType));
        byNode = Collections.unmodifiableMap(new TreeMap<>(byNode));
        createdPerDay = List.copyOf(createdPerDay);
        createdPerWeek = List.copyOf(createdPerWeek);
    }

    /** Sessions created on a day, or in the ISO week that starts on that Monday. */
    public record DayCount(LocalDate day, long count) {
    }
}
