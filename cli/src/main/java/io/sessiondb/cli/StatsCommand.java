package io.sessiondb.cli;

import io.sessiondb.core.admin.SessionAdmin;
import io.sessiondb.core.admin.SessionStatistics;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code stats}: totals, sessions by client type and node, sessions created per day and week, durations. */
@Command(name = "stats", description = "Counts over the session table and its history (of --app, or of every app).")
final class StatsCommand extends AdminCommand {

    @Override
    int run(SessionAdmin admin, Output output) {
        SessionStatistics stats = admin.statistics(options().app());
        if (output.json()) {
            output.printJson(Stats.of(stats));
            return SessiondbCli.OK;
        }
        output.line("sessiondb statistics of " + (options().app() == null ? "every app" : "app " + options().app())
                + " in " + options().table());
        output.table(new Table("WHAT", "#VALUE")
                .row("sessions", stats.sessions())
                .row("active", stats.active())
                .row("active principals", stats.principals())
                .row("expired or revoked, not yet swept", stats.expiredPending())
                .row("history rows", stats.historyRows())
                .row("duration avg (s)", round(stats.avgDurationSeconds()))
                .row("duration median (s)", round(stats.medianDurationSeconds()))
                .row("duration p95 (s)", round(stats.p95DurationSeconds()))
                .row("size p50 (bytes)", stats.sizeP50())
                .row("size p95 (bytes)", stats.sizeP95())
                .row("size max (bytes)", stats.sizeMax()));
        counts(output, "CLIENT TYPE", stats.byClientType());
        counts(output, "NODE", stats.byNode());
        days(output, "CREATED ON (UTC day)", stats.createdPerDay());
        days(output, "CREATED IN WEEK OF", stats.createdPerWeek());
        return SessiondbCli.OK;
    }

    private static void counts(Output output, String what, Map<String, Long> counts) {
        Table table = new Table(what, "#ACTIVE");
        counts.forEach(table::row);
        output.line("");
        output.table(table);
    }

    private static void days(Output output, String what, List<SessionStatistics.DayCount> days) {
        Table table = new Table(what, "#SESSIONS");
        days.forEach(d -> table.row(d.day(), d.count()));
        output.line("");
        output.table(table);
    }

    private static String round(double seconds) {
        return String.format(java.util.Locale.ROOT, "%.1f", seconds);
    }

    /** The JSON of {@code stats}; field names are a contract (issue 14). */
    record Stats(long sessions, long active, long principals, Map<String, Long> byClientType, Map<String, Long> byNode,
                 List<Day> createdPerDay, List<Day> createdPerWeek, double avgDurationSeconds,
                 double medianDurationSeconds, double p95DurationSeconds, long sizeP50Bytes, long sizeP95Bytes,
                 long sizeMaxBytes, long expiredPending, long historyRows) {

        static Stats of(SessionStatistics s) {
            return new Stats(s.sessions(), s.active(), s.principals(), s.byClientType(), s.byNode(),
                    Day.of(s.createdPerDay()), Day.of(s.createdPerWeek()), s.avgDurationSeconds(),
                    s.medianDurationSeconds(), s.p95DurationSeconds(), s.sizeP50(), s.sizeP95(), s.sizeMax(),
                    s.expiredPending(), s.historyRows());
        }
    }

    /** A day (ISO date, UTC) and the sessions created on it, or in the week starting on it. */
    record Day(String day, long count) {
        static List<Day> of(List<SessionStatistics.DayCount> days) {
            return days.stream().map(d -> new Day(d.day().toString(), d.count())).toList();
        }
    }
}
