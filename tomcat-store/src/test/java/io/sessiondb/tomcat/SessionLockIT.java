package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessionLocking;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code lockingMode}: two non-sticky nodes, 24 concurrent increments of ONE counter of one session, half
 * through each node. With the lease every increment is kept (without it, the last write of the attribute
 * wins and increments are lost); requests not covered by {@code lockingUriPattern} never wait; a lease
 * held past {@code lockTimeoutMs} answers 503 without a new session. PostgreSQL, MariaDB and SQLite.
 */
class SessionLockIT {

    private static final int INCREMENTS = 24;

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("postgresql"), Arguments.of("mariadb"), Arguments.of("sqlite"));
    }

    private static String url(String db) {
        return switch (db) {
            case "postgresql" -> TestDatabase.PG_URL;
            case "mariadb" -> TestDatabase.MARIADB_URL;
            default -> TestDatabase.sqliteUrl("session-lock");
        };
    }

    private static void drop(String db, String table) {
        switch (db) {
            case "postgresql" -> TestDatabase.dropTables(table);
            case "mariadb" -> TestDatabase.dropMariadbTables(table);
            default -> TestDatabase.dropSqliteTables(url(db), table);
        }
    }

    private static Consumer<SessiondbStore> config(String db, String table, Consumer<SessiondbStore> more) {
        return store -> {
            store.setJdbcUrl(url(db));
            store.setTableName(table);
            store.setMaxPoolSize("8");
            store.setIdSecret("lock-test-secret-lock-test-secret");
            more.accept(store);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentIncrementsOfOneCounterOnTwoNodesAreAllKept(String db) throws Exception {
        String table = TestDatabase.uniqueTable("tomcat_lock");
        Consumer<SessiondbStore> config = config(db, table, store -> store.setLockingMode("all"));
        try (EmbeddedNode a = EmbeddedNode.nonSticky("lock-a", config);
             EmbeddedNode b = EmbeddedNode.nonSticky("lock-b", config)) {
            String id = Http.get(a.uri("op=count"), null).sessionId();
            ExecutorService pool = Executors.newFixedThreadPool(INCREMENTS);
            List<Future<Reply>> replies = new ArrayList<>();
            try {
                for (int i = 0; i < INCREMENTS; i++) {
                    EmbeddedNode node = i % 2 == 0 ? a : b;
                    replies.add(pool.submit(() -> Http.get(node.uri("op=count"), id)));
                }
                TreeSet<Integer> counts = new TreeSet<>();
                for (Future<Reply> reply : replies) {
                    assertEquals(200, reply.get().status(), reply.get().body());
                    counts.add(Integer.parseInt(reply.get().body().trim()));
                }
                assertEquals(INCREMENTS, counts.size(), "every increment saw the one before it: " + counts);
                assertEquals(INCREMENTS + 1, counts.last());
            } finally {
                pool.shutdownNow();
            }
            assertEquals(String.valueOf(INCREMENTS + 2), Http.get(b.uri("op=count"), id).body().trim());
        } finally {
            drop(db, table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void onlyCoveredRequestsWaitAndALeaseHeldTooLongAnswers503(String db) throws Exception {
        String table = TestDatabase.uniqueTable("tomcat_lock_uri");
        Consumer<SessiondbStore> config = config(db, table, store -> {
            store.setLockingMode("uriPattern");
            store.setLockingUriPattern("/cart(/.*)?");
            store.setLockTimeoutMs("300");
        });
        try (EmbeddedNode a = EmbeddedNode.nonSticky("lock-uri-a", config)) {
            String id = Http.get(a.uri("op=count"), null).sessionId();
            SessiondbConfig holderConfig = new SessiondbConfig();
            holderConfig.setJdbcUrl(url(db));
            holderConfig.setTableName(table);
            holderConfig.setAppName("it");
            holderConfig.setIdSecret("lock-test-secret-lock-test-secret");
            try (SessionRepository holder = SessionRepository.start(holderConfig)) {
                SessionLocking.Lease lease = SessionLocking.of(holder).acquire(id); // another request holds it
                try {
                    Reply waited = Http.get(a.uri("/cart/add", "op=count"), id);
                    assertEquals(503, waited.status(), "a covered request waits lockTimeoutMs, then 503");
                    assertNotNull(waited.retryAfter());
                    assertEquals(null, waited.setSessionId(), "no new session for the waiting client");
                    assertEquals("2", Http.get(a.uri("/app", "op=count"), id).body().trim(),
                            "a request the pattern does not cover does not wait");
                } finally {
                    lease.close();
                }
                assertEquals("3", Http.get(a.uri("/cart/add", "op=count"), id).body().trim(),
                        "once the lease is given up, the covered request runs");
            }
        } finally {
            drop(db, table);
        }
    }
}
