package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TcpProxy;
import io.sessiondb.core.testing.TestDatabase;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An operation riding through an outage succeeds as soon as the database answers again, not when the
 * pool next tries to connect: after 8 s without a database HikariCP waits up to 5 s between its attempts,
 * so without {@code PoolBypass} the operation would wait seconds more. The outage is a cut {@link TcpProxy}
 * in front of the test PostgreSQL.
 */
class PoolRecoveryIT {

    private static final long OUTAGE_MS = 8_000;
    /** Longest time from the database's return to the operation's success; measured 10–100 ms. */
    private static final long BACK_WITHIN_MS = 1_000;

    @Test
    void anOperationRidingThroughAnOutageSucceedsAsSoonAsTheDatabaseIsBack() throws Exception {
        String table = TestDatabase.uniqueTable("pool_recovery");
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432)) {
            SessiondbConfig config = TestDatabase.postgresConfig(table, "recovery");
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=root");
            config.setConnectionTimeoutMs(250);
            config.setFailoverTimeoutMs(30_000);
            try (SessionRepository repository = SessionRepository.start(config)) {
                String id = UUID.randomUUID().toString();
                long now = System.currentTimeMillis();
                repository.save(new SessionSnapshot(id, now, now, 600_000, null, Map.of(), Map.of("n", 1)), null);

                proxy.cut();
                CompletableFuture<Long> loaded = CompletableFuture.supplyAsync(() -> {
                    assertEquals(Map.of("n", 1), repository.load(id, null).orElseThrow().session().attributes());
                    return System.nanoTime();
                });
                Thread.sleep(OUTAGE_MS);
                long restored = System.nanoTime();
                proxy.restore();
                long backMs = TimeUnit.NANOSECONDS.toMillis(loaded.get(30, TimeUnit.SECONDS) - restored);

                System.out.printf("[pool-recovery] after %d ms without the database, the waiting load succeeded %d ms"
                        + " after it was back (bound %d ms)%n", OUTAGE_MS, backMs, BACK_WITHIN_MS);
                assertTrue(backMs <= BACK_WITHIN_MS, "the load succeeded " + backMs + " ms after the database was back");
            }
        } finally {
            TestDatabase.dropTables(table);
        }
    }
}
