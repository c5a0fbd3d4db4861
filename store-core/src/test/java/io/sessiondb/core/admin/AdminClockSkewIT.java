package io.sessiondb.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The admin's machine has a clock five minutes off (the clock {@link SessionAdmin} reads is faked): the
 * times it writes (revocation, history end) and the cut-off of its purge are still on the database's
 * clock, as the store's own are ({@code ClockSkewIT}).
 */
class AdminClockSkewIT {

    private static final long SKEW_MS = 5 * 60_000;
    /** How far a stored time may be from this machine's (the database's) clock: the test's own duration. */
    private static final long CLOSE_MS = 30_000;

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("postgresql", (BiFunction<String, String, SessiondbConfig>) TestDatabase::postgresConfig,
                        (Supplier<Connection>) TestDatabase::postgres, (Consumer<String>) TestDatabase::dropTables),
                Arguments.of("mariadb", (BiFunction<String, String, SessiondbConfig>) TestDatabase::mariadbConfig,
                        (Supplier<Connection>) TestDatabase::mariadb, (Consumer<String>) TestDatabase::dropMariadbTables));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anAdminWhoseClockIsBehindRevokesAndPurgesOnTheDatabasesClock(String db,
            BiFunction<String, String, SessiondbConfig> config, Supplier<Connection> connect, Consumer<String> drop)
            throws SQLException, InterruptedException {
        String table = TestDatabase.uniqueTable("admin_skew_behind");
        try (SessionRepository node = SessionRepository.start(config.apply(table, "shop"));
             SessionAdmin admin = SessionAdmin.start(config.apply(table, "shop"), () -> System.currentTimeMillis() - SKEW_MS)) {
            long now = System.currentTimeMillis();
            node.save(new SessionSnapshot(UUID.randomUUID().toString(), now, now, 3_600_000, "alice", Map.of(),
                    Map.of("n", 1)), null);

            assertEquals(1, admin.revokePrincipal("shop", "alice"));
            long revokedMs = single(connect, "SELECT revoked_ms FROM " + table);
            assertClose(revokedMs, "revoked_ms written by an admin five minutes behind");

            node.save(new SessionSnapshot(UUID.randomUUID().toString(), now, now, 1_000, "carol", Map.of(),
                    Map.of("n", 1)), null);
            Thread.sleep(1_500);
            assertEquals(2, admin.purgeExpired(), "the revoked and the expired session are purged");
            for (String how : List.of("revoked", "expired")) {
                long endedMs = single(connect, "SELECT ended_ms FROM " + table + "_history WHERE ended_how = '" + how + "'");
                assertClose(endedMs, "the end of the " + how + " session's history row written by an admin five minutes behind");
            }
        } finally {
            drop.accept(table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void anAdminWhoseClockIsAheadPurgesNoLiveSession(String db,
            BiFunction<String, String, SessiondbConfig> config, Supplier<Connection> connect, Consumer<String> drop) {
        String table = TestDatabase.uniqueTable("admin_skew_ahead");
        try (SessionRepository node = SessionRepository.start(config.apply(table, "shop"));
             SessionAdmin admin = SessionAdmin.start(config.apply(table, "shop"), () -> System.currentTimeMillis() + SKEW_MS)) {
            long now = System.currentTimeMillis();
            String id = UUID.randomUUID().toString();
            node.save(new SessionSnapshot(id, now, now, 60_000, "bob", Map.of(), Map.of("n", 1)), null);

            assertEquals(0, admin.purgeExpired(), "a session with a minute to live is not purged by an admin five minutes ahead");
            assertFalse(node.load(id, getClass().getClassLoader()).orElseThrow().expired(), "the session lives on");
            List<SessionInfo> listed = admin.sessions(SessionQuery.principal("bob").inApp("shop").includingExpired()).sessions();
            assertEquals(1, listed.size(), "bob's session is listed");
            assertEquals(SessionInfo.Status.ACTIVE, listed.get(0).status(), "listed as active by an admin five minutes ahead");
        } finally {
            drop.accept(table);
        }
    }

    private static long single(Supplier<Connection> connect, String sql) throws SQLException {
        try (Connection c = connect.get(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), "a row for " + sql);
            long value = rs.getLong(1);
            assertFalse(rs.next(), "one row for " + sql);
            return value;
        }
    }

    private static void assertClose(long storedMs, String what) {
        long off = storedMs - System.currentTimeMillis();
        assertTrue(Math.abs(off) < CLOSE_MS, what + " is on the database's clock: " + off + " ms off");
    }
}
