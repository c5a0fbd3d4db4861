package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.testing.TestDatabase;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code doGetExpired(before)} as {@code AbstractSessionDataStore} documents it: the sessions of this
 * context that expired at or before {@code before}, never one that expired later.
 */
class ExpiredBeforeIT {

    @Test
    void aSessionThatExpiredAfterBeforeIsNotReturned() throws Exception {
        String table = TestDatabase.uniqueTable("jetty_expired_before");
        try (TestNode node = new TestNode("A", false, f -> {
            f.setJdbcUrl(TestDatabase.PG_URL);
            f.setTableName(table);
        }).scavengeEvery(600).start();
             SessionRepository other = SessionRepository.start(TestDatabase.postgresConfig(table, "app"))) {
            long now = System.currentTimeMillis();
            other.save(new SessionSnapshot("expired-10s", now - 11_000, now - 11_000, 1_000, null, Map.of(), Map.of()), null);
            Set<String> beforeAMinuteAgo = node.store().doGetExpired(System.currentTimeMillis() - 60_000);
            assertFalse(beforeAMinuteAgo.contains("expired-10s"), "doGetExpired(now - 60 s) returned a session expired 10 s ago");
            assertEquals(Set.of("expired-10s"), node.store().doGetExpired(System.currentTimeMillis()));
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    @Test
    void aSessionThatExpiredBeforeBeforeIsReturned() throws Exception {
        String table = TestDatabase.uniqueTable("jetty_expired_before");
        try (TestNode node = new TestNode("A", false, f -> {
            f.setJdbcUrl(TestDatabase.PG_URL);
            f.setTableName(table);
        }).scavengeEvery(600).start();
             SessionRepository other = SessionRepository.start(TestDatabase.postgresConfig(table, "app"))) {
            long now = System.currentTimeMillis();
            other.save(new SessionSnapshot("expired-2m", now - 121_000, now - 121_000, 1_000, null, Map.of(), Map.of()), null);
            other.save(new SessionSnapshot("expired-10s", now - 11_000, now - 11_000, 1_000, null, Map.of(), Map.of()), null);
            Set<String> expired = node.store().doGetExpired(System.currentTimeMillis() - 60_000);
            assertTrue(expired.contains("expired-2m"), "doGetExpired(now - 60 s) left out a session expired 2 min ago");
            assertFalse(expired.contains("expired-10s"));
        } finally {
            TestDatabase.dropTables(table);
        }
    }
}
