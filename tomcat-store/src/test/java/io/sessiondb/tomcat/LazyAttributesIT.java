package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lazy deserialization through a non-sticky Tomcat node: a request that reads one attribute of twenty
 * deserializes one; the others are neither deserialized nor serialized again, and their stored rows are
 * not rewritten; a lazily read value changed in place is saved; listeners get values, never bytes; a
 * value that cannot be read is found at first access and behaves as absent while it stays stored.
 */
class LazyAttributesIT {

    private static final String TABLE = TestDatabase.uniqueTable("tomcat_lazy");
    private static final int ATTRIBUTES = 20;

    private static EmbeddedNode node;

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

    /** Records what it was unbound as. */
    public static final class Bound extends Counted implements HttpSessionBindingListener {
        @Serial
        private static final long serialVersionUID = 1L;
        static final List<String> UNBOUND = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            UNBOUND.add(event.getName() + "=" + (event.getValue() == this));
        }
    }

    /** A class the node's serialFilter rejects: written fine, quarantined when read. */
    public static final class Rejected implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /**
     * {@code op=fill}: twenty {@link Counted} and a counter; {@code op=get&name=}: that attribute's item
     * count; {@code op=add&name=}: adds an item in place (no setAttribute); {@code op=count}: increments the
     * counter; {@code op=put&name=&kind=activated|bound|rejected}; {@code op=remove&name=}; {@code op=names}.
     */
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
                case "put" -> {
                    String kind = request.getParameter("kind");
                    session.setAttribute(name, kind.equals("activated") ? new Activated()
                            : kind.equals("bound") ? new Bound() : new Rejected());
                    yield "put";
                }
                case "remove" -> {
                    session.removeAttribute(name);
                    yield "removed";
                }
                case "names" -> String.join(",", new java.util.TreeSet<>(Collections.list(session.getAttributeNames())));
                default -> "?";
            };
            response.setContentType("text/plain");
            response.getWriter().write(body);
        }
    }

    @BeforeAll
    static void startNode() throws Exception {
        TestDatabase.postgres().close();
        node = EmbeddedNode.start("lazy", store -> {
            store.setJdbcUrl(TestDatabase.PG_URL);
            store.setTableName(TABLE);
            store.setMaxPoolSize("2");
            store.setSerialFilter("!" + Rejected.class.getName());
        }, new SessiondbValve(), manager -> { }, context -> {
            Tomcat.addServlet(context, "lazy", new LazyServlet());
            context.addServletMappingDecoded("/lazy", "lazy");
        });
    }

    @AfterAll
    static void stopNode() throws Exception {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    @BeforeEach
    void resetCounts() {
        Counted.READS.set(0);
        Counted.WRITES.set(0);
    }

    private static String get(String query, String id) {
        return Http.get(node.uri("/lazy", query), id).body();
    }

    private static String filledSession() {
        String id = Http.get(node.uri("/lazy", "op=fill"), null).sessionId();
        Counted.READS.set(0);
        Counted.WRITES.set(0);
        return id;
    }

    @Test
    void aRequestReadingOneOfTwentyAttributesDeserializesOneAndRewritesNone() throws SQLException {
        String id = filledSession();
        Map<String, String> before = storedRows();

        assertEquals("1", get("op=get&name=v7", id));

        assertEquals(1, Counted.READS.get(), "deserialized: only v7");
        assertEquals(1, Counted.WRITES.get(), "serialized: only v7, to compare it with its stored bytes");
        assertEquals(before, storedRows(), "no attribute row rewritten");
    }

    @Test
    void aWriteOfOneAttributeDeserializesAndWritesNoOther() throws SQLException {
        String id = filledSession();
        Map<String, String> before = storedRows();

        assertEquals("1", get("op=count", id));

        assertEquals(0, Counted.READS.get());
        assertEquals(0, Counted.WRITES.get());
        Map<String, String> after = storedRows();
        assertFalse(before.get("count").equals(after.get("count")), "the counter is written");
        after.remove("count");
        before.remove("count");
        assertEquals(before, after, "every other attribute row is the one stored before: same bytes, same row version");
    }

    @Test
    void aLazilyReadValueChangedInPlaceIsSaved() {
        String id = filledSession();

        assertEquals("added", get("op=add&name=v3", id));

        assertEquals("2", get("op=get&name=v3", id), "the next request (loaded again) sees the change");
        assertEquals("1", get("op=get&name=v4", id));
    }

    @Test
    void anActivationListenerHearsOfEachLoadWhileTheOtherValuesStayUnread() {
        String id = filledSession();
        get("op=put&name=listener&kind=activated", id);
        Activated.ACTIVATIONS.set(0);
        Counted.READS.set(0);

        assertEquals("1", get("op=count", id));

        assertEquals(1, Activated.ACTIVATIONS.get(), "activated when the session was loaded");
        assertEquals(1, Counted.READS.get(), "only the listener was deserialized");
    }

    @Test
    void aValueNeverReadIsUnboundAsItselfWhenRemoved() {
        String id = filledSession();
        get("op=put&name=bound&kind=bound", id);
        Bound.UNBOUND.clear();

        assertEquals("removed", get("op=remove&name=bound", id));

        assertEquals(List.of("bound=true"), Bound.UNBOUND, "the listener is the value, deserialized, not its bytes");
        assertEquals("null", get("op=get&name=bound", id));
    }

    @Test
    void aValueThatCannotBeReadIsAbsentAtFirstAccessCountedAndStaysStored() throws SQLException {
        String id = filledSession();
        get("op=put&name=bad&kind=rejected", id);
        long quarantined = node.store().getRepository().metrics().quarantinedAttributes();

        assertEquals("null", get("op=get&name=bad", id));

        assertEquals(quarantined + 1, node.store().getRepository().metrics().quarantinedAttributes());
        assertEquals("1", get("op=get&name=v1", id), "the rest of the session is served");
        assertTrue(storedRows().containsKey("bad"), "the unreadable value stays stored");
        assertEquals("1", get("op=count", id));
        assertTrue(storedRows().containsKey("bad"), "a write of another attribute leaves it stored");
    }

    @Test
    void listingTheNamesReadsTheValuesAndLeavesOutOneThatCannotBeRead() {
        String id = filledSession();
        get("op=put&name=bad&kind=rejected", id);

        String names = get("op=names", id);

        assertTrue(names.startsWith("count,v0,v1,v10"), names);
        assertFalse(names.contains("bad"), names);
        assertEquals(ATTRIBUTES, Counted.READS.get(), "a name listed has a value: each was read");
    }

    /** @return name to "row version:value" of the attribute rows of the one session of this test's table in a fresh session */
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
