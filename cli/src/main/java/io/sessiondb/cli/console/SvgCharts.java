package io.sessiondb.cli.console;

import java.util.List;
import java.util.Locale;

/**
 * Bar charts as inline SVG, drawn on the server: no chart library, no script. Colours come from
 * console.css (classes {@code bar}, {@code axis}, {@code label}); the exact count of every bar is in its
 * {@code <title>} (a tooltip) and in a text label.
 */
final class SvgCharts {

    /** One bar: its label and its value. */
    record Bar(String label, long value) {
    }

    private static final int COLUMN_HEIGHT = 160;
    private static final int COLUMN_LABEL_SPACE = 36;
    private static final int ROW_HEIGHT = 22;
    private static final int ROW_LABEL_WIDTH = 150;
    private static final int ROW_BAR_WIDTH = 300;

    private SvgCharts() {
    }

    /**
     * Vertical bars, left to right (a time series). The last bar and every {@code labelEvery}-th one before it
     * are labelled under the axis.
     *
     * @param title accessible name of the chart
     */
    static String columns(String title, List<Bar> bars, int labelEvery) {
        int barWidth = bars.size() > 20 ? 16 : 32;
        int gap = 4;
        int width = Math.max(1, bars.size()) * (barWidth + gap) + gap + 16; // 16: room for the newest bar's label
        int height = COLUMN_HEIGHT + COLUMN_LABEL_SPACE;
        long max = max(bars);
        StringBuilder svg = open(title, width, height);
        svg.append(line(0, COLUMN_HEIGHT, width, COLUMN_HEIGHT));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int x = gap + i * (barWidth + gap);
            int h = scaled(bar.value(), max, COLUMN_HEIGHT - 16);
            svg.append("<g><title>").append(Html.text(bar.label())).append(": ").append(bar.value()).append("</title>")
                    .append(rect(x, COLUMN_HEIGHT - h, barWidth, h));
            if (bar.value() > 0) {
                svg.append(text(x + barWidth / 2.0, COLUMN_HEIGHT - h - 3, "value", Long.toString(bar.value())));
            }
            svg.append("</g>");
            if ((bars.size() - 1 - i) % labelEvery == 0) { // counted from the newest bar, which is always labelled
                svg.append(text(x + barWidth / 2.0, COLUMN_HEIGHT + 14, "label", bar.label()));
            }
        }
        return svg.append("</svg>").toString();
    }

    /**
     * Horizontal bars, top to bottom, in the order given (a breakdown).
     *
     * @param title accessible name of the chart
     */
    static String rows(String title, List<Bar> bars) {
        if (bars.isEmpty()) {
            return "<p class=\"empty\">No active sessions.</p>";
        }
        int width = ROW_LABEL_WIDTH + ROW_BAR_WIDTH + 70;
        int height = bars.size() * ROW_HEIGHT + 4;
        long max = max(bars);
        StringBuilder svg = open(title, width, height);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 2 + i * ROW_HEIGHT;
            int w = scaled(bar.value(), max, ROW_BAR_WIDTH);
            svg.append("<g><title>").append(Html.text(bar.label())).append(": ").append(bar.value()).append("</title>")
                    .append(text(ROW_LABEL_WIDTH - 6, y + 15, "label end", shorten(bar.label())))
                    .append(rect(ROW_LABEL_WIDTH, y + 2, w, ROW_HEIGHT - 6))
                    .append(text(ROW_LABEL_WIDTH + w + 6, y + 15, "value start", Long.toString(bar.value())))
                    .append("</g>");
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title, int width, int height) {
        return new StringBuilder(2048).append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"")
                .append(" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" aria-label=\"").append(Html.text(title)).append("\">");
    }

    private static long max(List<Bar> bars) {
        return bars.stream().mapToLong(Bar::value).max().orElse(0);
    }

    private static int scaled(long value, long max, int full) {
        if (value <= 0 || max <= 0) {
            return 0;
        }
        return Math.max(1, (int) Math.round((double) value * full / max));
    }

    private static String rect(int x, int y, int width, int height) {
        return "<rect class=\"bar\" x=\"" + x + "\" y=\"" + y + "\" width=\"" + width + "\" height=\"" + height + "\"/>";
    }

    private static String line(int x1, int y1, int x2, int y2) {
        return "<line class=\"axis\" x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\"/>";
    }

    private static String text(double x, int y, String cssClass, String content) {
        return "<text class=\"" + cssClass + "\" x=\"" + String.format(Locale.ROOT, "%.1f", x) + "\" y=\"" + y
                + "\">" + Html.text(content) + "</text>";
    }

    private static String shorten(String label) {
        return label.length() <= 22 ? label : label.substring(0, 21) + "…";
    }
}
