package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.HostileInput;
import io.sessiondb.core.testing.LogCapture;
import io.sessiondb.core.testing.RawHttp;
import io.sessiondb.core.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests against a real non-sticky embedded Tomcat with sessiondb (issue 17, finding 3):
 * session cookies of 0, 1, 4 KiB and 64 KiB, control characters and invalid UTF-8, and attribute
 * names with CR/LF or 5,000 characters stored by a legacy webapp from a request parameter, also with
 * a value that is not serializable. Every response is clean (a 200, or the container's 400 for a
 * header it refuses; never a 5xx), no exception is logged, no log line is forged, every sessiondb log
 * line is one bounded line, and the rest of the session is kept.
 */
class HostileRequestsIT {

    @Test
    void hostileCookiesAndAttributeNamesGiveCleanResponsesAndACleanLog() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("sec_tomcat_hostile");
        try (LogCapture logs = LogCapture.everything();
             EmbeddedNode node = EmbeddedNode.nonSticky("hostile", store -> {
                 store.setJdbcUrl(TestDatabase.PG_URL);
                 store.setTableName(table);
                 store.setMaxPoolSize("2");
                 store.setIdSecret("hostile-test-secret-0123456789");
             })) {
            for (Map.Entry<String, byte[]> cookie : HostileInput.cookies("JSESSIONID").entrySet()) {
                RawHttp.Reply reply = RawHttp.get(node.port(), "/app?op=count", cookie.getValue());
                assertTrue(reply.status() == 200 || reply.status() == 400, cookie.getKey() + ": " + reply.status() + " " + reply.body());
                if (reply.status() == 200) {
                    assertEquals("1", reply.body(), cookie.getKey() + ": a new session");
                }
            }
            assertEquals(400, RawHttp.get(node.port(), "/app?op=count",
                    HostileInput.cookies("JSESSIONID").get("64 KiB")).status(), "Tomcat refuses a 64 KiB header itself");

            String id = Http.get(node.uri("op=set&name=kept&value=safe"), null).sessionId();
            for (Map.Entry<String, String> name : HostileInput.attributeNames().entrySet()) {
                String encoded = HostileInput.query(name.getValue());
                assertEquals("ok", Http.get(node.uri("op=set&value=v&name=" + encoded), id).body(), name.getKey());
                assertEquals("ok", Http.get(node.uri("op=nonserName&name=" + encoded), id).body(), name.getKey());
            }
            assertEquals("safe", Http.get(node.uri("op=get&name=kept"), id).body(), "the rest of the session is kept");
            assertEquals("v", Http.get(node.uri("op=get&name=" + HostileInput.query("x\r\n" + HostileInput.FORGED)), id).body(),
                    "a name with CR/LF is stored and read back as the webapp wrote it");

            int checked = HostileInput.assertCleanLog(logs);
            assertTrue(checked >= 3, "sessiondb logged the skipped attributes: " + checked);
        } finally {
            TestDatabase.dropTables(table);
        }
    }
}
