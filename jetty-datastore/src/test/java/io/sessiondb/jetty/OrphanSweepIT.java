package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SaveResult;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node deletes, without listeners, sessions of other webapps sharing its table that expired more
 * than ten grace periods ago (doCleanOrphans), and leaves alone another webapp's live sessions and its
 * recently expired ones: those belong to that webapp's own expiry, which fires their listeners.
 */
class OrphanSweepIT {

    @Test
    void longDeadSessionsOfAnotherAppAreDeletedAndItsRecentOnesAreLeftToIt() throws Exception {
        String table = TestDatabase.uniqueTable("jetty_orphans");
        SessiondbConfig otherConfig = TestDatabase.postgresConfig(table, "other-app");
        try (SessionRepository other = SessionRepository.start(otherConfig);
             TestNode node = new TestNode("A", false, f -> {
                 f.setJdbcUrl(TestDatabase.PG_URL);
                 f.setTableName(table);
                 f.setGracePeriodSec(1);
             })) {
            long longAgo = System.currentTimeMillis() - 120_000;
            assertEquals(SaveResult.Outcome.INSERTED, other.save(new SessionSnapshot("orphan-1", longAgo, longAgo, 1_000,
                    null, Map.of(), Map.of("a", "b")), null).outcome());
            long now = System.currentTimeMillis();
            other.save(new SessionSnapshot("alive-1", now, now, 3_600_000, null, Map.of(), Map.of("a", "b")), null);
            // Expires in 3 s: by the first orphan sweep (10 grace periods after start) it has been expired for
            // less than 10 grace periods, so neither that sweep nor this node's expiry (another app) may take it.
            other.save(new SessionSnapshot("recent-1", now, now, 3_000, null, Map.of(), Map.of("a", "b")), null);
            node.start();
            Client c = new Client();
            c.ok(node.port(), "/inc");
            long deadline = System.currentTimeMillis() + 30_000;
            while (other.load("orphan-1", getClass().getClassLoader()).isPresent() && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
            }
            assertTrue(other.load("orphan-1", getClass().getClassLoader()).isEmpty(), "the orphan was not deleted");
            assertEquals(0, node.destroyed("orphan-1"), "the orphan was expired with listeners, not by the orphan sweep");
            assertTrue(other.load("alive-1", getClass().getClassLoader()).isPresent(), "a live session was deleted");
            assertTrue(other.load("recent-1", getClass().getClassLoader()).isPresent(),
                    "another app's recently expired session was taken from it");
            assertEquals(0, node.destroyed("recent-1"));
            assertEquals("2", c.ok(node.port(), "/inc"));
        } finally {
            TestDatabase.dropTables(table);
        }
    }
}
