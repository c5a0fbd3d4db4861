package io.sessiondb.spring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TcpProxy;
import io.sessiondb.core.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The actuator's view of sessiondb, on a node whose {@code sessiondb.jdbc-url} goes through a proxy the
 * test can cut: {@code /actuator/health} has a {@code sessiondb} component that is UP with the database
 * reachable, DOWN (and the endpoint 503) while it is not or while the expiry sweep is stopped, UP again
 * after; the store's meters (store-core's Micrometer binder) are in {@code /actuator/metrics}.
 */
class HealthIT {

    /** The sessiondb component's status; Boot 3.5 writes it before the details, Boot 4.0 after. */
    private static final Pattern SESSIONDB_STATUS =
            Pattern.compile("\"sessiondb\":\\{(?:\"details\":\\{[^}]*\\},)?\"status\":\"(\\w+)\"");
    private static final String TABLE = TestDatabase.uniqueTable("bootstarter_health");

    private static TcpProxy proxy;
    private static BootNode node;

    @BeforeAll
    static void start() throws Exception {
        URI pg = URI.create(TestDatabase.PG_URL.substring("jdbc:".length()));
        proxy = new TcpProxy(pg.getHost(), pg.getPort());
        Map<String, Object> properties = BootNode.sessiondb("health", TABLE);
        properties.put("sessiondb.jdbc-url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + pg.getPath() + "?" + pg.getQuery());
        properties.put("sessiondb.connection-timeout-ms", "1000");
        properties.put("sessiondb.failover-timeout-ms", "0");
        properties.put("management.endpoints.web.exposure.include", "health,metrics");
        properties.put("management.endpoint.health.show-details", "always");
        node = BootNode.start(properties);
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        try (Connection c = DriverManager.getConnection(TestDatabase.PG_URL); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE + " CASCADE");
        }
    }

    @Test
    void healthIsUpWithTheDatabaseAndDownWithout() throws Exception {
        Client client = new Client();
        HttpResponse<String> up = client.send(node.url("/actuator/health"));
        assertEquals(200, up.statusCode(), up.body());
        assertEquals("UP", sessiondbStatus(up.body()), up.body());
        assertTrue(up.body().contains("\"database\":\"reachable\""), up.body());
        assertTrue(up.body().contains("\"sweeper\":\"alive\""), up.body());

        proxy.cut();
        try {
            HttpResponse<String> down = awaitStatus(client, 503);
            assertEquals("DOWN", sessiondbStatus(down.body()), down.body());
            assertTrue(down.body().contains("\"database\":\"unreachable\""), down.body());
        } finally {
            proxy.restore();
        }
        HttpResponse<String> back = awaitStatus(client, 200);
        assertEquals("UP", sessiondbStatus(back.body()), back.body());
    }

    @Test
    void healthIsDownWhileTheExpirySweepIsStopped() throws Exception {
        Client client = new Client();
        Runnable restart = ExpirySweep.stop(node);
        try {
            HttpResponse<String> down = awaitStatus(client, 503);
            assertEquals("DOWN", sessiondbStatus(down.body()), down.body());
            assertTrue(down.body().contains("\"sweeper\":\"stopped\""), down.body());
            assertTrue(down.body().contains("\"database\":\"reachable\""), down.body());
        } finally {
            restart.run();
        }
        HttpResponse<String> back = awaitStatus(client, 200);
        assertEquals("UP", sessiondbStatus(back.body()), back.body());
        assertTrue(back.body().contains("\"sweeper\":\"alive\""), back.body());
    }

    @Test
    void storeCountersAreMicrometerMeters() {
        Client client = new Client();
        client.get(node.url("/count"));
        client.get(node.url("/count"));
        HttpResponse<String> loads = client.send(node.url("/actuator/metrics/sessiondb.loads"));
        assertEquals(200, loads.statusCode(), loads.body());
        Matcher value = Pattern.compile("\"value\":([0-9.]+)").matcher(loads.body());
        assertTrue(value.find(), loads.body());
        assertTrue(Double.parseDouble(value.group(1)) >= 1, "the second request loaded its session: " + loads.body());
    }

    /**
     * The meters are store-core's binder's, the ones docs/metrics.md lists in its Micrometer column, tagged
     * with the app and node. {@code sessiondb.deserialization.failures} is left out: it is registered per
     * class when an attribute first fails to deserialize, and none does here.
     */
    @Test
    void everyDocumentedMicrometerMeterIsRegisteredWithAppAndNodeTags() throws Exception {
        new Client().get(node.url("/count"));
        List<String> documented = documentedMeters();
        assertTrue(documented.containsAll(List.of("sessiondb.loads", "sessiondb.writes.skipped", "sessiondb.load.latency",
                "sessiondb.save.latency.max", "sessiondb.active.sessions", "sessiondb.load")), "docs/metrics.md was read: " + documented);
        List<String> problems = new ArrayList<>();
        for (String meter : documented) {
            if (meter.equals("sessiondb.deserialization.failures")) {
                continue;
            }
            HttpResponse<String> answer = new Client().send(node.url("/actuator/metrics/" + meter));
            if (answer.statusCode() != 200) {
                problems.add(meter + ": " + answer.statusCode());
            } else if (!answer.body().contains("{\"tag\":\"app\",\"values\":[\"boot-it\"]}")
                    || !answer.body().contains("{\"tag\":\"node\",\"values\":[\"health\"]}")) {
                problems.add(meter + " without the app and node tags: " + answer.body());
            }
        }
        assertEquals(List.of(), problems, "documented meters missing from /actuator/metrics");
        HttpResponse<String> latency = new Client().send(node.url("/actuator/metrics/sessiondb.load.latency?tag=quantile:0.99"));
        assertEquals(200, latency.statusCode(), "the load latency has a 0.99 quantile: " + latency.body());
    }

    /** @return the meter names of the Micrometer column of the table in docs/metrics.md, without their tags */
    private static List<String> documentedMeters() throws IOException {
        List<String> meters = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty("sessiondb.it.docs"), "metrics.md"))) {
            String[] cells = line.split("(?<!\\\\)\\|");
            if (line.startsWith("| ") && cells.length > 3) {
                Matcher name = Pattern.compile("`(sessiondb\\.[a-z.]+)(?:\\{[^}]*\\})?`").matcher(cells[3]);
                while (name.find()) {
                    meters.add(name.group(1));
                }
            }
        }
        return meters;
    }

    /** Polls the health endpoint until it answers {@code status}; fails after 60 s. */
    private static HttpResponse<String> awaitStatus(Client client, int status) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        HttpResponse<String> last;
        do {
            last = client.send(node.url("/actuator/health"));
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("health never answered " + status + "; last " + last.statusCode() + ": " + last.body());
    }

    private static String sessiondbStatus(String health) {
        Matcher m = SESSIONDB_STATUS.matcher(health);
        return m.find() ? m.group(1) : "no sessiondb component in " + health;
    }
}
