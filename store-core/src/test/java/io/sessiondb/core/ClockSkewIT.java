package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two nodes share a table; one node's clock is off by five minutes (the clock the store reads is faked).
 * The database's clock decides expiry: the skewed node's sessions neither expire early on the other node
 * (its clock behind) nor outlive their interval (its clock ahead), and the skewed node reads back the
 * times it wrote on its own clock.
 */
class ClockSkewIT {

    private static final long SKEW_MS = 5 * 60_000;

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("postgresql", (BiFunction<String, String, SessiondbConfig>) TestDatabase::postgresConfig,
                        (Consumer<String>) TestDatabase::dropTables),
                Arguments.of("mariadb", (BiFunction<String, String, SessiondbConfig>) TestDatabase::mariadbConfig,
                        (Consumer<String>) TestDatabase::dropMariadbTables));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSessionWrittenByANodeWhoseClockIsBehindDoesNotExpireEarlyElsewhere(String db,
            BiFunction<String, String, SessiondbConfig> config, Consumer<String> drop) {
        String table = TestDatabase.uniqueTable("skew_behind");
        try (SessionRepository honest = SessionRepository.start(config.apply(table, "skew"));
             SessionRepository behind = SessionRepository.start(config.apply(table, "skew"),
                     () -> System.currentTimeMillis() - SKEW_MS)) {
            long nodeNow = System.currentTimeMillis() - SKEW_MS;
            String id = UUID.randomUUID().toString();
            SessionSnapshot written = new SessionSnapshot(id, nodeNow - 1000, nodeNow, 60_000, null, Map.of(),
                    Map.of("cart", "3 items"));
            behind.save(written, null);

            assertEquals(List.of(), honest.claimExpired(10),
                    "a session with a minute to live is not expired by a node whose clock agrees with the database");
            LoadedSession seenElsewhere = honest.load(id, getClass().getClassLoader()).orElseThrow();
            assertFalse(seenElsewhere.expired(), "the other node sees a live session");
            assertTrue(Math.abs(seenElsewhere.session().lastAccessedMs() - System.currentTimeMillis()) < 10_000,
                    "the other node reads the access time on its own clock: " + seenElsewhere.session().lastAccessedMs());

            LoadedSession seenHere = behind.load(id, getClass().getClassLoader()).orElseThrow();
            assertFalse(seenHere.expired());
            assertEquals(written.createdMs(), seenHere.session().createdMs(), "the writer reads its own times back");
            assertEquals(written.lastAccessedMs(), seenHere.session().lastAccessedMs());
            assertEquals(written.expiryMs(), seenHere.session().expiryMs());
        } finally {
            drop.accept(table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSessionWrittenByANodeWhoseClockIsAheadStillExpiresOnTime(String db,
            BiFunction<String, String, SessiondbConfig> config, Consumer<String> drop) throws InterruptedException {
        String table = TestDatabase.uniqueTable("skew_ahead");
        try (SessionRepository honest = SessionRepository.start(config.apply(table, "skew"));
             SessionRepository ahead = SessionRepository.start(config.apply(table, "skew"),
                     () -> System.currentTimeMillis() + SKEW_MS)) {
            long nodeNow = System.currentTimeMillis() + SKEW_MS;
            String id = UUID.randomUUID().toString();
            ahead.save(new SessionSnapshot(id, nodeNow, nodeNow, 1_000, null, Map.of(), Map.of("n", 1)), null);

            Thread.sleep(2_500);
            assertEquals(List.of(id), honest.claimExpired(10),
                    "a session idle past its one-second interval expires, whatever the writer's clock said");
        } finally {
            drop.accept(table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSkewedNodeItselfExpiresOnTheDatabasesClock(String db,
            BiFunction<String, String, SessiondbConfig> config, Consumer<String> drop) {
        String table = TestDatabase.uniqueTable("skew_self");
        try (SessionRepository honest = SessionRepository.start(config.apply(table, "skew"));
             SessionRepository ahead = SessionRepository.start(config.apply(table, "skew"),
                     () -> System.currentTimeMillis() + SKEW_MS)) {
            long now = System.currentTimeMillis();
            String id = UUID.randomUUID().toString();
            honest.save(new SessionSnapshot(id, now, now, 60_000, null, Map.of(), Map.of("n", 1)), null);

            assertEquals(List.of(), ahead.claimExpired(10),
                    "a node five minutes ahead does not sweep a session with a minute to live");
            assertFalse(ahead.load(id, getClass().getClassLoader()).orElseThrow().expired());
        } finally {
            drop.accept(table);
        }
    }
}
