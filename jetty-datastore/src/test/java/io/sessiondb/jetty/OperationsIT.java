package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.AbstractOperationsContractTest;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import io.sessiondb.jetty.HttpProbe.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operations through real requests to embedded Jetty nodes: the client of each request (address as
 * {@code ForwardedRequestCustomizer} decides it, user agent, client type) and the creating and last
 * writing node end up in the session row; a session an operator revokes is dead at the next request
 * on every node, sticky (Jetty's session cache) or not, and its destroy listener fires once.
 */
class OperationsIT {

    private static final String TABLE = TestDatabase.uniqueTable("opscore_jetty");

    @BeforeAll
    static void check() throws Exception {
        TestDatabase.postgres().close();
    }

    @AfterAll
    static void dropTable() {
        TestDatabase.dropTables(TABLE);
    }

    private static TestNode node(String name, boolean sticky, String app, boolean clientInfo) throws Exception {
        return new TestNode(name, sticky, f -> {
            f.setJdbcUrl(TestDatabase.PG_URL);
            f.setTableName(TABLE);
            f.setMaxPoolSize(4);
            f.setNodeName(name);
            f.setAppName(app);
            f.setClientInfo(clientInfo);
        }).start();
    }

    private static Reply as(int port, String path, String sessionId, String userAgent, String address) {
        return HttpProbe.getAs(port, path, sessionId == null ? null : "JSESSIONID=" + sessionId,
                Map.of("User-Agent", userAgent, "X-Forwarded-For", address));
    }

    private static Map<String, Object> rowByAgent(String app, String userAgent) throws SQLException {
        try (Connection c = TestDatabase.postgres(); PreparedStatement ps = c.prepareStatement("SELECT client_address,"
                + " client_type, created_node, last_node FROM " + TABLE + " WHERE app = ? AND user_agent = ?")) {
            ps.setString(1, app);
            ps.setString(2, userAgent);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a session of " + userAgent);
                Map<String, Object> row = new HashMap<>();
                for (String column : List.of("client_address", "client_type", "created_node", "last_node")) {
                    row.put(column, rs.getObject(column));
                }
                return row;
            }
        }
    }

    private static int revoke(String app) throws SQLException {
        // What SessionAdmin.revoke* runs.
        long now = System.currentTimeMillis();
        try (Connection c = TestDatabase.postgres(); PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE
                + " SET revoked_ms = ?, expiry_ms = ? WHERE app = ? AND revoked_ms IS NULL")) {
            ps.setLong(1, now);
            ps.setLong(2, now);
            ps.setString(3, app);
            return ps.executeUpdate();
        }
    }

    @Test
    void eachClientEndsUpInTheRowWithItsClientType() throws Exception {
        String app = "clients";
        Map<String, String> expected = Map.of(
                AbstractOperationsContractTest.DESKTOP_UA, "desktop",
                AbstractOperationsContractTest.IPHONE_UA, "mobile",
                AbstractOperationsContractTest.IPAD_UA, "tablet",
                AbstractOperationsContractTest.GOOGLEBOT_UA, "bot",
                AbstractOperationsContractTest.CURL_UA, "other");
        try (TestNode a = node("A", false, app, true); TestNode b = node("B", false, app, true)) {
            int i = 0;
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String address = "203.0.113." + (++i);
                Reply first = as(a.port(), "/inc", null, e.getKey(), address);
                assertNotNull(first.setSessionCookie());
                Map<String, Object> created = rowByAgent(app, e.getKey());
                assertEquals(address, created.get("client_address"), e.getKey());
                assertEquals(e.getValue(), created.get("client_type"), e.getKey());
                assertEquals("A", created.get("created_node"));
                assertEquals("A", created.get("last_node"));

                assertEquals("2", as(b.port(), "/inc", first.setSessionCookie(), e.getKey(), "198.51.100." + i).body());
                Map<String, Object> moved = rowByAgent(app, e.getKey());
                assertEquals("198.51.100." + i, moved.get("client_address"), "written with the save the request made");
                assertEquals("A", moved.get("created_node"));
                assertEquals("B", moved.get("last_node"));
            }
        }
    }

    @Test
    void stickyNodesRecordTheClientToo() throws Exception {
        String app = "sticky-clients";
        try (TestNode a = node("A", true, app, true)) {
            Reply first = as(a.port(), "/inc", null, AbstractOperationsContractTest.IPAD_UA, "192.0.2.9");
            assertEquals("2", as(a.port(), "/inc", first.setSessionCookie(), AbstractOperationsContractTest.IPAD_UA,
                    "192.0.2.9").body());
            Map<String, Object> row = rowByAgent(app, AbstractOperationsContractTest.IPAD_UA);
            assertEquals("192.0.2.9", row.get("client_address"));
            assertEquals("tablet", row.get("client_type"));
            assertEquals("A", row.get("created_node"));
        }
    }

    @Test
    void clientInfoFalseRecordsNoClient() throws Exception {
        String app = "no-clients";
        try (TestNode a = node("A", false, app, false)) {
            Reply first = as(a.port(), "/inc", null, AbstractOperationsContractTest.IPAD_UA, "192.0.2.9");
            as(a.port(), "/inc", first.setSessionCookie(), AbstractOperationsContractTest.IPAD_UA, "192.0.2.9");
            try (Connection c = TestDatabase.postgres(); PreparedStatement ps = c.prepareStatement("SELECT client_address,"
                    + " user_agent, client_type, created_node FROM " + TABLE + " WHERE app = ?")) {
                ps.setString(1, app);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    for (int col = 1; col <= 4; col++) {
                        assertNull(rs.getObject(col), "column " + col);
                    }
                }
            }
        }
    }

    @Test
    void nonStickyRevocationIsSeenByTheOtherNodeAtItsNextRequestAndListenersFireOnce() throws Exception {
        String app = "revoke-nonsticky";
        try (TestNode a = node("A", false, app, true); TestNode b = node("B", false, app, true)) {
            Client c = new Client();
            assertEquals("1", c.ok(a.port(), "/inc"));
            String id = c.sessionId();
            String cookie = c.cookie();
            assertEquals("2", c.ok(b.port(), "/inc"));
            assertEquals(1, revoke(app));
            assertEquals("1", c.ok(b.port(), "/inc"), "the webapp sees a new session, not the revoked one");
            assertNotEquals(cookie, c.cookie());
            assertEquals("1", new Client(cookie).ok(a.port(), "/inc"), "and on the other node");
            awaitDestroyed(a, b, id);
            Thread.sleep(2_500); // both nodes scavenge every second meanwhile
            assertEquals(1, a.destroyed(id) + b.destroyed(id), "A: " + a.destroyed(id) + ", B: " + b.destroyed(id));
        }
    }

    @Test
    void stickyRevocationDropsTheSessionFromEveryCacheAndListenersFireOnce() throws Exception {
        String app = "revoke-sticky";
        try (TestNode a = node("A", true, app, true); TestNode b = node("B", true, app, true)) {
            Client c = new Client();
            assertEquals("1", c.ok(a.port(), "/inc"));
            assertEquals("2", c.ok(a.port(), "/inc"));
            String id = c.sessionId();
            String cookie = c.cookie();
            assertEquals("3", new Client(cookie).ok(b.port(), "/inc"), "b loaded it into its cache (a failover)");
            assertEquals(1, revoke(app));
            // No wait: with the default revocationCheckMs=0 the very next request on each node that holds it finds it revoked.
            assertEquals("1", new Client(cookie).ok(a.port(), "/inc"), "a held it in its cache and dropped it at this request");
            assertEquals("1", new Client(cookie).ok(b.port(), "/inc"), "b too");
            awaitDestroyed(a, b, id);
            Thread.sleep(2_500);
            assertEquals(1, a.destroyed(id) + b.destroyed(id), "A: " + a.destroyed(id) + ", B: " + b.destroyed(id));
        }
    }

    private static void awaitDestroyed(TestNode a, TestNode b, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (a.destroyed(id) + b.destroyed(id) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }
}
