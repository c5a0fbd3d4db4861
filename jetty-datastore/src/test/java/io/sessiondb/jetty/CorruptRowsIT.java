package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.Corruption;
import io.sessiondb.core.testing.LogCapture;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import io.sessiondb.jetty.HttpProbe.Reply;
import org.junit.jupiter.api.Test;

/**
 * Stored attribute bytes and a session row damaged with plain SQL, read through a non-sticky embedded
 * Jetty node (sessiondb's cache: every request loads from the table): only the damaged attribute is left
 * out and the rest of its session is served, the JMX counter {@code UnreadableAttributes} counts it, and
 * the log names it once, without the session id; a corrupt session row does not take other sessions down.
 */
class CorruptRowsIT {

    @Test
    void unreadableAttributesAreLeftOutCountedAndLoggedOnce() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("jetty_corrupt");
        String app = "corrupt-" + table;
        try (LogCapture logs = LogCapture.everything();
             TestNode node = new TestNode("A", false, f -> configure(f, table, app)).start()) {
            Client c = new Client();
            assertEquals("ok", c.ok(node.port(), "/put?name=good&value=kept"));
            assertEquals("ok", c.ok(node.port(), "/put?name=victim&value=v1"));
            assertEquals("ok", c.ok(node.port(), "/put?name=cut&value=v2"));
            String id = c.sessionId();
            Client other = new Client();
            assertEquals("ok", other.ok(node.port(), "/put?name=other&value=fine"));
            assertEquals(0, Corruption.jmx(app, "UnreadableAttributes"));

            assertEquals(1, Corruption.garble(table, "victim"));
            assertEquals(1, Corruption.truncate(table, "cut"));

            for (int i = 0; i < 3; i++) {
                Reply keys = c.get(node.port(), "/keys");
                assertEquals(200, keys.status(), keys.body());
                assertEquals("good", keys.body(), "only the two damaged attributes are left out");
                assertEquals(id, c.sessionId(), "the same session is served, no new one");
            }
            long counted = Corruption.jmx(app, "UnreadableAttributes");
            assertTrue(counted >= 6, "two unreadable attributes counted at each of three loads: " + counted);
            assertEquals("fine", other.ok(node.port(), "/get?name=other"));
            assertEquals(counted, Corruption.jmx(app, "UnreadableAttributes"), "a sound session counts nothing");

            assertEquals("ok", c.ok(node.port(), "/put?name=more&value=m"));
            assertEquals("good,more", c.ok(node.port(), "/keys"));
            assertEquals(1, Corruption.storedAttributes(table, "victim"), "an unreadable attribute stays stored");
            assertEquals(1, Corruption.storedAttributes(table, "cut"), "an unreadable attribute stays stored");

            assertEquals(1, Corruption.warnings(logs, "victim"), "the log names the garbled attribute once");
            assertEquals(1, Corruption.warnings(logs, "'cut'"), "the log names the truncated attribute once");
            assertFalse(Corruption.logged(logs, id), "no raw session id in sessiondb's log");
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    @Test
    void aCorruptSessionRowAffectsThatSessionOnly() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("jetty_corrupt_row");
        try (LogCapture logs = LogCapture.everything();
             TestNode node = new TestNode("A", false, f -> configure(f, table, "corrupt-row")).start()) {
            Client broken = new Client();
            assertEquals("ok", broken.ok(node.port(), "/put?name=marker&value=x"));
            String brokenId = broken.sessionId();
            Client other = new Client();
            assertEquals("ok", other.ok(node.port(), "/put?name=other&value=fine"));
            assertEquals(1, Corruption.corruptMetadata(table, "marker"));

            for (int i = 0; i < 3; i++) {
                Reply reply = HttpProbe.get(node.port(), "/get?name=marker", "JSESSIONID=" + broken.cookie());
                // Jetty's contract (UnreadableSessionDataException): the session is treated as absent here.
                assertEquals(200, reply.status(), reply.body());
                assertEquals("none", reply.body(), "the unreadable session is not served as some other state");
                assertNull(reply.setSessionCookie(), "no new session is handed out by a read");
                assertEquals("fine", other.ok(node.port(), "/get?name=other"), "other sessions are served");
            }
            assertEquals(1, Corruption.storedAttributes(table, "marker"), "the corrupt session is left as it is");
            assertFalse(Corruption.logged(logs, brokenId), "no raw session id in sessiondb's log");
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    private static void configure(SessiondbDataStoreFactory f, String table, String app) {
        f.setJdbcUrl(TestDatabase.PG_URL);
        f.setTableName(table);
        f.setAppName(app);
        f.setMaxPoolSize(2);
        f.setNodeName("A");
    }
}
