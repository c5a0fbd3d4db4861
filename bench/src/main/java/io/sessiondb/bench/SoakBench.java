package io.sessiondb.bench;

import io.sessiondb.tomcat.SessiondbStore;
import io.sessiondb.tomcat.SessiondbValve;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.catalina.Context;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;

/**
 * Soak: two embedded non-sticky Tomcat 11 nodes sharing one PostgreSQL table, sessions created at a
 * fixed rate, each used for a few requests alternating between the nodes and then abandoned, so that
 * sessions expire (and are swept) continuously for the whole run. Every sample prints the heap after a
 * full GC, the rows in the table against the sessions that can be alive, the JVM's threads, the
 * database connections, and the requests that failed. Flat columns mean no leak.
 *
 * <p>Not part of the test suite. Usage:
 * {@code java -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.SoakBench [jdbcUrl] [minutes] [sessionsPerSecond]}
 * (defaults: the local test database, 10 minutes, 20 new sessions a second).
 */
public final class SoakBench {

    private static final String TABLE = "bench_soak";
    private static final int MAX_INACTIVE_SECONDS = 15;
    private static final int REQUESTS_PER_SESSION = 5;
    private static final int SAMPLE_SECONDS = 30;
    /** Marks the store's connections in pg_stat_activity. */
    private static final String APPLICATION_NAME = "sessiondb-soak";

    private static final AtomicLong CREATED = new AtomicLong();
    private static final AtomicLong DESTROYED = new AtomicLong();

    private SoakBench() {
    }

    /** Counts, keeps a small cart, expires after {@value #MAX_INACTIVE_SECONDS} s of inactivity. */
    public static final class CartServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            if (session.isNew()) {
                session.setMaxInactiveInterval(MAX_INACTIVE_SECONDS);
                session.setAttribute("cart", new java.util.ArrayList<String>());
            }
            @SuppressWarnings("unchecked")
            List<String> cart = (List<String>) session.getAttribute("cart");
            cart.add("item-" + cart.size());
            Integer count = (Integer) session.getAttribute("count");
            session.setAttribute("count", count == null ? 1 : count + 1);
            response.setContentType("text/plain");
            response.getWriter().write("count=" + session.getAttribute("count") + "\n");
        }
    }

    /** Counts sessions created and destroyed across both nodes. */
    public static final class Counting implements HttpSessionListener {
        @Override
        public void sessionCreated(HttpSessionEvent se) {
            CREATED.incrementAndGet();
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent se) {
            DESTROYED.incrementAndGet();
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : 20;

        dropTables(url);
        Tomcat a = start(url, "soak-a");
        Tomcat b = start(url, "soak-b");
        int[] ports = {a.getConnector().getLocalPort(), b.getConnector().getLocalPort()};
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        // each user lives REQUESTS_PER_SESSION seconds: enough threads that the rate, not the pool, sets the pace
        ExecutorService users = Executors.newFixedThreadPool(perSecond * (REQUESTS_PER_SESSION + 3));
        AtomicLong requests = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong lost = new AtomicLong();

        clock.scheduleAtFixedRate(() -> {
            for (int i = 0; i < perSecond; i++) {
                users.execute(() -> oneUser(client, ports, requests, failed, lost));
            }
        }, 0, 1, TimeUnit.SECONDS);

        long start = System.nanoTime();
        int baselineThreads = -1;
        System.out.printf("two Tomcat 11 nodes, %d new sessions/s, %d requests each 1 s apart, max inactive %d s, %d min%n",
                perSecond, REQUESTS_PER_SESSION, MAX_INACTIVE_SECONDS, minutes);
        System.out.printf("%6s %10s %9s %9s %9s %9s %8s %8s %10s %7s %6s%n", "min", "heap MiB", "rows", "alive≤",
                "created", "destroyed", "threads", "db conns", "requests", "failed", "lost");
        for (long elapsed = 0; elapsed < minutes * 60L; elapsed = (System.nanoTime() - start) / 1_000_000_000L) {
            Thread.sleep(SAMPLE_SECONDS * 1000L);
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            baselineThreads = baselineThreads < 0 ? threads : baselineThreads;
            // a session lives at most its requests plus max inactive plus one sweep period
            long aliveBound = (long) perSecond * (REQUESTS_PER_SESSION + MAX_INACTIVE_SECONDS + 15);
            System.out.printf("%6.1f %10d %9d %9d %9d %9d %8d %8d %10d %7d %6d%n",
                    (System.nanoTime() - start) / 60e9, heap, rows(url), aliveBound, CREATED.get(), DESTROYED.get(),
                    threads, connections(url), requests.get(), failed.get(), lost.get());
        }
        clock.shutdownNow();
        users.shutdown();
        users.awaitTermination(30, TimeUnit.SECONDS);
        for (Tomcat t : List.of(a, b)) {
            t.stop();
            t.destroy();
        }
        dropTables(url);
    }

    /** One user: a new session, then requests alternating between the nodes; the count must go 1, 2, 3... */
    private static void oneUser(HttpClient client, int[] ports, AtomicLong requests, AtomicLong failed, AtomicLong lost) {
        String cookie = null;
        for (int i = 0; i < REQUESTS_PER_SESSION; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[i % 2] + "/cart"))
                    .timeout(Duration.ofSeconds(10));
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                requests.incrementAndGet();
                if (response.statusCode() != 200) {
                    failed.incrementAndGet();
                    return;
                }
                if (!response.body().trim().equals("count=" + (i + 1))) {
                    lost.incrementAndGet();
                    return;
                }
                if (cookie == null) {
                    cookie = response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
                }
                Thread.sleep(1000);
            } catch (IOException e) {
                failed.incrementAndGet();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Tomcat start(String url, String node) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("soak-tomcat").toString());
        tomcat.setPort(0);
        tomcat.getEngine().setBackgroundProcessorDelay(1);
        Context context = tomcat.addContext("", Files.createTempDirectory("soak-docs").toString());
        Tomcat.addServlet(context, "cart", new CartServlet());
        context.addServletMappingDecoded("/*", "cart");
        context.addApplicationListener(Counting.class.getName());
        SessiondbStore store = new SessiondbStore();
        store.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + APPLICATION_NAME);
        store.setAppName("soak");
        store.setTableName(TABLE);
        store.setNodeName(node);
        store.setIdSecret("soak-secret-soak-secret-soak-secret");
        PersistentManager manager = new PersistentManager();
        manager.setProcessExpiresFrequency(1);
        manager.setStore(store);
        context.setManager(manager);
        context.getPipeline().addValve(new SessiondbValve());
        tomcat.start();
        return tomcat;
    }

    private static long rows(String url) throws SQLException {
        return single(url, "SELECT COUNT(*) FROM " + TABLE);
    }

    private static long connections(String url) throws SQLException {
        return single(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + APPLICATION_NAME + "'");
    }

    private static long single(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void dropTables(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE + "_attributes, " + TABLE + "_index, " + TABLE + "_history, "
                    + TABLE + "_schema, " + TABLE + " CASCADE");
        }
    }
}
