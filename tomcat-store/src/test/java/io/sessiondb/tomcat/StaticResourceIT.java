package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.StoreMetrics;
import io.sessiondb.core.testing.TcpProxy;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code SessiondbValve}'s {@code filter}: static resources never load or save a session. */
class StaticResourceIT {

    private static final String TABLE = TestDatabase.uniqueTable("tomcat_static");
    private static TcpProxy proxy;

    @BeforeAll
    static void check() throws Exception {
        TestDatabase.postgres().close();
        proxy = new TcpProxy("127.0.0.1", 5432);
    }

    @AfterAll
    static void dropTable() throws Exception {
        try {
            proxy.close();
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    private static Consumer<SessiondbStore> viaProxy() {
        return store -> {
            store.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=root");
            store.setTableName(TABLE);
            store.setMaxPoolSize("4");
            store.setConnectionTimeoutMs("1000");
        };
    }

    @Test
    void staticResourceAnswersDuringAnOutageWhileASessionRequestAnswers503() throws Exception {
        try (EmbeddedNode node = EmbeddedNode.nonSticky("a", viaProxy())) {
            String id = Http.get(node.uri("op=count"), null).sessionId();
            proxy.cut();
            try {
                for (String path : new String[] {"/css/site.css", "/js/app.min.js", "/img/LOGO.PNG", "/favicon.ico", "/fonts/x.woff2"}) {
                    Reply reply = Http.get(node.uri(path, "op=static"), id);
                    assertEquals(200, reply.status(), path + ": " + reply.body());
                    assertEquals("static", reply.body(), path);
                }
                Reply session = Http.get(node.uri("op=count"), id);
                assertEquals(503, session.status(), "a request that needs its session");
                assertEquals(Integer.toString(node.store().getRepository().config().retryAfterSeconds()), session.retryAfter());
            } finally {
                proxy.restore();
            }
        }
    }

    @Test
    void staticRequestRunsNoStatement() throws Exception {
        try (EmbeddedNode node = EmbeddedNode.nonSticky("a", viaProxy())) {
            String id = Http.get(node.uri("op=count"), null).sessionId();
            StoreMetrics metrics = node.store().getRepository().metrics();
            long before = operations(metrics);
            assertEquals("static", Http.get(node.uri("/site.css", "op=static"), id).body());
            assertEquals(before, operations(metrics), "no load, no save: " + metrics);
            assertEquals("static", Http.get(node.uri("/page", "op=static"), id).body());
            assertTrue(operations(metrics) > before, "a request outside the filter loads its session: " + metrics);
        }
    }

    @Test
    void emptyFilterLoadsTheSessionOnEveryRequest() throws Exception {
        SessiondbValve valve = new SessiondbValve();
        valve.setFilter("");
        assertEquals("", valve.getFilter());
        try (EmbeddedNode node = EmbeddedNode.start("a", viaProxy(), valve)) {
            String id = Http.get(node.uri("op=count"), null).sessionId();
            StoreMetrics metrics = node.store().getRepository().metrics();
            long before = operations(metrics);
            assertEquals("static", Http.get(node.uri("/site.css", "op=static"), id).body());
            assertTrue(operations(metrics) > before, "filter=\"\" loads the session of a static URI too: " + metrics);
        }
    }

    @Test
    void badFilterNamesTheAttribute() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SessiondbValve().setFilter("*.css"));
        assertTrue(e.getMessage().contains("filter"), e.getMessage());
    }

    private static long operations(StoreMetrics m) {
        return m.loads() + m.loadMisses() + m.inserts() + m.updates() + m.touches() + m.unchangedSaves() + m.deletes();
    }
}
