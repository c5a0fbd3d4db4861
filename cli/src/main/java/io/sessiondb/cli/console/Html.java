package io.sessiondb.cli.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The console's only way to put text into a page: every value that comes from the database or a request
 * goes through {@link #text} (element content and quoted attribute values) or {@link #url} (a query
 * parameter), so a principal named {@code <script>alert(1)</script>} renders as text.
 */
final class Html {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** @return {@code value} escaped for HTML element content and double- or single-quoted attributes; "" for null */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    /** @return {@code value} encoded as a URL query parameter value (then still to be escaped with {@link #text}) */
    static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** @return {@code time} as {@code 2026-12-03 13:45:02} UTC, or "never" for null */
    static String time(Instant time) {
        return time == null ? "never" : TIME.format(time);
    }

    /** @return {@code bytes} as 512 B, 1.5 KiB, 2.0 MiB */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** @return {@code seconds} as 45 s, 12 min, 3.5 h */
    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    /**
     * A whole page: the layout, the navigation and {@code body} (already escaped HTML). Loads only the
     * console's own stylesheet and script, by relative URL, so the console also works under a path prefix
     * of a reverse proxy.
     */
    static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · sessiondb</title>
                <link rel="stylesheet" href="console.css">
                <script src="console.js" defer></script>
                </head>
                <body>
                <header><a class="brand" href="./">sessiondb</a>
                <nav><a href="./">Overview</a> <a href="sessions">Sessions</a> <a href="metrics">Metrics</a></nav></header>
                <main>
                %s
                </main>
                </body>
                </html>
                """.formatted(text(title), body);
    }
}
