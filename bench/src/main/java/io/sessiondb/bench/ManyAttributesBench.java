package io.sessiondb.bench;

import io.sessiondb.bench.http.Wrk;
import io.sessiondb.tomcat.SessiondbStore;
import io.sessiondb.tomcat.SessiondbValve;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;

/**
 * Requests per second through embedded Tomcat 11 for a session of many attributes of which a request
 * uses one: in-memory sessions against sessiondb (non-sticky: PersistentManager + SessiondbStore +
 * SessiondbValve), in one run. Each session holds {@code attributes} beans (a 400-character payload and
 * a list) and a counter; {@code /read} reads the counter, {@code /write} increments it. What sessiondb
 * pays here is mostly what it decodes and re-encodes per request, so this is the bench of lazy decoding.
 * Besides requests per second it prints the JVM's CPU time per request, which a busy shared database
 * does not distort.
 *
 * <p>Usage: {@code java -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.ManyAttributesBench [jdbcUrl] [seconds] [connections] [attributes]}
 */
public final class ManyAttributesBench {

    private ManyAttributesBench() {
    }

    /** A mutable bean of about 600 serialized bytes. */
    static final class Item implements Serializable {
        private static final long serialVersionUID = 1L;
        final String payload = "x".repeat(400);
        final List<String> tags = new ArrayList<>(List.of("a", "b", "c"));
        int hits;
    }

    /** {@code /read}: reads the counter; {@code /write}: increments it. */
    public static final class CounterServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final int attributes;

        CounterServlet(int attributes) {
            this.attributes = attributes;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            Integer count = (Integer) session.getAttribute("count");
            if (count == null) {
                for (int i = 0; i < attributes; i++) {
                    session.setAttribute("item" + i, new Item());
                }
                count = 0;
                session.setAttribute("count", count);
            }
            if (request.getRequestURI().endsWith("/write")) {
                session.setAttribute("count", ++count);
            }
            response.setContentType("text/plain");
            response.getWriter().write("count=" + count + "\n");
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int attributes = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        System.out.printf("Tomcat 11 embedded, PostgreSQL, %d connections, sessions of %d beans and a counter, %d s per run%n",
                connections, attributes, seconds);
        System.out.printf("%-20s %10s %22s%n", "setup", "req/s", "CPU us/request (JVM)");
        try {
            for (String setup : List.of("in-memory", "sessiondb")) {
                Tomcat tomcat = start(setup, url, connections, attributes);
                try {
                    String base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
                    Path work = Files.createTempDirectory("bench-many");
                    Path cookies = createSessions(base, connections, work);
                    Wrk wrk = new Wrk(work, connections, 2);
                    wrk.run(base + "/write", cookies, seconds); // warm-up, not measured
                    for (String kind : List.of("read", "write")) {
                        long cpuBefore = processCpuNanos();
                        Wrk.Result result = wrk.run(base + "/" + kind, cookies, seconds);
                        if (result.socketErrors() + result.statusErrors() > 0) {
                            throw new IllegalStateException(setup + " " + kind + ": requests failed: " + result);
                        }
                        double perSecond = result.perSecond();
                        double cpuPerRequestUs = (processCpuNanos() - cpuBefore) / 1000.0 / Math.max(1, result.requests());
                        System.out.printf("%-20s %10.0f %22.0f%n", setup + " " + kind, perSecond, cpuPerRequestUs);
                    }
                } finally {
                    tomcat.stop();
                    tomcat.destroy();
                }
            }
        } finally {
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS bench_many_attributes, bench_many_index, bench_many_history,"
                        + " bench_many_schema, bench_many_locks, bench_many");
            }
        }
    }

    /** One session per connection, created by a first {@code /write}: their cookies, one line each, for {@link Wrk}. */
    private static Path createSessions(String base, int sessions, Path work) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            HttpResponse<Void> created = client.send(HttpRequest.newBuilder(URI.create(base + "/write")).build(),
                    HttpResponse.BodyHandlers.discarding());
            String cookie = created.headers().firstValue("Set-Cookie")
                    .orElseThrow(() -> new IllegalStateException("no session cookie from " + base + "/write"));
            lines.add(cookie.split(";", 2)[0]);
        }
        return Files.write(work.resolve("cookies.txt"), lines);
    }

    /**
     * CPU time of this whole JVM (Tomcat and the store; wrk runs in its own process), in nanoseconds: per request, it
     * says what a request costs the node, however slow a shared database makes the round trips.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Tomcat start(String setup, String url, int connections, int attributes) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("bench-tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
        Context context = tomcat.addContext("", Files.createTempDirectory("bench-docs").toString());
        Tomcat.addServlet(context, "counter", new CounterServlet(attributes));
        context.addServletMappingDecoded("/*", "counter");
        if (setup.equals("sessiondb")) {
            SessiondbStore sessiondb = new SessiondbStore();
            sessiondb.setJdbcUrl(url);
            sessiondb.setAppName("bench");
            sessiondb.setTableName("bench_many");
            sessiondb.setMaxPoolSize(Integer.toString(connections));
            PersistentManager manager = new PersistentManager();
            manager.setStore(sessiondb);
            context.setManager(manager);
            context.getPipeline().addValve(new SessiondbValve());
        }
        tomcat.start();
        return tomcat;
    }
}
