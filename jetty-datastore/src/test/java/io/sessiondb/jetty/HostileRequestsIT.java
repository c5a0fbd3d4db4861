package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.HostileInput;
import io.sessiondb.core.testing.LogCapture;
import io.sessiondb.core.testing.RawHttp;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests against a real non-sticky embedded Jetty 12 with sessiondb (issue 17, finding 3):
 * session cookies of 0, 1, 4 KiB and 64 KiB, control characters and invalid UTF-8, and attribute
 * names with CR/LF or 5,000 characters stored by a legacy webapp from a request parameter, also with
 * a value that is not serializable. Every response is clean (a 200, or the container's 400/431 for a
 * header it refuses; never a 5xx), no exception is logged, no log line is forged, every sessiondb
 * (store-core) log line is one bounded line, and the rest of the session is kept. The adapter's own
 * SLF4J lines are covered by {@link LogCallSitesTest}.
 */
class HostileRequestsIT {

    @Test
    void hostileCookiesAndAttributeNamesGiveCleanResponsesAndACleanLog() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("sec_jetty_hostile");
        try (LogCapture logs = LogCapture.everything();
             TestNode node = new TestNode("A", false, f -> {
                 f.setJdbcUrl(TestDatabase.PG_URL);
                 f.setTableName(table);
                 f.setMaxPoolSize(2);
                 f.setIdSecret("hostile-test-secret-0123456789");
             }).start()) {
            for (Map.Entry<String, byte[]> cookie : HostileInput.cookies("JSESSIONID").entrySet()) {
                RawHttp.Reply reply = RawHttp.get(node.port(), "/app/inc", cookie.getValue());
                assertTrue(reply.status() == 200 || reply.status() == 400 || reply.status() == 431,
                        cookie.getKey() + ": " + reply.status() + " " + reply.body());
                if (reply.status() == 200) {
                    assertEquals("1", reply.body(), cookie.getKey() + ": a new session");
                }
            }
            int refused = RawHttp.get(node.port(), "/app/inc", HostileInput.cookies("JSESSIONID").get("64 KiB")).status();
            assertTrue(refused == 431 || refused == 400, "Jetty refuses a 64 KiB header itself: " + refused);

            Client c = new Client();
            assertEquals("ok", c.ok(node.port(), "/put?name=kept&value=safe"));
            for (Map.Entry<String, String> name : HostileInput.attributeNames().entrySet()) {
                String encoded = HostileInput.query(name.getValue());
                assertEquals("ok", c.ok(node.port(), "/put?value=v&name=" + encoded), name.getKey());
                assertEquals("ok", c.ok(node.port(), "/nonserName?name=" + encoded), name.getKey());
            }
            assertEquals("safe", c.ok(node.port(), "/get?name=kept"), "the rest of the session is kept");
            assertEquals("v", c.ok(node.port(), "/get?name=" + HostileInput.query("x\r\n" + HostileInput.FORGED)),
                    "a name with CR/LF is stored and read back as the webapp wrote it");

            int checked = HostileInput.assertCleanLog(logs);
            assertTrue(checked >= 3, "sessiondb logged the skipped attributes: " + checked);
        } finally {
            TestDatabase.dropTables(table);
        }
    }
}
