package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.AbstractOperationsContractTest;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import io.sessiondb.tomcat.testapp.DestroyCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Operations through real requests to embedded Tomcat nodes: the client of each request (address as
 * {@code RemoteIpValve} decides it, user agent, client type) and the creating and last writing node
 * end up in the session row; a session an operator revokes is dead at the next request on every node,
 * sticky or not, and its destroy listener fires once in the cluster.
 */
class OperationsIT {

    private static final String TABLE = TestDatabase.uniqueTable("opscore_tomcat");

    @BeforeAll
    static void check() throws Exception {
        TestDatabase.postgres().close();
    }

    @AfterAll
    static void dropTable() {
        TestDatabase.dropTables(TABLE);
    }

    private static Consumer<SessiondbStore> config(String app) {
        return store -> {
            store.setJdbcUrl(TestDatabase.PG_URL);
            store.setTableName(TABLE);
            store.setMaxPoolSize("4");
            store.setAppName(app);
        };
    }

    /** The documented proxy setup: RemoteIpValve (127.0.0.1 is a trusted internal proxy) in front of the webapp. */
    private static final Consumer<Context> BEHIND_PROXY = context -> context.getParent().getPipeline().addValve(new RemoteIpValve());

    private static EmbeddedNode nonSticky(String name, Consumer<SessiondbStore> config) throws Exception {
        return EmbeddedNode.start(name, config, new SessiondbValve(), manager -> { }, BEHIND_PROXY);
    }

    private static EmbeddedNode sticky(String name, Consumer<SessiondbStore> config) throws Exception {
        return EmbeddedNode.start(name, config, null, manager -> manager.setMaxIdleBackup(0), BEHIND_PROXY);
    }

    private static Map<String, Object> rowByAgent(String app, String userAgent) throws SQLException {
        try (Connection c = TestDatabase.postgres(); PreparedStatement ps = c.prepareStatement("SELECT client_address,"
                + " client_type, created_node, last_node, attribute_count FROM " + TABLE + " WHERE app = ? AND user_agent = ?")) {
            ps.setString(1, app);
            ps.setString(2, userAgent);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a session of " + userAgent);
                Map<String, Object> row = new HashMap<>();
                for (String column : List.of("client_address", "client_type", "created_node", "last_node", "attribute_count")) {
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
        try (EmbeddedNode a = nonSticky("node-a", config(app)); EmbeddedNode b = nonSticky("node-b", config(app))) {
            int i = 0;
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String address = "203.0.113." + (++i);
                String id = Http.getAs(a.uri("op=count"), null, e.getKey(), address).sessionId();
                Map<String, Object> created = rowByAgent(app, e.getKey());
                assertEquals(address, created.get("client_address"), e.getKey());
                assertEquals(e.getValue(), created.get("client_type"), e.getKey());
                assertEquals("node-a", created.get("created_node"));
                assertEquals("node-a", created.get("last_node"));

                assertEquals("2", Http.getAs(b.uri("op=count"), id, e.getKey(), "198.51.100." + i).body());
                Map<String, Object> moved = rowByAgent(app, e.getKey());
                assertEquals("198.51.100." + i, moved.get("client_address"), "written with the save the request made");
                assertEquals("node-a", moved.get("created_node"));
                assertEquals("node-b", moved.get("last_node"));
            }
        }
    }

    @Test
    void stickyNodesRecordTheClientToo() throws Exception {
        String app = "sticky-clients";
        try (EmbeddedNode a = sticky("node-a", config(app))) {
            String id = Http.getAs(a.uri("op=count"), null, AbstractOperationsContractTest.IPAD_UA, "192.0.2.9").sessionId();
            assertEquals("2", Http.getAs(a.uri("op=count"), id, AbstractOperationsContractTest.IPAD_UA, "192.0.2.9").body());
            Map<String, Object> row = rowByAgent(app, AbstractOperationsContractTest.IPAD_UA);
            assertEquals("192.0.2.9", row.get("client_address"));
            assertEquals("tablet", row.get("client_type"));
            assertEquals("node-a", row.get("created_node"));
        }
    }

    @Test
    void clientInfoFalseRecordsNoClient() throws Exception {
        String app = "no-clients";
        try (EmbeddedNode a = nonSticky("node-a", config(app).andThen(s -> s.setClientInfo("false")))) {
            String id = Http.getAs(a.uri("op=count"), null, AbstractOperationsContractTest.IPAD_UA, "192.0.2.9").sessionId();
            Http.getAs(a.uri("op=count"), id, AbstractOperationsContractTest.IPAD_UA, "192.0.2.9");
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
        try (EmbeddedNode a = nonSticky("node-a", config(app)); EmbeddedNode b = nonSticky("node-b", config(app))) {
            String id = Http.get(a.uri("op=count"), null).sessionId();
            assertEquals("2", Http.get(b.uri("op=count"), id).body());
            assertEquals(1, revoke(app));
            Reply next = Http.get(b.uri("op=count"), id);
            assertEquals("1", next.body(), "the webapp sees a new session, not the revoked one");
            assertNotNull(next.setSessionId());
            assertNotEquals(id, next.setSessionId());
            assertEquals(1, DestroyCounter.count(id), "listener fired at the request that found it revoked");
            Reply onA = Http.get(a.uri("op=count"), id);
            assertEquals("1", onA.body());
            Thread.sleep(2_500); // both nodes' background sweeps run meanwhile
            assertEquals(1, DestroyCounter.count(id), "once in the cluster");
        }
    }

    @Test
    void stickyRevocationDropsTheSessionFromMemoryOnEveryNodeAndListenersFireOnce() throws Exception {
        String app = "revoke-sticky";
        try (EmbeddedNode a = sticky("node-a", config(app)); EmbeddedNode b = sticky("node-b", config(app))) {
            String id = Http.get(a.uri("op=count"), null).sessionId();
            assertEquals("2", Http.get(a.uri("op=count"), id).body());
            awaitStored(app);
            assertEquals("3", Http.get(b.uri("op=count"), id).body(), "b loaded it into its memory (a failover)");
            assertEquals(1, revoke(app));
            // No wait: with the default revocationCheckMs=0 the very next request on each node that holds it finds it revoked.
            Reply onA = Http.get(a.uri("op=count"), id);
            assertEquals("1", onA.body(), "a held it in memory and dropped it at this request");
            assertNotEquals(id, onA.setSessionId());
            Reply onB = Http.get(b.uri("op=count"), id);
            assertEquals("1", onB.body(), "b too");
            Thread.sleep(2_500);
            assertEquals(1, DestroyCounter.count(id), "once in the cluster");
        }
    }

    private static void awaitStored(String app) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = TestDatabase.postgres(); PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM " + TABLE + " WHERE app = ?")) {
                ps.setString(1, app);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the session of " + app + " was never stored");
    }
}
