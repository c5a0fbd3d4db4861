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
 * than ten grace periods ago (doCleanOrphans), and leaves live ones alone.
 */
class OrphanSweepIT {

    @Test
    void longDeadSessionsOfAnotherAppAreDeleted() throws Exception {
        String table = TestDatabase.uniqueTable("jetty_orphans");
        SessiondbConfig otherConfig = TestDatabase.postgresConfig(table, "undeployed-app");
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
            node.start();
            Client c = new Client();
            c.ok(node.port(), "/inc");
            long deadline = System.currentTimeMillis() + 30_000;
            while (other.load("orphan-1", getClass().getClassLoader()).isPresent() && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
            }
            assertTrue(other.load("orphan-1", getClass().getClassLoader()).isEmpty(), "the orphan was not deleted");
            assertTrue(other.load("alive-1", getClass().getClassLoader()).isPresent(), "a live session was deleted");
            assertEquals("2", c.ok(node.port(), "/inc"));
        } finally {
            TestDatabase.dropTables(table);
        }
    }
}
