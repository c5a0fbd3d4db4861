package io.sessiondb.cli.console;

import io.sessiondb.cli.console.SvgCharts.Bar;
import io.sessiondb.core.admin.SessionStatistics;
import io.sessiondb.core.admin.SessionStatistics.DayCount;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The overview page ({@code /}): totals, the app picker, the search form and the charts. */
final class OverviewPage {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);

    private OverviewPage() {
    }

    /**
     * @param apps  every app in the table, for the picker
     * @param app   the app shown, or {@code null} for every app
     * @param stats its statistics
     */
    static String render(List<String> apps, String app, SessionStatistics stats) {
        StringBuilder body = new StringBuilder(16384);
        body.append("<h1>Overview: ").append(app == null ? "every app" : Html.text(app)).append("</h1>\n");
        body.append(appPicker(apps, app));
        body.append(totals(stats));
        body.append(SessionsPage.searchForm(app == null ? SessionFilter.NONE
                : new SessionFilter(app, null, null, null, null)));
        body.append("<section class=\"charts\">\n");
        body.append(figure("Sessions created per day (UTC, last 30 days)",
                SvgCharts.columns("Sessions created per day", days(stats.createdPerDay()), 7)));
        body.append(figure("Sessions created per ISO week (last 12 weeks)",
                SvgCharts.columns("Sessions created per ISO week", weeks(stats.createdPerWeek()), 2)));
        body.append(figure("Active sessions by client type",
                SvgCharts.rows("Active sessions by client type", breakdown(stats.byClientType()))));
        body.append(figure("Active sessions by node (last writer)",
                SvgCharts.rows("Active sessions by node", breakdown(stats.byNode()))));
        body.append("</section>\n");
        return Html.page("Overview", body.toString());
    }

    private static String appPicker(List<String> apps, String app) {
        StringBuilder out = new StringBuilder("<p class=\"apps\">App: ");
        out.append(app == null ? "<strong>every app</strong>" : "<a href=\"./\">every app</a>");
        for (String a : apps) {
            out.append(" · ");
            if (a.equals(app)) {
                out.append("<strong>").append(Html.text(a)).append("</strong>");
            } else {
                out.append("<a href=\"./?app=").append(Html.text(Html.url(a))).append("\">").append(Html.text(a)).append("</a>");
            }
        }
        return out.append("</p>\n").toString();
    }

    private static String totals(SessionStatistics s) {
        return "<section class=\"totals\">\n"
                + total("Sessions stored", Long.toString(s.sessions()))
                + total("Active sessions", Long.toString(s.active()))
                + total("Active principals", Long.toString(s.principals()))
                + total("Expired, not yet swept", Long.toString(s.expiredPending()))
                + total("Ended sessions in history", Long.toString(s.historyRows()))
                + total("Duration: mean / median / p95", Html.duration(s.avgDurationSeconds()) + " / "
                        + Html.duration(s.medianDurationSeconds()) + " / " + Html.duration(s.p95DurationSeconds()))
                + total("Size: median / p95 / max", Html.bytes(s.sizeP50()) + " / " + Html.bytes(s.sizeP95())
                        + " / " + Html.bytes(s.sizeMax()))
                + "</section>\n";
    }

    private static String total(String label, String value) {
        return "<div class=\"total\"><span class=\"value\">" + Html.text(value) + "</span><span class=\"label\">"
                + Html.text(label) + "</span></div>\n";
    }

    private static String figure(String caption, String svg) {
        return "<figure>" + svg + "<figcaption>" + Html.text(caption) + "</figcaption></figure>\n";
    }

    private static List<Bar> days(List<DayCount> counts) {
        return counts.stream().map(c -> new Bar(DAY.format(c.day()), c.count())).toList();
    }

    private static List<Bar> weeks(List<DayCount> counts) {
        return counts.stream()
                .map(c -> new Bar("W" + c.day().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), c.count()))
                .toList();
    }

    /** Largest first; ties by name, so the chart does not reorder between loads. A null key (not captured) is "unknown". */
    private static List<Bar> breakdown(Map<String, Long> counts) {
        Map<String, Long> named = new TreeMap<>();
        counts.forEach((key, count) -> named.merge(key == null ? "unknown" : key, count, Long::sum));
        return named.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> new Bar(e.getKey(), e.getValue()))
                .toList();
    }
}
