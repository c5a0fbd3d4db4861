package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Per-node metrics as docs/metrics.md tells an operator to scrape them: the real Tomcat distribution
 * with the -all.jar and the documented non-sticky context.xml, started with the Prometheus JMX exporter
 * agent and the shipped config (docs/metrics/jmx-exporter.yaml) through the documented CATALINA_OPTS
 * line; requests run, the agent's endpoint is scraped and parsed.
 */
class NodeMetricsIT {

    private static final Pattern CATALINA_OPTS = Pattern.compile(
            "CATALINA_OPTS=\"-javaagent:(\\S+?jmx_prometheus_javaagent-1\\.0\\.1\\.jar)=127\\.0\\.0\\.1:(\\d+):(\\S+?jmx-exporter\\.yaml)\"");
    /** One sample line of the Prometheus text format: name, labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);

    @Test
    void jmxExporterAgentServesLatencyPercentilesAndCountersOfTheStore() throws Exception {
        TestDatabase.postgres().close();
        String version = CatalinaBase.property("sessiondb.it.tomcatVersions").split(",")[0];
        Path home = Path.of(CatalinaBase.property("sessiondb.it.dist"), "apache-tomcat-" + version);
        Path jar = Path.of(CatalinaBase.property("sessiondb.it.allJar"));
        assertTrue(Files.isRegularFile(jar), "the -all.jar is built: " + jar);
        Path agent = Path.of(CatalinaBase.property("sessiondb.it.jmxAgent"));
        assertTrue(Files.isRegularFile(agent), "the build copied the JMX exporter agent: " + agent);
        Path config = Path.of(CatalinaBase.property("sessiondb.it.jmxConfig"));
        int metricsPort = CatalinaBase.freePort();
        String catalinaOpts = documentedCatalinaOpts(agent, metricsPort, config);

        String table = TestDatabase.uniqueTable("nm_tomcat_metrics");
        Path work = TempDirs.create("sessiondb-node-metrics");
        Catalina node = null;
        try {
            String contextXml = CatalinaBase.documentedContextXml(table, TestDatabase.PG_URL);
            node = Catalina.start(home, CatalinaBase.prepareBase(home, work.resolve("n1"), jar, contextXml), catalinaOpts);
            int requests = 30;
            String id = Http.get(node.uri("op=count"), null).sessionId();
            for (int i = 2; i <= requests; i++) {
                Reply reply = Http.get(node.uri("op=count"), id);
                assertEquals(Integer.toString(i), reply.body());
            }
            for (int i = 0; i < 5; i++) {
                assertEquals("none", Http.get(node.uri("op=exists"), null).body(), "a request without a session");
            }
            URI metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
            assertActiveSessionSeenDuringARequest(node, id, metrics);

            Map<String, Double> series = scrape(metrics);
            String app = "{app=\"shop\",node=\"" + nodeName(series) + "\"";
            for (String quantile : new String[] {"0.5", "0.95", "0.99"}) {
                for (String kind : new String[] {"load", "save"}) {
                    double seconds = value(series, "sessiondb_" + kind + "_latency_seconds" + app + ",quantile=\"" + quantile + "\"}");
                    assertTrue(seconds > 0 && seconds < 60, kind + " p" + quantile + " = " + seconds + " s");
                }
            }
            assertTrue(value(series, "sessiondb_save_latency_seconds" + app + ",quantile=\"0.5\"}")
                    <= value(series, "sessiondb_save_latency_max_seconds" + app + "}"));
            double loads = value(series, "sessiondb_loads_total" + app + "}");
            double saves = value(series, "sessiondb_saves_total" + app + "}");
            assertTrue(loads >= requests - 1 && loads <= 3 * requests, "loads: " + loads);
            assertTrue(saves >= requests && saves <= 3 * requests, "saves: " + saves);
            assertEquals(1, value(series, "sessiondb_inserts_total" + app + "}"), "one session was created");
            assertTrue(value(series, "sessiondb_attributes_written_total" + app + "}") >= requests);
            assertTrue(value(series, "sessiondb_bytes_written_total" + app + "}") > requests * 10);
            assertEquals(0, value(series, "sessiondb_database_errors_total" + app + "}"));
            assertEquals(0, value(series, "sessiondb_failures_total" + app + "}"));
            for (String counter : new String[] {"load_misses", "updates", "touches", "writes_skipped", "gone_saves",
                    "deletes", "expiries_claimed", "revocations_seen", "unreadable_attributes", "database_retries"}) {
                assertTrue(value(series, "sessiondb_" + counter + "_total" + app + "}") >= 0, counter);
            }
        } finally {
            if (node != null) {
                node.stop();
            }
            TestDatabase.dropTables(table);
        }
        TempDirs.delete(work);
    }

    /** The one CATALINA_OPTS line of docs/metrics.md, with this build's agent, a free port and the shipped config. */
    private static String documentedCatalinaOpts(Path agent, int port, Path config) throws IOException {
        String docs = Files.readString(Path.of(CatalinaBase.property("sessiondb.it.metricsDocs")), StandardCharsets.UTF_8);
        Matcher m = CATALINA_OPTS.matcher(docs);
        assertTrue(m.find(), "docs/metrics.md shows the CATALINA_OPTS line of the JMX exporter agent");
        assertTrue(m.group(3).endsWith("jmx-exporter.yaml"));
        return "-javaagent:" + agent + "=127.0.0.1:" + port + ":" + config;
    }

    /** A slow request holds the session in memory: the node reports it while it runs (non-sticky: only then). */
    private static void assertActiveSessionSeenDuringARequest(Catalina node, String id, URI metrics) throws Exception {
        CompletableFuture<Reply> held = CompletableFuture.supplyAsync(() -> Http.get(node.uri("op=hold&sleepMs=3000"), id));
        double most = -1;
        while (!held.isDone() && most < 1) {
            most = Math.max(most, scrape(metrics).entrySet().stream().filter(e -> e.getKey().startsWith("sessiondb_active_sessions{"))
                    .mapToDouble(Map.Entry::getValue).max().orElse(-1));
        }
        assertEquals("held", held.get().body());
        assertTrue(most >= 1, "Tomcat's active sessions were reported while a request held one: " + most);
        double after = scrape(metrics).entrySet().stream().filter(e -> e.getKey().startsWith("sessiondb_active_sessions{"))
                .mapToDouble(Map.Entry::getValue).max().orElse(-1);
        assertTrue(after >= 0, "reported by the container, not -1: " + after);
    }

    private static String nodeName(Map<String, Double> series) {
        Matcher m = Pattern.compile("sessiondb_loads_total\\{app=\"shop\",node=\"([^\"]+)\"}").matcher(String.join("\n", series.keySet()));
        assertTrue(m.find(), "sessiondb_loads_total labelled app and node: " + series.keySet());
        return m.group(1);
    }

    private static double value(Map<String, Double> series, String key) {
        Double value = series.get(key);
        assertTrue(value != null, key + " is scraped; sessiondb series: "
                + series.keySet().stream().filter(k -> k.startsWith("sessiondb_")).sorted().toList());
        return value;
    }

    /** @return every sample of the endpoint, keyed by name and labels as written */
    private static Map<String, Double> scrape(URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Double> series = new HashMap<>();
        Matcher m = SAMPLE.matcher(response.body());
        while (m.find()) {
            series.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return series;
    }
}
