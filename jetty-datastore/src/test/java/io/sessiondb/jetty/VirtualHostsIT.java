package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Reply;
import io.sessiondb.jetty.webapp.SessionServlet;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two contexts on different virtual hosts serve the same path {@code /app}: each keeps its own
 * sessions (default appName {@code <first virtual host>/app}), while a context without virtual
 * hosts keeps the plain default ({@code app}) that deployments before virtual-host names used.
 */
class VirtualHostsIT {

    private static final String TABLE = TestDatabase.uniqueTable("jetty_vhosts");

    private static Server server;

    @BeforeAll
    static void start() throws Exception {
        TestDatabase.postgres().close();
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.addBean(new SessiondbSessionCacheFactory());
        SessiondbDataStoreFactory sessions = new SessiondbDataStoreFactory(TestDatabase.PG_URL);
        sessions.setTableName(TABLE);
        sessions.setMaxPoolSize(2);
        server.addBean(sessions);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(context("shop-a.example"));
        contexts.addHandler(context("shop-b.example"));
        contexts.addHandler(context(null));
        server.setHandler(contexts);
        server.start();
    }

    private static ServletContextHandler context(String virtualHost) {
        ServletContextHandler context = new ServletContextHandler("/app", ServletContextHandler.SESSIONS);
        context.addServlet(SessionServlet.class, "/*");
        if (virtualHost != null) {
            context.setVirtualHosts(List.of(virtualHost));
        }
        return context;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    private static int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Test
    void sameSessionIdOnTwoVirtualHostsIsTwoSessions() throws Exception {
        Reply a = HttpProbe.get(port(), "shop-a.example", "/put?name=owner&value=alice", null);
        assertEquals(200, a.status(), a.body());
        String cookie = "JSESSIONID=" + a.setSessionCookie();
        assertEquals("alice", HttpProbe.get(port(), "shop-a.example", "/get?name=owner", cookie).body());
        assertEquals("none", HttpProbe.get(port(), "shop-b.example", "/get?name=owner", cookie).body(),
                "the context on another virtual host sees the session of shop-a.example");
        assertEquals("none", HttpProbe.get(port(), "127.0.0.1", "/get?name=owner", cookie).body(),
                "the context without virtual hosts sees the session of shop-a.example");

        assertEquals(200, HttpProbe.get(port(), "127.0.0.1", "/put?name=owner&value=carol", null).status());
        assertEquals(Set.of("shop-a.example/app", "app"), apps());
    }

    private static Set<String> apps() throws Exception {
        List<String> apps = new ArrayList<>();
        try (Connection c = TestDatabase.postgres(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT app FROM " + TABLE)) {
            while (rs.next()) {
                apps.add(rs.getString(1));
            }
        }
        return new TreeSet<>(apps);
    }
}
