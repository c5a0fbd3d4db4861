package io.sessiondb.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.cli.CliJar;
import io.sessiondb.cli.SessiondbCli;
import io.sessiondb.core.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code java -jar sessiondb-cli.jar serve} as an operator starts it: the shaded jar in a process of its
 * own (Jetty and the Prometheus client as the jar packs them), on a PostgreSQL table a real embedded
 * Tomcat node wrote. The console, /metrics and the start checks, over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeJarIT {

    private static final String APP = "jarapp";
    private static final String PASSWORD = "serve-jar-it-password";
    private static final Pattern STARTED = Pattern.compile("sessiondb console on http://127\\.0\\.0\\.1:(\\d+)/ \\((.+)\\);.*");

    private final String table = TestDatabase.uniqueTable("cli_serve_jar");
    private TomcatNode node;
    private TomcatNode.Client alice;
    private TomcatNode.Client bob;

    @BeforeAll
    void writeSessions() throws Exception {
        TestDatabase.postgres().close(); // fails saying how to start PostgreSQL when it is down
        node = TomcatNode.start(TestDatabase.PG_URL, table, APP, "node-j");
        alice = node.client(AbstractConsoleIT.DESKTOP).login("alice");
        bob = node.client(AbstractConsoleIT.MOBILE).login("bob");
    }

    @AfterAll
    void stop() throws Exception {
        try (AutoCloseable n = node) {
            // closes the node
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    @Test
    void refusesToStartWithoutAPasswordExceptNoAuthOnLoopback() throws Exception {
        CliJar.Result none = CliJar.run(Map.of(), "--jdbc-url", TestDatabase.PG_URL, "--table", table, "serve", "--port", "0");
        assertEquals(SessiondbCli.USAGE, none.status(), none.err());
        assertTrue(none.err().startsWith("serve needs an admin password: set the environment variable SESSIONDB_ADMIN_PASSWORD"
                + " or pass --admin-password-file FILE"), none.err());
        assertTrue(none.err().contains("Usage: sessiondb-cli serve"), none.err());
        assertEquals("", none.out(), "nothing started");

        CliJar.Result offLoopback = CliJar.run(Map.of(), "--jdbc-url", TestDatabase.PG_URL, "--table", table,
                "serve", "--port", "0", "--no-auth", "--bind", "0.0.0.0");
        assertEquals(SessiondbCli.USAGE, offLoopback.status(), offLoopback.err());
        assertTrue(offLoopback.err().startsWith("--no-auth is allowed only on a loopback --bind (127.0.0.1 or ::1), not on 0.0.0.0"),
                offLoopback.err());
        assertEquals("", offLoopback.out(), "nothing started");

        try (Serve serve = Serve.start(Map.of(), "--jdbc-url", TestDatabase.PG_URL, "--table", table,
                "serve", "--port", "0", "--no-auth")) {
            assertEquals("no authentication", serve.mode);
            HttpResponse<String> overview = new ConsoleClient(serve.port, null).get("/");
            assertEquals(200, overview.statusCode(), overview.body());
            assertTrue(overview.body().contains("<h1>Overview: every app</h1>"), overview.body());
        }
    }

    @Test
    void metricsAndPagesAskForThePasswordAndAnswerWithIt() throws Exception {
        try (Serve serve = Serve.start(Map.of("SESSIONDB_ADMIN_PASSWORD", PASSWORD, "SESSIONDB_JDBC_URL", TestDatabase.PG_URL),
                "serve", "--table", table, "--port", "0", "--metrics-cache-seconds", "0")) {
            assertEquals("user admin", serve.mode);
            for (String password : new String[] {null, "not-the-password"}) {
                for (String path : List.of("/metrics", "/", "/sessions?principal=alice")) {
                    HttpResponse<String> denied = new ConsoleClient(serve.port, password).get(path);
                    assertEquals(401, denied.statusCode(), path);
                    assertEquals("Basic realm=\"sessiondb\", charset=\"UTF-8\"",
                            denied.headers().firstValue("WWW-Authenticate").orElse(null), path);
                    assertFalse(denied.body().contains("sessiondb_"), path);
                }
            }
            ConsoleClient http = new ConsoleClient(serve.port, PASSWORD);

            HttpResponse<String> metrics = http.get("/metrics");
            assertEquals(200, metrics.statusCode(), metrics.body());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    metrics.headers().toString());
            PrometheusText parsed = PrometheusText.parse(metrics.body());
            String app = "{app=\"" + APP + "\"}";
            parsed.assertValue("sessiondb_sessions" + app, 2);
            parsed.assertValue("sessiondb_sessions_active" + app, 2);
            parsed.assertValue("sessiondb_principals_active" + app, 2);
            parsed.assertValue("sessiondb_sessions_active_by_client_type{app=\"" + APP + "\",client_type=\"desktop\"}", 1);
            parsed.assertValue("sessiondb_sessions_active_by_client_type{app=\"" + APP + "\",client_type=\"mobile\"}", 1);
            parsed.assertValue("sessiondb_sessions_active_by_node{app=\"" + APP + "\",node=\"node-j\"}", 2);
            parsed.assertValue("sessiondb_sessions_expired_pending" + app, 0);
            parsed.assertValue("sessiondb_history_rows" + app, 0);
            for (String family : List.of("sessiondb_sessions", "sessiondb_sessions_active", "sessiondb_principals_active",
                    "sessiondb_sessions_active_by_client_type", "sessiondb_sessions_active_by_node",
                    "sessiondb_sessions_expired_pending", "sessiondb_history_rows")) {
                assertEquals("gauge", parsed.types.get(family), family);
            }

            HttpResponse<String> overview = http.get("/?app=" + APP);
            assertEquals(200, overview.statusCode(), overview.body());
            assertTrue(overview.body().contains("<h1>Overview: " + APP + "</h1>") && overview.body().contains("<svg"),
                    overview.body());
            assertEquals(200, http.get("/console.css").statusCode(), "the stylesheet is in the jar");

            String page = http.get("/sessions?principal=bob&app=" + APP).body();
            assertTrue(page.contains("name=\"session\" value=\"" + bob.shortId() + "\""), page);
            assertFalse(page.contains(TomcatNode.SECRET_VALUE) || page.contains(bob.sessionId()), page);
            HttpResponse<String> revoke = http.post("/revoke", "csrf", ConsoleClient.csrfToken(page),
                    "session", bob.shortId(), "principal", "bob", "app", APP);
            assertEquals(303, revoke.statusCode(), revoke.body());
            assertEquals("no session", bob.whoami(), "revoked from the jar's console, gone on the node");
            assertEquals("user=alice", alice.whoami());
            PrometheusText after = PrometheusText.parse(http.get("/metrics").body());
            after.assertValue("sessiondb_sessions_active" + app, 1);
        }
    }

    @Test
    void metricsAnswerTheFormatPrometheusAsksFor() throws Exception {
        try (Serve serve = Serve.start(Map.of("SESSIONDB_ADMIN_PASSWORD", PASSWORD), "--jdbc-url", TestDatabase.PG_URL,
                "--table", table, "serve", "--port", "0")) {
            ConsoleClient http = new ConsoleClient(serve.port, PASSWORD);
            // what Prometheus 2 and 3 send by default: OpenMetrics first
            HttpResponse<byte[]> openMetrics = http.get("/metrics", "Accept", "application/openmetrics-text;version=1.0.0,"
                    + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
            assertEquals(200, openMetrics.statusCode());
            assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8",
                    openMetrics.headers().firstValue("Content-Type").orElse(null));
            String text = new String(openMetrics.body(), StandardCharsets.UTF_8);
            assertTrue(text.contains("\nsessiondb_sessions_active{app=\"" + APP + "\"} ") && text.endsWith("# EOF\n"), text);
            assertEquals("nosniff", openMetrics.headers().firstValue("X-Content-Type-Options").orElse(null),
                    "the console's headers are on /metrics too");

            HttpResponse<byte[]> gzip = http.get("/metrics?name%5B%5D=sessiondb_principals_active", "Accept-Encoding", "gzip");
            assertEquals(200, gzip.statusCode());
            assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(null));
            String filtered;
            try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip.body()))) {
                filtered = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            PrometheusText parsed = PrometheusText.parse(filtered);
            assertEquals(java.util.Set.of("sessiondb_principals_active"), parsed.types.keySet(), "name[] picks the family: " + filtered);
            assertTrue(parsed.value("sessiondb_principals_active{app=\"" + APP + "\"}") >= 1, filtered);
        }
    }

    /** A running {@code java -jar sessiondb-cli.jar ... serve}: its port, read from what it printed; destroyed on close. */
    private static final class Serve implements AutoCloseable {
        private final Process process;
        private final Path err;
        private final int port;
        private final String mode;

        private Serve(Process process, Path err, int port, String mode) {
            this.process = process;
            this.err = err;
            this.port = port;
            this.mode = mode;
        }

        static Serve start(Map<String, String> env, String... args) throws Exception {
            Path err = Files.createTempFile("cli-serve-err", ".txt");
            Process process = CliJar.process(env, args).redirectError(err.toFile()).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).get(60, TimeUnit.SECONDS);
                Matcher started = STARTED.matcher(String.valueOf(line));
                assertTrue(started.matches(), "serve printed where it listens: " + line + "\n" + Files.readString(err));
                System.out.println("--- java -jar sessiondb-cli.jar " + String.join(" ", args) + "\n" + line);
                return new Serve(process, err, Integer.parseInt(started.group(1)), started.group(2));
            } catch (Throwable e) {
                process.destroyForcibly();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            process.destroy(); // SIGTERM, as Ctrl-C: Jetty stops, the pool closes
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            System.out.print(Files.readString(err));
        }
    }
}
