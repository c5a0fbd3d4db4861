package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import org.junit.jupiter.api.Test;

/**
 * Sticky setup: a session that another node expired (and fired the listeners of) is dropped from the
 * memory of the node that served it, without its listeners running a second time there.
 */
class StickyExpiryIT {

    @Test
    void aSessionExpiredByAnotherNodeIsDroppedHereWithoutListeners() throws Exception {
        String table = TestDatabase.uniqueTable("jetty_sticky_expiry");
        try (TestNode a = new TestNode("A", true, f -> configure(f, table, "A")).scavengeEvery(600).start();
             TestNode b = new TestNode("B", true, f -> configure(f, table, "B")).start()) {
            Client c = new Client();
            c.ok(a.port(), "/short?seconds=1");
            String id = c.sessionId();
            long deadline = System.currentTimeMillis() + 20_000;
            while (b.destroyed(id) == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, b.destroyed(id), "node B's sweep did not expire the session");
            a.scavenge(); // A's own scavenge now sees its expired copy as a candidate
            assertEquals("none", c.ok(a.port(), "/peek"));
            assertEquals(0, a.destroyed(id), "A ran the listeners of a session B had expired");
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    private static void configure(SessiondbDataStoreFactory f, String table, String node) {
        f.setJdbcUrl(TestDatabase.PG_URL);
        f.setTableName(table);
        f.setNodeName(node);
        f.setMaxPoolSize(2);
    }
}
