package io.sessiondb.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.admin.AdminRows.Row;
import io.sessiondb.core.internal.Dialects;
import io.sessiondb.core.internal.SchemaInfo;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The guarantees of {@link SessionAdmin}, run against a real database by one subclass per dialect. The
 * rows are written with plain SQL as schema version 3 lays them out. Each class has its own table, each
 * test its own apps (a prefix), so no test sees another's rows; the statistics of every app use a table
 * of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractSessionAdminContractTest {

    private static final long MINUTE_MS = 60_000;
    private static final HexFormat HEX = HexFormat.of();

    protected String table;
    private SessionAdmin admin;
    /** Unique per test: apps are {@code prefix + "a"}, {@code prefix + "b"}. */
    private String prefix;

    /** @return a config of this dialect's test database on {@code table}, without appName */
    protected abstract SessiondbConfig config(String table);

    /** @return a plain connection to this dialect's test database */
    protected abstract Connection connect() throws SQLException;

    @BeforeAll
    void createTables() {
        table = TestDatabase.uniqueTable("opsadmin_" + getClass().getSimpleName());
        admin = SessionAdmin.start(config(table));
    }

    @AfterAll
    void dropTables() throws SQLException {
        admin.close();
        try (Connection c = connect()) {
            AdminRows.drop(c, table);
        }
    }

    @BeforeEach
    void newApps(TestInfo info) {
        prefix = info.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
    }

    private String app(String suffix) {
        return prefix + suffix;
    }

    private void insert(Row... rows) throws SQLException {
        try (Connection c = connect()) {
            AdminRows.insert(c, table, List.of(rows));
        }
    }

    private static String shortId(Row row) {
        return HEX.formatHex(row.digest(), 0, 8);
    }

    private static Set<String> ids(SessionPage page) {
        Set<String> ids = new HashSet<>();
        page.sessions().forEach(s -> ids.add(s.app() + "/" + s.id()));
        return ids;
    }

    private static String key(Row row) {
        return row.app() + "/" + shortId(row);
    }

    /**
     * Keyset pagination under concurrent writes. What must hold, for a walk through every page: no session
     * is listed twice; every session that existed unrevoked for the whole walk, with its last access
     * unchanged, is listed (once); the listing is in order (last access descending, then app, then id).
     * Sessions created or revoked during the walk may or may not be listed. 2,500 sessions of one principal
     * in two apps, 40 distinct access times so that ties cross page boundaries, pages of 100; between two
     * pages other threads insert sessions of that principal with access times inside the walked range and
     * revoke some of those and some of the 2,500 (not counted as must-appear).
     */
    @Test
    void pagesWalkEverySessionOnceWhileSessionsAreCreatedAndRevoked() throws Exception {
        walkUnderConcurrentWrites(null);
    }

    /** The same walk within one app (the one-app query and index). */
    @Test
    void pagesWalkEverySessionOnceInOneApp() throws Exception {
        walkUnderConcurrentWrites(app("a"));
    }

    private void walkUnderConcurrentWrites(String inApp) throws Exception {
        String principal = "walker-" + prefix;
        long base = System.currentTimeMillis() - 40 * MINUTE_MS;
        List<Row> stable = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            String app = inApp != null || i % 2 == 0 ? app("a") : app("b");
            stable.add(AdminRows.session(app, principal, base + (i % 40) * MINUTE_MS));
        }
        insert(stable.toArray(Row[]::new));
        List<Row> toRevoke = new ArrayList<>(stable.subList(0, 200));
        Set<String> revokedStable = ConcurrentHashMap.newKeySet();
        List<Row> created = new CopyOnWriteArrayList<>();
        AtomicInteger revokedCreated = new AtomicInteger();
        AtomicBoolean walking = new AtomicBoolean(true);
        AtomicInteger pagesDone = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> creator = pool.submit(() -> {
                try (Connection c = connect()) {
                    while (walking.get()) {
                        String app = inApp != null || ThreadLocalRandom.current().nextBoolean() ? app("a") : app("b");
                        Row row = AdminRows.session(app, principal, base + ThreadLocalRandom.current().nextInt(40) * MINUTE_MS);
                        AdminRows.insert(c, table, row);
                        created.add(row);
                    }
                }
                return null;
            });
            Future<?> revoker = pool.submit(() -> {
                int next = 0;
                while (walking.get()) {
                    if (!created.isEmpty()) {
                        Row victim = created.get(ThreadLocalRandom.current().nextInt(created.size()));
                        revokedCreated.addAndGet(admin.revoke(shortId(victim)));
                    }
                    if (next < toRevoke.size()) {
                        Row victim = toRevoke.get(next++);
                        revokedStable.add(key(victim));
                        admin.revoke(shortId(victim));
                    }
                }
                return null;
            });

            List<SessionInfo> walked = new ArrayList<>();
            SessionQuery query = SessionQuery.principal(principal).limit(100);
            if (inApp != null) {
                query = query.inApp(inApp);
            }
            String cursor = null;
            do {
                SessionPage page = admin.sessions(query.after(cursor));
                walked.addAll(page.sessions());
                cursor = page.next();
                int before = created.size();
                int revokedBefore = revokedStable.size();
                pagesDone.incrementAndGet();
                // Let the other threads write between every two pages.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while ((created.size() < before + 3 || revokedStable.size() <= revokedBefore
                        && revokedStable.size() < toRevoke.size()) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            } while (cursor != null);
            walking.set(false);
            creator.get(30, TimeUnit.SECONDS);
            revoker.get(30, TimeUnit.SECONDS);

            assertTrue(pagesDone.get() >= 25, "2,500 sessions in pages of 100: " + pagesDone.get() + " pages");
            assertTrue(created.size() >= 3 * 25, "sessions were created during the walk: " + created.size());
            assertTrue(revokedStable.size() >= 25 && revokedCreated.get() > 0, "sessions were revoked during the walk: "
                    + revokedStable.size() + " of the 2,500, " + revokedCreated.get() + " created ones");
            Set<String> seen = new HashSet<>();
            for (SessionInfo s : walked) {
                assertTrue(seen.add(s.app() + "/" + s.id()), "listed twice: " + s);
                assertEquals(principal, s.principal());
            }
            Comparator<SessionInfo> order = Comparator.comparing(SessionInfo::lastAccess).reversed()
                    .thenComparing(SessionInfo::app).thenComparing(SessionInfo::id);
            for (int i = 1; i < walked.size(); i++) {
                assertTrue(order.compare(walked.get(i - 1), walked.get(i)) < 0,
                        "out of order at " + i + ": " + walked.get(i - 1) + " then " + walked.get(i));
            }
            List<String> missing = new ArrayList<>();
            for (Row row : stable) {
                if (!revokedStable.contains(key(row)) && !seen.contains(key(row))) {
                    missing.add(key(row));
                }
            }
            assertTrue(missing.isEmpty(), missing.size() + " sessions that existed for the whole walk were not listed,"
                    + " e.g. " + missing.stream().limit(3).toList());
        } finally {
            walking.set(false);
            pool.shutdownNow();
        }
    }

    @Test
    void listsByIndexedAttributeThroughIndexRows() throws SQLException {
        long now = System.currentTimeMillis();
        Row a1 = AdminRows.session(app("a"), "ann", now - 1_000);
        Row a2 = AdminRows.session(app("a"), "bob", now - 2_000);
        Row b1 = AdminRows.session(app("b"), null, now - 3_000);
        Row other = AdminRows.session(app("a"), "cid", now - 4_000);
        insert(a1, a2, b1, other);
        try (Connection c = connect()) {
            AdminRows.index(c, table, a1, "tenant", "7");
            AdminRows.index(c, table, a2, "tenant", "7");
            AdminRows.index(c, table, b1, "tenant", "7");
            AdminRows.index(c, table, other, "tenant", "8");
            AdminRows.index(c, table, other, "sandbox", "7");
        }

        SessionQuery tenant7 = SessionQuery.attribute("tenant", "7");
        // Every app shares the table: other tests' rows have other tenants' values only by their own prefix.
        SessionPage first = admin.sessions(tenant7.inApp(app("a")).limit(1));
        assertEquals(List.of(shortId(a1)), first.sessions().stream().map(SessionInfo::id).toList());
        assertNotNull(first.next());
        SessionPage second = admin.sessions(tenant7.inApp(app("a")).limit(1).after(first.next()));
        assertEquals(List.of(shortId(a2)), second.sessions().stream().map(SessionInfo::id).toList());
        assertNull(second.next(), "two sessions in pages of one: the second page is the last");

        SessionPage inB = admin.sessions(tenant7.inApp(app("b")));
        assertEquals(Set.of(key(b1)), ids(inB));
        assertNull(inB.sessions().get(0).principal(), "a session without a principal is listed by attribute too");

        assertEquals(Set.of(key(other)), ids(admin.sessions(SessionQuery.attribute("tenant", "8").inApp(app("a")))));
        assertEquals(Set.of(key(other)), ids(admin.sessions(SessionQuery.attribute("sandbox", "7").inApp(app("a")))),
                "the name matters, not only the value");
    }

    @Test
    void listsOneAppOrAllAndExpiredOnlyWhenAsked() throws SQLException {
        long now = System.currentTimeMillis();
        String principal = "alice-" + prefix;
        Row active = new Row(app("a"), AdminRows.randomDigest(), principal, now - 50_000, now - 1_000, now + 600_000,
                null, "203.0.113.9", "Mozilla/5.0 (iPhone)", "mobile", "node-1", "node-2", 3, 1234L);
        Row never = new Row(app("b"), AdminRows.randomDigest(), principal, now - 50_000, now - 2_000, null,
                null, null, null, null, null, "node-3", 1, 10L);
        Row expired = AdminRows.session(app("a"), principal, now - 3_600_000 * 2);
        Row revoked = AdminRows.session(app("b"), principal, now - 4_000).revoked(now - 500);
        Row old = new Row(app("a"), AdminRows.randomDigest(), principal, now - 50_000, now - 5_000, now + 600_000,
                null, null, null, null, null, "node-1", null, null);
        insert(active, never, expired, revoked, old);
        try (Connection c = connect()) {
            AdminRows.attribute(c, table, old, "x", 100);
            AdminRows.attribute(c, table, old, "y", 23);
        }

        SessionPage all = admin.sessions(SessionQuery.principal(principal));
        assertEquals(List.of(shortId(active), shortId(never), shortId(revoked), shortId(old)),
                all.sessions().stream().map(SessionInfo::id).toList(),
                "active and revoked sessions of every app, newest first; not the expired one");
        assertNull(all.next());

        SessionInfo a = all.sessions().get(0);
        assertEquals(new SessionInfo(shortId(active), app("a"), principal, Instant.ofEpochMilli(now - 50_000),
                Instant.ofEpochMilli(now - 1_000), Instant.ofEpochMilli(now + 600_000), SessionInfo.Status.ACTIVE,
                "203.0.113.9", "Mozilla/5.0 (iPhone)", "mobile", "node-1", "node-2", 3, 1234), a);
        SessionInfo n = all.sessions().get(1);
        assertNull(n.expires(), "a session that never expires has no expiry");
        assertEquals(SessionInfo.Status.ACTIVE, n.status());
        assertEquals(SessionInfo.Status.REVOKED, all.sessions().get(2).status());
        SessionInfo o = all.sessions().get(3);
        assertEquals(2, o.attributes(), "a row without the counts (older schema) is counted from its attribute rows");
        assertEquals(123, o.bytes());

        SessionPage withExpired = admin.sessions(SessionQuery.principal(principal).includingExpired());
        assertEquals(5, withExpired.sessions().size());
        SessionInfo e = withExpired.sessions().get(4);
        assertEquals(shortId(expired), e.id());
        assertEquals(SessionInfo.Status.EXPIRED, e.status());

        assertEquals(Set.of(key(active), key(old)), ids(admin.sessions(SessionQuery.principal(principal).inApp(app("a")))));
        assertEquals(Set.of(key(active), key(old), key(expired)),
                ids(admin.sessions(SessionQuery.principal(principal).inApp(app("a")).includingExpired())));
        assertTrue(admin.sessions(SessionQuery.principal(principal).inApp(app("c"))).sessions().isEmpty());
    }

    @Test
    void malformedCursorIsRejectedNamingIt() {
        for (String bad : List.of("not base64!", "bm8tYmFycw", "MTIzfGFwcHx6eg")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> admin.sessions(SessionQuery.principal("p").after(bad)), bad);
            assertTrue(e.getMessage().contains("cursor '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void revokePrincipalAttributeAndAppCountOnceAndDeleteNothing() throws SQLException {
        long now = System.currentTimeMillis();
        Row p1 = AdminRows.session(app("a"), "pat", now);
        Row p2 = AdminRows.session(app("b"), "pat", now);
        Row p3 = AdminRows.session(app("b"), "pat", now).revoked(now - 1_000);
        Row t1 = AdminRows.session(app("a"), "tom", now);
        Row t2 = AdminRows.session(app("b"), "tim", now);
        Row t3 = AdminRows.session(app("c"), "tam", now);
        Row c1 = AdminRows.session(app("c"), "cat", now);
        Row d1 = AdminRows.session(app("d"), "dan", now);
        Row d2 = AdminRows.session(app("d"), null, now);
        insert(p1, p2, p3, t1, t2, t3, c1, d1, d2);
        String tenant = "tenant-" + prefix;
        try (Connection c = connect()) {
            AdminRows.index(c, table, t1, "tenant", tenant);
            AdminRows.index(c, table, t2, "tenant", tenant);
            AdminRows.index(c, table, t3, "tenant", tenant);
            AdminRows.index(c, table, c1, "tenant", "another");
        }
        long rowsBefore;
        try (Connection c = connect()) {
            rowsBefore = AdminRows.count(c, table);
        }

        assertEquals(1, admin.revokePrincipal(app("a"), "pat"), "one app");
        assertEquals(0, admin.revokePrincipal(app("a"), "pat"), "idempotent");
        assertEquals(1, admin.revokePrincipal(null, "pat"), "every app: only p2 is left unrevoked");
        assertEquals(0, admin.revokePrincipal(null, "pat"));

        assertEquals(1, admin.revokeAttribute(app("c"), "tenant", tenant), "one app");
        assertEquals(2, admin.revokeAttribute(null, "tenant", tenant), "every app: the two left");
        assertEquals(0, admin.revokeAttribute(null, "tenant", tenant));
        assertEquals(0, admin.revokeAttribute(null, "sandbox", tenant), "another name");

        assertEquals(2, admin.revokeApp(app("d")));
        assertEquals(0, admin.revokeApp(app("d")));

        long after = System.currentTimeMillis();
        try (Connection c = connect()) {
            assertEquals(rowsBefore, AdminRows.count(c, table), "revoking deletes nothing");
            for (Row r : List.of(p1, p2, t1, t2, t3, d1, d2)) {
                Long[] marks = AdminRows.revocation(c, table, r);
                assertTrue(marks[0] >= now && marks[0] <= after, "revoked_ms is the time of revocation");
                assertEquals(marks[0], marks[1], "expiry_ms is set to it: the session is expired from then on");
            }
            assertEquals(now - 1_000, AdminRows.revocation(c, table, p3)[0], "a revoked session keeps its first revocation");
            assertNull(AdminRows.revocation(c, table, c1)[0], "another tenant's session is not revoked");
        }
        assertEquals(SessionInfo.Status.REVOKED, admin.sessions(SessionQuery.principal("dan").inApp(app("d")))
                .sessions().get(0).status(), "revoked sessions are listed until swept");
    }

    @Test
    void revokeByShortIdTakesExactlyOneSession() throws SQLException {
        long now = System.currentTimeMillis();
        Row one = AdminRows.session(app("a"), "sid", now);
        byte[] twinDigest = AdminRows.randomDigest();
        Row twinA = new Row(app("a"), twinDigest, "twin", now, now, now + 60_000, null, null, null, null, null, "n", 0, 0L);
        byte[] sibling = twinDigest.clone();
        sibling[31] ^= 1;
        Row twinB = new Row(app("b"), sibling, "twin", now, now, now + 60_000, null, null, null, null, null, "n", 0, 0L);
        insert(one, twinA, twinB);

        assertEquals(0, admin.revoke("00000000000000000000"), "unknown short id: nothing revoked");
        IllegalArgumentException ambiguous = assertThrows(IllegalArgumentException.class, () -> admin.revoke(shortId(twinA)));
        assertTrue(ambiguous.getMessage().contains("ambiguous") && ambiguous.getMessage().contains(shortId(twinA)),
                ambiguous.getMessage());
        try (Connection c = connect()) {
            assertNull(AdminRows.revocation(c, table, twinA)[0], "an ambiguous short id revokes none");
            assertNull(AdminRows.revocation(c, table, twinB)[0]);
        }
        assertEquals(1, admin.revoke(HEX.formatHex(sibling)), "the whole digest names one of the two");

        assertEquals(1, admin.revoke(shortId(one).toUpperCase(java.util.Locale.ROOT)));
        assertEquals(0, admin.revoke(shortId(one)), "idempotent");
        try (Connection c = connect()) {
            assertNotNull(AdminRows.revocation(c, table, one)[0]);
        }
        for (String bad : List.of("", "abc", "zz00000000000000", "0000000000000000000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> admin.revoke(bad), bad);
            assertTrue(e.getMessage().contains("short id '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void appsListsTheAppsOfSessionsAndHistory() throws SQLException {
        insert(AdminRows.session(app("a"), "x", System.currentTimeMillis()));
        try (Connection c = connect()) {
            AdminRows.history(c, table, app("h"), 1_000, 2_000, "expired");
        }
        List<String> apps = admin.apps();
        assertTrue(apps.containsAll(List.of(app("a"), app("h"))), apps.toString());
        assertEquals(apps.stream().sorted().toList(), apps, "sorted");
        assertEquals(apps.size(), new HashSet<>(apps).size(), "each once");
    }

    /**
     * Statistics against values computed by hand, on a table of their own so that every-app figures are
     * exact: sessions of two apps with known creation days, client types, nodes, sizes and states, and
     * history rows with known creation days and durations.
     */
    @Test
    void statisticsMatchHandComputedValues() throws SQLException {
        onOwnTable("opsadmin_stats", (stats, c, statsTable) -> {
                long now = System.currentTimeMillis();
                LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC);
                long todayMs = today.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                long day = 86_400_000L;
                List<Row> rows = new ArrayList<>();
                // app s1: 4 active (desktop n1 x2, mobile n2, none captured n1), 1 expired, 1 revoked
                rows.add(row("s1", "u1", todayMs + 1_000, now, now + 600_000, null, "desktop", "n1", 100L));
                rows.add(row("s1", "u1", todayMs - day + 5, now, null, null, "desktop", "n1", 200L));
                rows.add(row("s1", "u2", todayMs - 10 * day, now, now + 600_000, null, "mobile", "n2", 300L));
                rows.add(row("s1", null, todayMs - 40 * day, now, now + 600_000, null, null, "n1", 400L));
                rows.add(row("s1", "u3", todayMs - 2 * day, now - 7_200_000, now - 3_600_000, null, "tablet", "n2", 500L));
                rows.add(row("s1", "u4", todayMs, now, now, now, "bot", "n3", null));
                // app s2: 2 active, created 100 days ago (outside every period)
                rows.add(row("s2", "u1", todayMs - 100 * day, now, now + 600_000, null, "desktop", "n9", 1_000L));
                rows.add(row("s2", "u5", todayMs - 100 * day, now, now + 600_000, null, "other", "n9", 2_000L));
                AdminRows.insert(c, statsTable, rows);
                // history of s1: durations 10, 20, ..., 200 s (20 rows), created today; one of s2: 1000 s, 3 days ago
                for (int i = 1; i <= 20; i++) {
                    AdminRows.history(c, statsTable, "s1", todayMs + i, todayMs + i + i * 10_000L, "expired");
                }
                AdminRows.history(c, statsTable, "s2", todayMs - 3 * day, todayMs - 3 * day + 1_000_000, "invalidated");

                SessionStatistics s1 = stats.statistics("s1");
                assertEquals(6, s1.sessions());
                assertEquals(4, s1.active());
                assertEquals(2, s1.expiredPending(), "one expired, one revoked");
                assertEquals(2, s1.principals(), "u1 and u2 among the active; null is no principal");
                assertEquals(Map.of("desktop", 2L, "mobile", 1L, "unknown", 1L), s1.byClientType());
                assertEquals(Map.of("n1", 3L, "n2", 1L), s1.byNode());
                Map<LocalDate, Long> days = new HashMap<>();
                days.put(today, 1L + 1 + 20);          // s1 row 1, the revoked one, 20 history rows
                days.put(today.minusDays(1), 1L);
                days.put(today.minusDays(2), 1L);
                days.put(today.minusDays(10), 1L);
                assertEquals(30, s1.createdPerDay().size());
                assertEquals(today.minusDays(29), s1.createdPerDay().get(0).day());
                for (SessionStatistics.DayCount d : s1.createdPerDay()) {
                    assertEquals(days.getOrDefault(d.day(), 0L), d.count(), "created on " + d.day());
                }
                assertEquals(12, s1.createdPerWeek().size());
                LocalDate monday = today.with(java.time.DayOfWeek.MONDAY);
                assertEquals(monday, s1.createdPerWeek().get(11).day());
                assertEquals(monday.minusWeeks(11), s1.createdPerWeek().get(0).day());
                Map<LocalDate, Long> weeks = new HashMap<>();
                days.put(today.minusDays(40), 1L);
                days.forEach((d, n) -> weeks.merge(d.with(java.time.DayOfWeek.MONDAY), n, Long::sum));
                for (SessionStatistics.DayCount w : s1.createdPerWeek()) {
                    assertEquals(weeks.getOrDefault(w.day(), 0L), w.count(), "created in the week of " + w.day());
                }
                assertEquals(20, s1.historyRows());
                assertEquals(105.0, s1.avgDurationSeconds(), 1e-9, "(10 + 200) / 2");
                assertEquals(100.0, s1.medianDurationSeconds(), 1e-9, "nearest rank: the 10th of 20");
                assertEquals(190.0, s1.p95DurationSeconds(), 1e-9, "nearest rank: the 19th of 20");
                assertEquals(300, s1.sizeP50(), "sizes 100..500: the 3rd of 5 (the row without a size is left out)");
                assertEquals(500, s1.sizeP95(), "the 5th of 5");
                assertEquals(500, s1.sizeMax());

                SessionStatistics all = stats.statistics(null);
                assertEquals(8, all.sessions());
                assertEquals(6, all.active());
                assertEquals(3, all.principals(), "u1 (in both apps), u2, u5");
                assertEquals(Map.of("desktop", 3L, "mobile", 1L, "other", 1L, "unknown", 1L), all.byClientType());
                assertEquals(Map.of("n1", 3L, "n2", 1L, "n9", 2L), all.byNode());
                assertEquals(21, all.historyRows());
                assertEquals((2_100.0 + 1_000.0) / 21, all.avgDurationSeconds(), 1e-9);
                assertEquals(110.0, all.medianDurationSeconds(), 1e-9, "the 11th of 21");
                assertEquals(200.0, all.p95DurationSeconds(), 1e-9, "the 20th of 21");
                assertEquals(1_000.0, stats.statistics("s2").p95DurationSeconds(), 1e-9);
                assertEquals(400, all.sizeP50(), "sizes 100..500, 1000, 2000: the 4th of 7");
                assertEquals(2_000, all.sizeP95());
                assertEquals(2_000, all.sizeMax());
                long threeDaysAgo = all.createdPerDay().stream().filter(d -> d.day().equals(today.minusDays(3)))
                        .findFirst().orElseThrow().count();
                assertEquals(1, threeDaysAgo, "history rows of every app count");

                SessionStatistics none = stats.statistics("nothing-here");
                assertEquals(0, none.sessions());
                assertEquals(0, none.historyRows());
                assertEquals(0.0, none.medianDurationSeconds());
                assertEquals(0, none.sizeMax());
                assertEquals(30, none.createdPerDay().size());
        });
    }

    /**
     * One bucket of the size histogram whose sessions come in groups of every kind (client type, node,
     * state), a largest size that is a revoked session's, and a session without a size: each session is
     * counted once, in the counts and in the sizes, whatever its group (MariaDB and PostgreSQL count
     * groups and sizes in one grouped pass).
     */
    @Test
    void statisticsCountEverySizeOnceWhateverItsGroup() throws SQLException {
        onOwnTable("opsadmin_sizes", (stats, c, statsTable) -> {
                long now = System.currentTimeMillis();
                long created = now - MINUTE_MS;
                long later = now + 10 * MINUTE_MS;
                AdminRows.insert(c, statsTable, List.of(
                        row("z", "u1", created, now, later, null, "desktop", "n1", 10L),
                        row("z", "u2", created, now, later, null, "mobile", "n2", 20L),
                        // 1,000 to 1,002 bytes share one bucket (floor(ln(size) * 100) = 690), in three groups
                        row("z", "u1", created, now, later, null, "desktop", "n1", 1_000L),
                        row("z", "u3", created, now, later, null, "tablet", "n2", 1_001L),
                        row("z", "u4", created, now - 2 * MINUTE_MS, now - MINUTE_MS, null, "desktop", "n1", 1_002L),
                        row("z", "u5", created, now, now, now, "bot", "n3", 5_000L),
                        row("z", "u6", created, now, later, null, "other", "n1", null)));
                for (String app : new String[] {"z", null}) {
                    SessionStatistics z = stats.statistics(app);
                    assertEquals(7, z.sessions(), app);
                    assertEquals(5, z.active(), app);
                    assertEquals(4, z.principals(), "u1, u2, u3, u6 among the active");
                    assertEquals(Map.of("desktop", 2L, "mobile", 1L, "tablet", 1L, "other", 1L), z.byClientType());
                    assertEquals(Map.of("n1", 3L, "n2", 2L), z.byNode());
                    assertEquals(1_002, z.sizeP50(), "10, 20, 1000, 1001, 1002, 5000: the 3rd is 1000, whose bucket"
                            + " reports its largest, 1002 (counted once per session, not once per group)");
                    assertEquals(5_000, z.sizeP95(), "the 6th of 6");
                    assertEquals(5_000, z.sizeMax(), "a revoked session's size counts");
                }
        });
    }

    /** A statistics test on a table of its own: {@code SessionAdmin} on it, a connection; the table is dropped after. */
    private void onOwnTable(String prefix, OwnTableTest test) throws SQLException {
        String statsTable = TestDatabase.uniqueTable(prefix);
        try (SessionAdmin stats = SessionAdmin.start(config(statsTable)); Connection c = connect()) {
            test.run(stats, c, statsTable);
        } finally {
            try (Connection c = connect()) {
                AdminRows.drop(c, statsTable);
            }
        }
    }

    @FunctionalInterface
    private interface OwnTableTest {
        void run(SessionAdmin stats, Connection c, String statsTable) throws SQLException;
    }

    /**
     * A table left by the previous schema version (4) is upgraded at start, and the statistics of its
     * sessions, the distinct principals above all (read from the principal indexes on MariaDB from
     * version 5 on), are exact.
     */
    @Test
    void aVersion4TableIsUpgradedAndItsStatisticsAreExact() throws SQLException {
        String oldTable = TestDatabase.uniqueTable("opsadmin_v4");
        SessiondbConfig config = config(oldTable);
        String dialect = Dialects.forJdbcUrl(config.getJdbcUrl(), oldTable).name();
        long now = System.currentTimeMillis();
        long later = now + 10 * MINUTE_MS;
        try (Connection c = connect()) {
            AdminRows.createAtVersion(c, dialect, oldTable, SchemaInfo.CURRENT_VERSION - 1);
            AdminRows.insert(c, oldTable, List.of(
                    row("a", "u1", now, now, later, null, "desktop", "n1", 100L),
                    row("a", "u1", now, now, later, null, "mobile", "n1", 200L),
                    row("a", "u2", now, now - 2 * MINUTE_MS, now - MINUTE_MS, null, "desktop", "n1", 300L),
                    row("a", "u3", now, now, now, now, "desktop", "n1", 400L),
                    row("a", null, now, now, later, null, "desktop", "n1", 500L),
                    row("b", "u1", now, now, later, null, "desktop", "n2", 600L),
                    row("b", "u4", now, now, null, null, "desktop", "n2", 700L)));
        }
        try (SessionAdmin upgraded = SessionAdmin.start(config); Connection c = connect()) {
            assertEquals(SchemaInfo.CURRENT_VERSION, AdminRows.schemaVersion(c, oldTable), "upgraded at start");
            checkUpgraded(c, oldTable);
            SessionStatistics a = upgraded.statistics("a");
            assertEquals(5, a.sessions());
            assertEquals(3, a.active());
            assertEquals(1, a.principals(), "u1 twice; u2 expired, u3 revoked, one without a principal");
            assertEquals(2, upgraded.statistics("b").principals(), "u1 and u4, whose session never expires");
            SessionStatistics all = upgraded.statistics(null);
            assertEquals(7, all.sessions());
            assertEquals(2, all.principals(), "u1 in both apps, u4");
            assertEquals(700, all.sizeMax());
        } finally {
            try (Connection c = connect()) {
                AdminRows.drop(c, oldTable);
            }
        }
    }

    /** Checks what a dialect's upgrade to the current version changed in {@code table}, beyond the statistics. */
    protected void checkUpgraded(Connection c, String table) throws SQLException {
    }

    private static Row row(String app, String principal, long createdMs, long lastAccessMs, Long expiryMs,
                           Long revokedMs, String clientType, String node, Long size) {
        return new Row(app, AdminRows.randomDigest(), principal, createdMs, lastAccessMs, expiryMs, revokedMs, null, null,
                clientType, node, node, 1, size);
    }

    @Test
    void startNeedsNoAppNameAndOfNeedsTheTables() {
        SessiondbConfig config = config(table);
        assertNull(config.getAppName());
        insertQuietly(AdminRows.session(app("a"), "x", System.currentTimeMillis()));
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(config.getJdbcUrl());
            try (SessionAdmin other = SessionAdmin.of(dataSource, table)) {
                assertTrue(other.apps().contains(app("a")));
            }
            assertFalse(dataSource.isClosed(), "a DataSource handed in is left open");
            String missing = TestDatabase.uniqueTable("opsadmin_missing");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SessionAdmin.of(dataSource, missing));
            assertTrue(e.getMessage().contains(missing) && e.getMessage().contains("createSchema"), e.getMessage());
        }
        SessiondbConfig noUrl = new SessiondbConfig();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SessionAdmin.start(noUrl));
        assertTrue(e.getMessage().contains("jdbcUrl or dataSource"), e.getMessage());
    }

    private void insertQuietly(Row row) {
        try {
            insert(row);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
