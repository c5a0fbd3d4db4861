package io.sessiondb.core.admin;

import io.sessiondb.core.internal.RawStatistics;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shapes what the database counted into {@link SessionStatistics}: the last {@value #DAYS} UTC days and
 * the last {@value #WEEKS} ISO weeks (Monday to Sunday, UTC), both ending with the current one and
 * including periods with no session, and the group counts into totals and maps.
 */
final class StatisticsShape {

    /** Days in {@link SessionStatistics#createdPerDay()}: {@value}. */
    static final int DAYS = 30;
    /** ISO weeks in {@link SessionStatistics#createdPerWeek()}: {@value}. */
    static final int WEEKS = 12;
    /** Key of the sessions whose client type was not captured. */
    static final String UNKNOWN = "unknown";

    private static final long DAY_MS = 86_400_000L;

    private StatisticsShape() {
    }

    /**
     * @return the start (epoch ms) of the first day whose creations are counted: midnight UTC of the Monday
     * that starts the oldest week shown, which is older than the oldest day shown
     */
    static long sinceMs(long nowMs) {
        return firstWeek(today(nowMs)).toEpochDay() * DAY_MS;
    }

    private static LocalDate today(long nowMs) {
        return LocalDate.ofEpochDay(Math.floorDiv(nowMs, DAY_MS));
    }

    private static LocalDate firstWeek(LocalDate today) {
        return today.with(DayOfWeek.MONDAY).minusWeeks(WEEKS - 1);
    }

    /** @param nowMs the time the counts were taken at, epoch ms */
    static SessionStatistics of(RawStatistics raw, long nowMs) {
        long sessions = 0;
        long active = 0;
        Map<String, Long> byClientType = new TreeMap<>();
        Map<String, Long> byNode = new TreeMap<>();
        for (RawStatistics.Group g : raw.groups()) {
            sessions += g.count();
            if (g.active()) {
                active += g.count();
                byClientType.merge(g.clientType() == null ? UNKNOWN : g.clientType(), g.count(), Long::sum);
                byNode.merge(g.node() == null ? UNKNOWN : g.node(), g.count(), Long::sum);
            }
        }
        LocalDate today = today(nowMs);
        List<SessionStatistics.DayCount> perDay = new ArrayList<>(DAYS);
        for (LocalDate day = today.minusDays(DAYS - 1); !day.isAfter(today); day = day.plusDays(1)) {
            perDay.add(new SessionStatistics.DayCount(day, raw.createdPerEpochDay().getOrDefault(day.toEpochDay(), 0L)));
        }
        List<SessionStatistics.DayCount> perWeek = new ArrayList<>(WEEKS);
        for (LocalDate monday = firstWeek(today); !monday.isAfter(today); monday = monday.plusWeeks(1)) {
            long count = 0;
            for (int d = 0; d < 7; d++) {
                count += raw.createdPerEpochDay().getOrDefault(monday.plusDays(d).toEpochDay(), 0L);
            }
            perWeek.add(new SessionStatistics.DayCount(monday, count));
        }
        RawStatistics.Percentiles durations = raw.durations();
        RawStatistics.Percentiles sizes = raw.sizes();
        return new SessionStatistics(sessions, active, raw.principals(), byClientType, byNode, perDay, perWeek,
                raw.avgDurationMs() / 1000.0, durations.p50() / 1000.0, durations.p95() / 1000.0,
                sizes.p50(), sizes.p95(), sizes.max(), sessions - active, raw.historyRows());
    }
}
