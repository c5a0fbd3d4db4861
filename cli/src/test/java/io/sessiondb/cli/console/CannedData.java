package io.sessiondb.cli.console;

import io.sessiondb.core.admin.SessionInfo;
import io.sessiondb.core.admin.SessionStatistics;
import io.sessiondb.core.admin.SessionStatistics.DayCount;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Canned admin records for the pure rendering tests (the HTTP and browser tests use a real database). */
final class CannedData {

    static final String HOSTILE = "<script>alert(1)</script>";

    private CannedData() {
    }

    static SessionStatistics statistics(long active, Map<String, Long> byClientType, Map<String, Long> byNode) {
        List<DayCount> days = new ArrayList<>();
        for (int i = 29; i >= 0; i--) {
            days.add(new DayCount(LocalDate.of(2026, 12, 3).minusDays(i), i % 5));
        }
        List<DayCount> weeks = new ArrayList<>();
        for (int i = 11; i >= 0; i--) {
            weeks.add(new DayCount(LocalDate.of(2026, 11, 30).minusWeeks(i), 10 + i));
        }
        return new SessionStatistics(active + 3, active, 2, byClientType, byNode, days, weeks,
                600, 300, 3600, 2048, 4096, 9000, 3, 17);
    }

    static SessionInfo session(String shortId, String principal, SessionInfo.Status status) {
        return new SessionInfo(shortId, "shop", principal, Instant.parse("2026-12-03T10:00:00Z"),
                Instant.parse("2026-12-03T10:05:00Z"), Instant.parse("2026-12-03T10:35:00Z"), status, "10.0.0.7",
                "Mozilla/5.0 (X11; Linux x86_64) " + HOSTILE, "desktop", "node-a", "node-b", 3, 1234);
    }
}
