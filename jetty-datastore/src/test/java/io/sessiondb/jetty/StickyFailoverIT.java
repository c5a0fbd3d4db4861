package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sticky setup: Jetty's default session cache keeps sessions in memory, sessiondb is the
 * failover copy. When the node a client sticks to goes away, another node carries on with the
 * session, including changes made in place; an expired session's listener fires once.
 */
class StickyFailoverIT {

    private static final String TABLE = TestDatabase.uniqueTable("jetty_sticky");

    private static TestNode a;
    private static TestNode b;

    @BeforeAll
    static void start() throws Exception {
        TestDatabase.postgres().close();
        a = new TestNode("A", true, f -> configure(f, "A")).start();
        b = new TestNode("B", true, f -> configure(f, "B")).start();
    }

    private static void configure(SessiondbDataStoreFactory f, String node) {
        f.setJdbcUrl(TestDatabase.PG_URL);
        f.setTableName(TABLE);
        f.setMaxPoolSize(4);
        f.setNodeName(node);
        // The sticky setup as docs/jetty.md says: the node holding a session expires it; another
        // node's sweep takes it only when that node is gone.
        f.setSweepGraceSeconds(5);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            a.stop();
            b.stop();
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    @Test
    void sessionFailsOverToTheOtherNodeWithInPlaceChanges() throws Exception {
        Client c = new Client();
        assertEquals("1", c.ok(a.port(), "/inc"));
        assertEquals("2", c.ok(a.port(), "/inc"));
        c.ok(a.port(), "/append?value=x");
        c.ok(a.port(), "/append?value=y");
        a.stop();
        try {
            assertEquals("3", c.ok(b.port(), "/inc"));
            assertEquals("[x, y]", c.ok(b.port(), "/list"));
        } finally {
            a.start();
        }
        assertEquals("4", c.ok(b.port(), "/inc"));
    }

    @Test
    void expiredStickySessionFiresItsListenerOnce() throws Exception {
        Client c = new Client();
        c.ok(a.port(), "/short?seconds=2");
        String id = c.sessionId();
        long deadline = System.currentTimeMillis() + 20_000;
        while (a.destroyed(id) + b.destroyed(id) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(3_000);
        assertEquals(1, a.destroyed(id) + b.destroyed(id), "A: " + a.destroyed(id) + ", B: " + b.destroyed(id));
        assertEquals("none", c.ok(b.port(), "/peek"));
        assertEquals("none", c.ok(a.port(), "/peek"));
        // The node that did not expire it must not keep a copy whose listeners would run a second time.
        Thread.sleep(2_500);
        assertEquals("none", c.ok(a.port(), "/peek"));
        assertEquals("none", c.ok(b.port(), "/peek"));
        assertEquals(1, a.destroyed(id) + b.destroyed(id), "afterwards A: " + a.destroyed(id) + ", B: " + b.destroyed(id));
    }
}
