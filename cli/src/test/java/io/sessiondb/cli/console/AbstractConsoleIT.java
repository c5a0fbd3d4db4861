package io.sessiondb.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.admin.SessionAdmin;
import io.sessiondb.core.testing.TestDatabase;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console and /metrics over HTTP (java.net.http) on a table written by real embedded Tomcat nodes,
 * with the real {@link SessionAdmin}. Subclasses pick the database.
 *
 * <p>App {@value #APP} holds the sessions the revoke tests change; app {@value #METRICS_APP} is left alone
 * except by the metrics test, so its figures are known.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractConsoleIT {

    static final String APP = "console";
    static final String METRICS_APP = "metrics";
    static final String PASSWORD = "console-it-password";
    static final String DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    static final String MOBILE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    private final String table = TestDatabase.uniqueTable("cliserve_console");
    private TomcatNode node;
    private TomcatNode metricsNode;
    private SessionAdmin admin;
    private ConsoleServer console;
    private ConsoleServer uncachedConsole;
    private ConsoleClient http;
    private TomcatNode.Client alice1;
    private TomcatNode.Client alice2;
    private TomcatNode.Client hostile;
    private List<TomcatNode.Client> metricsClients;

    /** @return the JDBC URL of the database under test */
    abstract String jdbcUrl();

    /** Drops every table of {@code table} (sessions, attributes, schema, index, history). */
    abstract void dropTables(String table);

    @BeforeAll
    void start() throws Exception {
        node = TomcatNode.start(jdbcUrl(), table, APP, "node-a");
        metricsNode = TomcatNode.start(jdbcUrl(), table, METRICS_APP, "node-m");
        alice1 = node.client(DESKTOP).login("alice");
        alice2 = node.client(MOBILE).login("alice");
        hostile = node.client(DESKTOP).login(CannedData.HOSTILE);
        metricsClients = List.of(metricsNode.client(DESKTOP).login("mia"), metricsNode.client(MOBILE).login("mia"),
                metricsNode.client(DESKTOP).login("max"));
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setTableName(table);
        config.setCreateSchema(false);
        admin = SessionAdmin.start(config);
        console = ConsoleServer.start(admin, "127.0.0.1", 0, PASSWORD, 3600);
        uncachedConsole = ConsoleServer.start(admin, "127.0.0.1", 0, PASSWORD, 0);
        http = new ConsoleClient(console.port(), PASSWORD);
    }

    @AfterAll
    void stop() throws Exception {
        try (AutoCloseable a = node; AutoCloseable b = metricsNode; AutoCloseable c = admin;
             AutoCloseable d = console; AutoCloseable e = uncachedConsole) {
            // closes all, in reverse order
        } finally {
            dropTables(table);
        }
    }

    @Test
    void everyPathAsksForTheAdminPassword() throws Exception {
        ConsoleClient anonymous = new ConsoleClient(console.port(), null);
        ConsoleClient wrong = new ConsoleClient(console.port(), "not-the-password");
        for (String path : List.of("/", "/sessions?principal=alice", "/metrics", "/console.css", "/no-such-page")) {
            for (ConsoleClient client : List.of(anonymous, wrong)) {
                HttpResponse<String> response = client.get(path);
                assertEquals(401, response.statusCode(), path);
                assertEquals("Basic realm=\"sessiondb\", charset=\"UTF-8\"",
                        response.headers().firstValue("WWW-Authenticate").orElse(null), path);
            }
        }
        String token = ConsoleClient.csrfToken(http.get("/sessions?principal=alice").body());
        assertEquals(401, anonymous.post("/revoke", "csrf", token, "all", "true", "principal", "alice").statusCode());
        assertEquals("user=alice", alice1.whoami(), "an unauthenticated POST revokes nothing");
        assertEquals(200, http.get("/").statusCode());
    }

    @Test
    void pagesCarryTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/sessions", "/sessions?principal=alice", "/metrics")) {
            HttpResponse<String> response = http.get(path);
            assertEquals(200, response.statusCode(), path);
            assertEquals("default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
                    response.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(null), path);
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null), path);
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        }
    }

    @Test
    void aPostWithoutAValidCsrfTokenIsForbiddenAndRevokesNothing() throws Exception {
        String page = http.get("/sessions?principal=alice&app=" + APP).body();
        String token = ConsoleClient.csrfToken(page);
        assertTrue(page.contains("name=\"session\" value=\"" + alice1.shortId() + "\""), page);
        String otherProcessToken;
        try (ConsoleServer other = ConsoleServer.start(admin, "127.0.0.1", 0, PASSWORD, 0)) {
            otherProcessToken = ConsoleClient.csrfToken(
                    new ConsoleClient(other.port(), PASSWORD).get("/sessions?principal=alice").body());
        }

        assertEquals(403, http.post("/revoke", "session", alice1.shortId(), "principal", "alice").statusCode());
        assertEquals(403, http.post("/revoke", "csrf", "", "all", "true", "principal", "alice").statusCode());
        assertEquals(403, http.post("/revoke", "csrf", token + "x", "session", alice1.shortId()).statusCode());
        assertEquals(403, http.post("/revoke", "csrf", otherProcessToken, "all", "true", "principal", "alice").statusCode());
        assertEquals("user=alice", alice1.whoami());
        assertEquals("user=alice", alice2.whoami());
        assertEquals(405, http.get("/revoke?csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&all=true&principal=alice").statusCode(), "a GET never revokes");
        assertEquals("user=alice", alice1.whoami());

        HttpResponse<String> one = http.post("/revoke", "csrf", token, "session", alice1.shortId(),
                "principal", "alice", "app", APP);
        assertEquals(303, one.statusCode(), one.body());
        assertEquals("sessions?principal=alice&app=" + APP + "&revoked=1", one.headers().firstValue("Location").orElse(null));
        assertEquals("no session", alice1.whoami(), "the revoked session is gone on the node");
        assertEquals("user=alice", alice2.whoami(), "the other session of alice lives");
        String after = http.get("/" + one.headers().firstValue("Location").orElseThrow()).body();
        assertTrue(after.contains("Revoked 1 session."), after);
        assertFalse(after.contains("name=\"session\" value=\"" + alice1.shortId() + "\""), after);

        HttpResponse<String> all = http.post("/revoke", "csrf", token, "all", "true", "principal", "alice", "app", APP);
        assertEquals(303, all.statusCode());
        assertEquals("sessions?principal=alice&app=" + APP + "&revoked=1", all.headers().firstValue("Location").orElse(null));
        assertEquals("no session", alice2.whoami());
    }

    @Test
    void sessionsOfAnIndexedAttributeValueAreListedAndRevokedTogether() throws Exception {
        TomcatNode.Client acme1 = node.client(DESKTOP).login("ann", "acme");
        TomcatNode.Client acme2 = node.client(MOBILE).login("ben", "acme");
        TomcatNode.Client other = node.client(DESKTOP).login("cid", "globex");
        String page = http.get("/sessions?attribute=tenant%3Dacme&app=" + APP).body();
        assertTrue(page.contains("name=\"session\" value=\"" + acme1.shortId() + "\""), page);
        assertTrue(page.contains("name=\"session\" value=\"" + acme2.shortId() + "\""), page);
        assertFalse(page.contains(other.shortId()), page);
        assertTrue(page.contains("Revoke all sessions of tenant=acme in " + APP), page);

        HttpResponse<String> all = http.post("/revoke", "csrf", ConsoleClient.csrfToken(page), "all", "true",
                "attribute", "tenant=acme", "app", APP);
        assertEquals(303, all.statusCode());
        assertEquals("sessions?attribute=tenant%3Dacme&app=" + APP + "&revoked=2", all.headers().firstValue("Location").orElse(null));
        assertEquals("no session", acme1.whoami());
        assertEquals("no session", acme2.whoami());
        assertEquals("user=cid", other.whoami(), "another tenant's session lives");
    }

    @Test
    void aHostilePrincipalRendersAsText() throws Exception {
        String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
        String list = http.get("/sessions?principal=" + URLEncoder.encode(CannedData.HOSTILE, StandardCharsets.UTF_8)).body();
        assertTrue(list.contains("name=\"session\" value=\"" + hostile.shortId() + "\""), "the hostile session is listed: " + list);
        assertTrue(list.contains("<td class=\"principal\">" + escaped + "</td>"), list);
        assertFalse(list.contains("<script>alert"), list);
        String overview = http.get("/").body();
        assertFalse(overview.contains("<script>alert"), overview);
    }

    @Test
    void noPageShowsARawIdADigestOrAnAttributeValue() throws Exception {
        List<TomcatNode.Client> clients = new java.util.ArrayList<>(metricsClients);
        clients.add(hostile);
        StringBuilder pages = new StringBuilder();
        for (String path : List.of("/", "/?app=" + APP, "/?app=" + METRICS_APP, "/sessions?principal=mia",
                "/sessions?principal=max&app=" + METRICS_APP, "/sessions?principal=alice",
                "/sessions?principal=" + URLEncoder.encode(CannedData.HOSTILE, StandardCharsets.UTF_8), "/metrics")) {
            HttpResponse<String> response = http.get(path);
            assertEquals(200, response.statusCode(), path);
            pages.append(response.body());
        }
        String all = pages.toString();
        assertFalse(all.contains(TomcatNode.SECRET_VALUE), "an attribute value is on a page");
        for (TomcatNode.Client client : clients) {
            assertTrue(all.contains(client.shortId()), "the short id is listed (the check below is not vacuous)");
            assertFalse(all.contains(client.sessionId()), "a raw session id is on a page");
            assertFalse(all.contains(client.fullDigest()), "a full id digest is on a page");
            assertFalse(all.contains(client.fullDigest().substring(0, 20)), "more than the short id of the digest is on a page");
        }
    }

    @Test
    void nextPageFollowsTheKeysetCursor() throws Exception {
        java.util.Set<String> created = new java.util.HashSet<>();
        for (int i = 0; i <= ConsoleHandler.PAGE_SIZE; i++) {
            created.add(node.client(DESKTOP).login("many").shortId());
        }
        String first = http.get("/sessions?principal=many").body();
        java.util.regex.Matcher next = java.util.regex.Pattern.compile("<a class=\"next\" href=\"([^\"]+)\"").matcher(first);
        assertTrue(next.find(), "a Next page link: " + first);
        String second = http.get("/" + next.group(1).replace("&amp;", "&")).body();
        assertFalse(second.contains("class=\"next\""), "the second page is the last");
        java.util.Set<String> listed = new java.util.HashSet<>();
        for (String page : List.of(first, second)) {
            java.util.regex.Matcher ids = java.util.regex.Pattern.compile("name=\"session\" value=\"([0-9a-f]{16})\"").matcher(page);
            while (ids.find()) {
                assertTrue(listed.add(ids.group(1)), "listed twice: " + ids.group(1));
            }
        }
        assertEquals(created, listed);
    }

    @Test
    void metricsAreCachedTablewideFiguresLabelledByApp() throws Exception {
        HttpResponse<String> response = http.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                response.headers().toString());
        PrometheusText metrics = PrometheusText.parse(response.body());
        String app = "{app=\"" + METRICS_APP + "\"}";
        metrics.assertValue("sessiondb_sessions" + app, 3);
        metrics.assertValue("sessiondb_sessions_active" + app, 3);
        metrics.assertValue("sessiondb_principals_active" + app, 2);
        metrics.assertValue("sessiondb_sessions_active_by_client_type{app=\"metrics\",client_type=\"desktop\"}", 2);
        metrics.assertValue("sessiondb_sessions_active_by_client_type{app=\"metrics\",client_type=\"mobile\"}", 1);
        metrics.assertValue("sessiondb_sessions_active_by_node{app=\"metrics\",node=\"node-m\"}", 3);
        metrics.assertValue("sessiondb_sessions_expired_pending" + app, 0);
        metrics.assertValue("sessiondb_history_rows" + app, 0);
        assertTrue(metrics.value("sessiondb_sessions{app=\"" + APP + "\"}") >= 1, "app " + APP + " is there too");

        assertEquals(1, admin.revoke(metricsClients.get(2).shortId()));

        PrometheusText cached = PrometheusText.parse(http.get("/metrics").body());
        cached.assertValue("sessiondb_sessions_active" + app, 3);
        PrometheusText fresh = PrometheusText.parse(new ConsoleClient(uncachedConsole.port(), PASSWORD).get("/metrics").body());
        fresh.assertValue("sessiondb_sessions" + app, 3);
        fresh.assertValue("sessiondb_sessions_active" + app, 2);
        fresh.assertValue("sessiondb_principals_active" + app, 1);
        fresh.assertValue("sessiondb_sessions_expired_pending" + app, 1);
    }
}
