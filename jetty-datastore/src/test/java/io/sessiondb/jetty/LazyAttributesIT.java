package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lazy deserialization through a non-sticky Jetty node (sessiondb's cache and data store): a request
 * that reads one attribute of twenty deserializes one; a write of one attribute rewrites no other
 * attribute row; a lazily read value changed in place is saved; activation listeners are still told.
 */
class LazyAttributesIT {

    private static final String TABLE = TestDatabase.uniqueTable("jetty_lazy");
    private static final int ATTRIBUTES = 20;

    private static Server server;
    private static int port;

    /** A bean that counts how often it is deserialized and serialized. */
    public static class Counted implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static final AtomicInteger READS = new AtomicInteger();
        static final AtomicInteger WRITES = new AtomicInteger();
        final List<String> items = new ArrayList<>(List.of("x".repeat(100)));

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            READS.incrementAndGet();
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            WRITES.incrementAndGet();
            out.defaultWriteObject();
        }
    }

    /** Hears of activations. */
    public static final class Activated extends Counted implements HttpSessionActivationListener {
        @Serial
        private static final long serialVersionUID = 1L;
        static final AtomicInteger ACTIVATIONS = new AtomicInteger();

        @Override
        public void sessionDidActivate(HttpSessionEvent se) {
            ACTIVATIONS.incrementAndGet();
        }
    }

    /** {@code op=fill}, {@code op=get&name=}, {@code op=add&name=} (in place), {@code op=count}, {@code op=listener}. */
    public static final class LazyServlet extends HttpServlet {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            String name = request.getParameter("name");
            String body = switch (request.getParameter("op")) {
                case "fill" -> {
                    for (int i = 0; i < ATTRIBUTES; i++) {
                        session.setAttribute("v" + i, new Counted());
                    }
                    session.setAttribute("count", 0);
                    yield "filled";
                }
                case "get" -> {
                    Object value = session.getAttribute(name);
                    yield value instanceof Counted c ? Integer.toString(c.items.size()) : String.valueOf(value);
                }
                case "add" -> {
                    ((Counted) session.getAttribute(name)).items.add("y");
                    yield "added";
                }
                case "count" -> {
                    int count = (Integer) session.getAttribute("count") + 1;
                    session.setAttribute("count", count);
                    yield Integer.toString(count);
                }
                case "listener" -> {
                    session.setAttribute("listener", new Activated());
                    yield "put";
                }
                default -> "?";
            };
            response.setContentType("text/plain");
            response.getWriter().write(body);
        }
    }

    @BeforeAll
    static void startNode() throws Exception {
        TestDatabase.postgres().close();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.addBean(new SessiondbSessionCacheFactory());
        SessiondbDataStoreFactory sessions = new SessiondbDataStoreFactory();
        sessions.setJdbcUrl(TestDatabase.PG_URL);
        sessions.setTableName(TABLE);
        sessions.setMaxPoolSize(2);
        server.addBean(sessions);
        ServletContextHandler context = new ServletContextHandler("/app", ServletContextHandler.SESSIONS);
        context.addServlet(new org.eclipse.jetty.ee10.servlet.ServletHolder(new LazyServlet()), "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stopNode() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    private static HttpProbe.Client filledSession() throws InterruptedException {
        HttpProbe.Client client = new HttpProbe.Client();
        assertEquals("filled", client.ok(port, "/app/?op=fill"));
        settled();
        Counted.READS.set(0);
        Counted.WRITES.set(0);
        return client;
    }

    @Test
    void aRequestReadingOneOfTwentyAttributesDeserializesOneAndRewritesNone() throws SQLException, InterruptedException {
        HttpProbe.Client client = filledSession();
        Map<String, String> before = storedRows();

        assertEquals("1", client.ok(port, "/app/?op=get&name=v7"));

        settled();
        assertEquals(1, Counted.READS.get(), "deserialized: only v7");
        assertTrue(Counted.WRITES.get() >= 1 && Counted.WRITES.get() <= 2,
                "serialized: only v7, to compare it with its stored bytes, at commit and at exit: " + Counted.WRITES.get());
        assertEquals(before, storedRows(), "no attribute row rewritten");
    }

    @Test
    void aWriteOfOneAttributeDeserializesAndWritesNoOther() throws SQLException, InterruptedException {
        HttpProbe.Client client = filledSession();
        Map<String, String> before = storedRows();

        assertEquals("1", client.ok(port, "/app/?op=count"));

        settled();
        assertEquals(0, Counted.READS.get());
        assertEquals(0, Counted.WRITES.get());
        Map<String, String> after = storedRows();
        assertNotEquals(before.remove("count"), after.remove("count"), "the counter is written");
        assertEquals(before, after, "every other attribute row is the one stored before: same bytes, same row version");
    }

    @Test
    void aLazilyReadValueChangedInPlaceIsSaved() throws InterruptedException {
        HttpProbe.Client client = filledSession();

        assertEquals("added", client.ok(port, "/app/?op=add&name=v3"));

        assertEquals("2", client.ok(port, "/app/?op=get&name=v3"), "the next request (loaded again) sees the change");
        assertEquals("1", client.ok(port, "/app/?op=get&name=v4"));
    }

    @Test
    void anActivationListenerIsToldWhileTheOtherValuesStayUnread() throws InterruptedException {
        HttpProbe.Client client = filledSession();
        client.ok(port, "/app/?op=listener");
        settled();
        Activated.ACTIVATIONS.set(0);
        Counted.READS.set(0);

        assertEquals("1", client.ok(port, "/app/?op=count"));

        assertTrue(Activated.ACTIVATIONS.get() >= 1, "told of the activation: " + Activated.ACTIVATIONS.get());
        assertEquals(1, Counted.READS.get(), "only the listener was deserialized");
    }

    /**
     * Waits for the saves Jetty makes when a request exits, after its response reached the client: those of
     * a new session serialize every value (nothing is stored to compare with but the first save's digests).
     */
    private static void settled() throws InterruptedException {
        int seen = -1;
        for (int i = 0; i < 100 && seen != Counted.WRITES.get(); i++) {
            seen = Counted.WRITES.get();
            Thread.sleep(300);
        }
    }

    /** @return name to "row version:value" of the attribute rows of the most recently created session */
    private static Map<String, String> storedRows() throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = TestDatabase.postgres();
             PreparedStatement ps = c.prepareStatement("SELECT a.name, a.xmin::text, encode(a.value, 'hex') FROM " + TABLE
                     + "_attributes a JOIN " + TABLE + " s USING (app, id_digest)"
                     + " WHERE s.created_ms = (SELECT max(created_ms) FROM " + TABLE + ")");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2) + ":" + rs.getString(3));
            }
        }
        return rows;
    }
}
