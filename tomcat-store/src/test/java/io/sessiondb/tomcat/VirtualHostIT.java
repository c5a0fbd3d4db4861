package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.testapp.TestServlet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/** Two virtual hosts serving the same context path keep separate sessions by default, as Tomcat's own stores do. */
class VirtualHostIT {

    private static final String OTHER_HOST = "other.example";

    @Test
    void twoHostsServingTheSameContextPathHaveSeparateSessions() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("tomcat_vhost");
        Path base = TempDirs.create("sessiondb-vhost");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        try {
            Host defaultHost = tomcat.getHost(); // first: Tomcat.getHost() answers the engine's first host
            Host other = new StandardHost();
            other.setName(OTHER_HOST);
            other.setAppBase(Files.createDirectories(base.resolve("other")).toString());
            tomcat.getEngine().addChild(other);
            SessiondbStore onDefault = addShop(tomcat, defaultHost, table, base.resolve("default-shop"));
            SessiondbStore onOther = addShop(tomcat, other, table, base.resolve("other-shop"));
            tomcat.start();
            assertEquals("shop", onDefault.getRepository().config().getAppName(), "the default host keeps the context name");
            assertEquals(OTHER_HOST + "/shop", onOther.getRepository().config().getAppName());

            int port = connector.getLocalPort();
            String[] first = get(port, "localhost", "op=count", null);
            assertEquals("1", first[1]);
            String id = first[0];
            assertNotNull(id, "a session cookie on the default host");
            assertEquals("2", get(port, "localhost", "op=count", id)[1]);
            assertEquals("none", get(port, OTHER_HOST, "op=exists", id)[1], "the other host does not see it");
            String[] otherFirst = get(port, OTHER_HOST, "op=count", id);
            assertEquals("1", otherFirst[1], "the other host starts its own session");
            assertNotEquals(id, otherFirst[0]);
            assertEquals("3", get(port, "localhost", "op=count", id)[1], "and the default host's is untouched");
        } finally {
            tomcat.stop();
            tomcat.destroy();
            TempDirs.delete(base);
            TestDatabase.dropTables(table);
        }
    }

    private static SessiondbStore addShop(Tomcat tomcat, Host host, String table, Path docBase) throws IOException {
        Context context = new StandardContext();
        context.setName("/shop");
        context.setPath("/shop");
        context.setDocBase(Files.createDirectories(docBase).toString());
        context.addLifecycleListener(new Tomcat.FixContextListener());
        SessiondbStore store = new SessiondbStore();
        store.setJdbcUrl(TestDatabase.PG_URL);
        store.setTableName(table);
        store.setMaxPoolSize("2");
        PersistentManager manager = new PersistentManager();
        manager.setStore(store);
        context.setManager(manager);
        context.getPipeline().addValve(new SessiondbValve());
        host.addChild(context);
        Tomcat.addServlet(context, "app", new TestServlet());
        context.addServletMappingDecoded("/", "app");
        return store;
    }

    /** @return the session id set (or null) and the body of an HTTP/1.0 GET of /shop/app on {@code host} */
    private static String[] get(int port, String host, String query, String sessionId) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /shop/app?" + query + " HTTP/1.0\r\nHost: " + host + "\r\n"
                    + (sessionId == null ? "" : "Cookie: JSESSIONID=" + sessionId + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String headers = response.substring(0, split);
            String setId = null;
            for (String line : headers.split("\r\n")) {
                if (line.regionMatches(true, 0, "Set-Cookie: JSESSIONID=", 0, 23)) {
                    setId = line.substring(23).split(";", 2)[0];
                }
            }
            return new String[] {setId, response.substring(split + 4)};
        }
    }
}
