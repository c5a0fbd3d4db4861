package io.sessiondb.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Boots the demo jar as a user would, drives both nodes over HTTP, restarts it and checks that the
 * session survived in the SQLite file.
 */
class DemoIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopDemo() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void twoNodesShareOneSessionThatSurvivesARestart() throws Exception {
        Path dir = Files.createTempDirectory("demo-it");
        int a = freePort();
        int b = freePort();
        Process demo = startDemo(dir, a, b);

        String cookie = sessionCookie(get(a, "/?format=text/plain", null));
        assertNotNull(cookie, "the first visit starts a session");
        assertTrue(get(b, "/?format=text/plain&add=coffee", cookie).body().contains("visits=2"));
        HttpResponse<String> onA = get(a, "/?format=text/plain&add=tea", cookie);
        assertTrue(onA.body().contains("visits=3"), onA.body());
        assertTrue(onA.body().contains("cart=coffee,tea"), "the cart mutated in place on node 2 is seen on node 1: " + onA.body());

        demo.destroy();
        assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "Ctrl-C (SIGTERM) stops the demo");
        startDemo(dir, a, b);

        HttpResponse<String> afterRestart = get(b, "/?format=text/plain", cookie);
        assertTrue(afterRestart.body().contains("visits=4"), afterRestart.body());
        assertTrue(afterRestart.body().contains("cart=coffee,tea"), afterRestart.body());
        assertEquals(null, sessionCookie(afterRestart), "no new session after the restart");
        String page = get(a, "/", cookie).body();
        assertTrue(page.contains("Legacy shop") && page.contains("coffee, tea"), page);
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        Process help = new ProcessBuilder(java(), "-jar", jar(), "--help").redirectErrorStream(true).start();
        String out = new String(help.getInputStream().readAllBytes());
        assertTrue(help.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue());
        assertTrue(out.contains("--ports A,B") && out.contains("--db JDBC_URL"), out);
    }

    private Process startDemo(Path dir, int a, int b) throws Exception {
        Path log = dir.resolve("demo-" + processes.size() + ".log");
        Process p = new ProcessBuilder(java(), "-jar", jar(), "--ports", a + "," + b,
                "--db", "jdbc:sqlite:" + dir.resolve("sessions.db"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.readString(log).contains("Ctrl-C stops the demo")) {
                return p;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the demo did not start:\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(int port, String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst().orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar() {
        String jar = System.getProperty("sessiondb.demo.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new AssertionError("the demo jar is missing (" + jar + "): run mvn verify, which packages it first");
        }
        return jar;
    }
}
