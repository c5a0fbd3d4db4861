package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessionLocking;
import io.sessiondb.core.SessionRepository;
import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.CountingDataSource;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import io.sessiondb.jetty.HttpProbe.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code lockingMode} on Jetty, the scenario of tomcat-store's {@code SessionLockIT}: two non-sticky
 * embedded nodes ({@link TestNode}), 24 concurrent increments of ONE counter of one session, half through
 * each node. With the lease every increment is kept; without it (printed, not asserted: a race) the last
 * write of the attribute wins and increments are lost. Requests not covered by {@code lockingUriPattern}
 * never wait; a lease held past {@code lockTimeoutMs} answers 503 without a new session. PostgreSQL,
 * MariaDB and SQLite.
 */
class JettySessionLockIT {

    private static final int INCREMENTS = 24;
    private static final String SECRET = "jetty-lock-secret-jetty-lock-secret";

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("postgresql"), Arguments.of("mariadb"), Arguments.of("sqlite"));
    }

    private static String url(String db) {
        return switch (db) {
            case "postgresql" -> TestDatabase.PG_URL;
            case "mariadb" -> TestDatabase.MARIADB_URL;
            default -> TestDatabase.sqliteUrl("jetty-session-lock");
        };
    }

    private static void drop(String db, String table) {
        switch (db) {
            case "postgresql" -> TestDatabase.dropTables(table);
            case "mariadb" -> TestDatabase.dropMariadbTables(table);
            default -> TestDatabase.dropSqliteTables(url(db), table);
        }
    }

    private static Consumer<SessiondbDataStoreFactory> config(String db, String table, String node,
                                                              Consumer<SessiondbDataStoreFactory> more) {
        return f -> {
            f.setJdbcUrl(url(db));
            f.setTableName(table);
            f.setMaxPoolSize(8);
            f.setNodeName(node);
            f.setIdSecret(SECRET);
            more.accept(f);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentIncrementsOfOneCounterOnTwoNodesAreAllKept(String db) throws Exception {
        int withoutLease = keptOf24(db, "none");
        int withLease = keptOf24(db, "all");
        System.out.printf("jetty-session-lock %s: %d of %d increments kept without the lease, %d of %d with it%n",
                db, withoutLease, INCREMENTS, withLease, INCREMENTS);
        assertEquals(INCREMENTS, withLease, "with lockingMode=all every increment is kept");
    }

    /**
     * Two nodes with {@code lockingMode}; one session, then 24 concurrent increments half through each node.
     * With a lease, each increment must see the one before it (24 distinct answers, the last 25).
     *
     * @return the increments of the 24 kept, as the final counter tells
     */
    private static int keptOf24(String db, String lockingMode) throws Exception {
        String table = TestDatabase.uniqueTable("jetty_lock");
        try (TestNode a = new TestNode("A", false, config(db, table, "A", f -> f.setLockingMode(lockingMode))).start();
             TestNode b = new TestNode("B", false, config(db, table, "B", f -> f.setLockingMode(lockingMode))).start()) {
            Client client = new Client();
            assertEquals("1", client.ok(a.port(), "/inc"));
            String cookie = "JSESSIONID=" + client.cookie();
            ExecutorService pool = Executors.newFixedThreadPool(INCREMENTS);
            List<Future<Reply>> replies = new ArrayList<>();
            TreeSet<Integer> answers = new TreeSet<>();
            try {
                for (int i = 0; i < INCREMENTS; i++) {
                    int port = (i % 2 == 0 ? a : b).port();
                    replies.add(pool.submit(() -> HttpProbe.get(port, "/inc", cookie)));
                }
                for (Future<Reply> future : replies) {
                    Reply reply = future.get();
                    assertEquals(200, reply.status(), reply.body());
                    assertNull(newSession(reply, client.cookie()), "no new session");
                    answers.add(Integer.parseInt(reply.body().trim()));
                }
            } finally {
                pool.shutdownNow();
            }
            int last = Integer.parseInt(client.ok(b.port(), "/counter").trim());
            if (!SessiondbConfig.LOCKING_NONE.equals(lockingMode)) {
                assertEquals(INCREMENTS, answers.size(), "every increment saw the one before it: " + answers);
                assertEquals(INCREMENTS + 1, answers.last());
            }
            return last - 1;
        } finally {
            drop(db, table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void onlyCoveredRequestsWaitAndALeaseHeldTooLongAnswers503(String db) throws Exception {
        String table = TestDatabase.uniqueTable("jetty_lock_uri");
        Consumer<SessiondbDataStoreFactory> config = config(db, table, "A", f -> {
            f.setLockingMode("uriPattern");
            f.setLockingUriPattern("/app/inc");
            f.setLockTimeoutMs(300);
        });
        try (TestNode a = new TestNode("A", false, config).start()) {
            Client client = new Client();
            assertEquals("1", client.ok(a.port(), "/inc"));
            String cookie = "JSESSIONID=" + client.cookie();
            try (SessionRepository holder = SessionRepository.start(holderConfig(db, table))) {
                SessionLocking.Lease lease = SessionLocking.of(holder).acquire(client.sessionId()); // another request holds it
                try {
                    long start = System.nanoTime();
                    Reply waited = HttpProbe.get(a.port(), "/inc", cookie);
                    long waitedMs = (System.nanoTime() - start) / 1_000_000;
                    assertEquals(503, waited.status(), "a covered request waits lockTimeoutMs, then 503: " + waited.body());
                    assertTrue(waitedMs >= 300, "answered after " + waitedMs + " ms, before lockTimeoutMs");
                    assertNotNull(waited.retryAfter(), "Retry-After");
                    assertNull(waited.setSessionCookie(), "no new session for the waiting client");
                    Reply uncovered = HttpProbe.get(a.port(), "/counter", cookie);
                    assertEquals(200, uncovered.status(), "a request the pattern does not cover does not wait");
                    assertEquals("1", uncovered.body().trim());
                } finally {
                    lease.close();
                }
                assertEquals("2", HttpProbe.get(a.port(), "/inc", cookie).body().trim(),
                        "once the lease is given up, the covered request runs");
            }
        } finally {
            drop(db, table);
        }
    }

    /** A sticky node (Jetty's default cache) runs a session's requests on its one copy: lockingMode is ignored there. */
    @Test
    void aStickyNodeTakesNoLease() throws Exception {
        String table = TestDatabase.uniqueTable("jetty_lock_sticky");
        try (TestNode sticky = new TestNode("S", true, config("postgresql", table, "S", f -> {
            f.setLockingMode("all");
            f.setLockTimeoutMs(300);
        })).start()) {
            Client client = new Client();
            assertEquals("1", client.ok(sticky.port(), "/inc"));
            try (SessionRepository holder = SessionRepository.start(holderConfig("postgresql", table))) {
                SessionLocking.Lease lease = SessionLocking.of(holder).acquire(client.sessionId());
                try {
                    assertEquals("2", client.ok(sticky.port(), "/inc"), "the sticky node does not wait for the lease");
                } finally {
                    lease.close();
                }
            }
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    /**
     * What the lease costs a request, on PostgreSQL: its take and its give-up (asserted), and the time it
     * adds (printed), from requests sent alternately to a node without and a node with the lease, so that
     * the load of the machine weighs on both alike.
     */
    @Test
    void theLeaseAddsTwoStatementsToACoveredRequest() throws Exception {
        String table = TestDatabase.uniqueTable("jetty_lock_cost");
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(TestDatabase.PG_URL);
            pool.setMaximumPoolSize(4);
            CountingDataSource none = new CountingDataSource(pool);
            CountingDataSource all = new CountingDataSource(pool);
            // no scavenge during the count
            try (TestNode a = new TestNode("A", false, f -> costConfig(f, table, none, "none")).scavengeEvery(3600).start();
                 TestNode b = new TestNode("B", false, f -> costConfig(f, table, all, "all")).scavengeEvery(3600).start()) {
                Client withoutLease = new Client();
                Client withLease = new Client();
                withoutLease.ok(a.port(), "/inc");
                withLease.ok(b.port(), "/inc");
                int requests = 100;
                for (String path : List.of("/counter", "/inc")) {
                    none.settle();
                    all.settle();
                    none.reset();
                    all.reset();
                    long noneNanos = 0;
                    long allNanos = 0;
                    for (int i = 0; i < requests; i++) {
                        long start = System.nanoTime();
                        withoutLease.ok(a.port(), path);
                        long middle = System.nanoTime();
                        withLease.ok(b.port(), path);
                        allNanos += System.nanoTime() - middle;
                        noneNanos += middle - start;
                    }
                    none.settle(); // the save and the give-up of the last request come after its response
                    all.settle();
                    double noneStatements = (double) none.roundTrips() / requests;
                    double allStatements = (double) all.roundTrips() / requests;
                    System.out.printf("jetty-session-lock cost, PostgreSQL, %s: %.2f statements and %.2f ms per request"
                            + " without the lease, %.2f and %.2f ms with it%n", path, noneStatements,
                            noneNanos / 1e6 / requests, allStatements, allNanos / 1e6 / requests);
                    // At least the take and the give-up; more when a request finds its client's previous request still
                    // holding the lease (Jetty gives it up after the response is complete) and polls once.
                    assertTrue(allStatements >= noneStatements + 2, path + ": each request takes and gives up the lease");
                }
            }
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    private static void costConfig(SessiondbDataStoreFactory f, String table, CountingDataSource dataSource, String mode) {
        f.setDataSource(dataSource);
        f.setTableName(table);
        f.setIdSecret(SECRET);
        f.setLockingMode(mode);
    }

    private static SessiondbConfig holderConfig(String db, String table) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(url(db));
        config.setTableName(table);
        config.setAppName("app"); // the default app name of the context /app
        config.setIdSecret(SECRET);
        return config;
    }

    /** @return the session cookie the reply set when it names a session other than {@code cookie}'s, else null */
    private static String newSession(Reply reply, String cookie) {
        String set = reply.setSessionCookie();
        return set == null || Client.plain(set).equals(Client.plain(cookie)) ? null : set;
    }
}
