package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.Corruption;
import io.sessiondb.core.testing.LogCapture;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Stored attribute bytes and a session row damaged with plain SQL, read through a non-sticky embedded
 * Tomcat node (every request loads from the table): only the damaged attribute is left out and the rest
 * of its session is served, the JMX counter {@code UnreadableAttributes} counts it, and the log names it
 * once, without the session id; a session whose row is corrupt does not take any other session down.
 */
class CorruptRowsIT {

    @Test
    void unreadableAttributesAreLeftOutCountedAndLoggedOnce() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("tomcat_corrupt");
        String app = "corrupt-" + table;
        Consumer<SessiondbStore> config = store -> {
            store.setJdbcUrl(TestDatabase.PG_URL);
            store.setTableName(table);
            store.setAppName(app);
            store.setMaxPoolSize("2");
        };
        try (LogCapture logs = LogCapture.everything(); EmbeddedNode node = EmbeddedNode.nonSticky("a", config)) {
            String id = Http.get(node.uri("op=set&name=good&value=kept"), null).sessionId();
            assertEquals("ok", Http.get(node.uri("op=set&name=victim&value=v1"), id).body());
            assertEquals("ok", Http.get(node.uri("op=set&name=cut&value=v2"), id).body());
            String other = Http.get(node.uri("op=set&name=other&value=fine"), null).sessionId();
            assertEquals(0, Corruption.jmx(app, "UnreadableAttributes"));

            assertEquals(1, Corruption.garble(table, "victim"));
            assertEquals(1, Corruption.truncate(table, "cut"));

            for (int i = 0; i < 3; i++) {
                Reply names = Http.get(node.uri("op=names"), id);
                assertEquals(200, names.status(), names.body());
                assertNull(names.setSessionId(), "the same session is served, no new one");
                assertEquals("good", names.body(), "only the two damaged attributes are left out");
            }
            long counted = Corruption.jmx(app, "UnreadableAttributes");
            assertTrue(counted >= 6, "two unreadable attributes counted at each of three loads: " + counted);
            assertEquals("fine", Http.get(node.uri("op=get&name=other"), other).body());
            assertEquals(counted, Corruption.jmx(app, "UnreadableAttributes"), "a sound session counts nothing");

            // A write to the session keeps the unreadable attributes stored (another webapp version may read them).
            assertEquals("ok", Http.get(node.uri("op=set&name=more&value=m"), id).body());
            assertEquals("good,more", Http.get(node.uri("op=names"), id).body());
            assertEquals(1, Corruption.storedAttributes(table, "victim"));
            assertEquals(1, Corruption.storedAttributes(table, "cut"));

            assertEquals(1, Corruption.warnings(logs, "victim"), "the log names the garbled attribute once");
            assertEquals(1, Corruption.warnings(logs, "'cut'"), "the log names the truncated attribute once");
            assertFalse(Corruption.logged(logs, id), "no raw session id in the log");
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    @Test
    void aCorruptSessionRowAffectsThatSessionOnly() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("tomcat_corrupt_row");
        Consumer<SessiondbStore> config = store -> {
            store.setJdbcUrl(TestDatabase.PG_URL);
            store.setTableName(table);
            store.setMaxPoolSize("2");
        };
        try (LogCapture logs = LogCapture.everything(); EmbeddedNode node = EmbeddedNode.nonSticky("a", config)) {
            String broken = Http.get(node.uri("op=set&name=marker&value=x"), null).sessionId();
            String other = Http.get(node.uri("op=set&name=other&value=fine"), null).sessionId();
            assertEquals(1, Corruption.corruptMetadata(table, "marker"));

            for (int i = 0; i < 3; i++) {
                Reply reply = Http.get(node.uri("op=get&name=marker"), broken);
                // As Jetty does (and Tomcat's own stores, which drop an unreadable session): absent, not an outage.
                // A 503 + Retry-After would lock the user out until the session expires.
                assertEquals(200, reply.status(), "the corrupt session is not reported as an outage: " + reply.body());
                assertEquals("none", reply.body(), "the unreadable session is not served as some other state");
                assertNull(reply.setSessionId(), "a read hands out no new session");
                assertEquals("fine", Http.get(node.uri("op=get&name=other"), other).body(), "other sessions are served");
            }
            Reply fresh = Http.get(node.uri("op=count"), broken);
            assertEquals("1", fresh.body(), "a request that needs a session gets a new one");
            assertTrue(fresh.setSessionId() != null && !fresh.setSessionId().equals(broken), "under a new id");
            assertEquals(1, Corruption.storedAttributes(table, "marker"), "the corrupt session is left as it is");
            assertEquals(1, Corruption.warnings(logs, "stored metadata"), "the log names the corrupt session once");
            assertFalse(Corruption.logged(logs, broken), "no raw session id in the log");
        } finally {
            TestDatabase.dropTables(table);
        }
    }
}
