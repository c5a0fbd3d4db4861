package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import io.sessiondb.tomcat.testapp.TestServlet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.junit.jupiter.api.Test;

/**
 * {@code dataSourceName}: a node takes its connections from a DataSource in the context's JNDI and
 * shares sessions with a node configured by {@code jdbcUrl} (one embedded Tomcat with naming per JVM).
 */
class DataSourceIT {

    @Test
    void storeUsesTheJndiDataSourceOfTheContext() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("tomcat_jndi");
        List<Tomcat> nodes = new ArrayList<>();
        EmbeddedNode other = null;
        try {
            URI a = start(nodes, "a", table);
            other = EmbeddedNode.nonSticky("b", store -> {
                store.setJdbcUrl(TestDatabase.PG_URL);
                store.setTableName(table);
                store.setAppName("ROOT");
            });
            URI b = URI.create("http://127.0.0.1:" + other.port() + "/app");
            Reply first = Http.get(URI.create(a + "?op=count"), null);
            assertEquals("1", first.body());
            Reply second = Http.get(URI.create(b + "?op=count"), first.sessionId());
            assertEquals("2", second.body());
            assertNull(second.setSessionId());
            assertEquals("3", Http.get(URI.create(a + "?op=count"), first.sessionId()).body());
        } finally {
            if (other != null) {
                other.close();
            }
            for (Tomcat tomcat : nodes) {
                tomcat.stop();
                tomcat.destroy();
                TempDirs.delete(Path.of(tomcat.getServer().getCatalinaBase().getPath()));
            }
            TestDatabase.dropTables(table);
        }
    }

    private static URI start(List<Tomcat> nodes, String name, String table) throws Exception {
        Path base = TempDirs.create("sessiondb-jndi-" + name);
        Tomcat tomcat = new Tomcat();
        nodes.add(tomcat);
        tomcat.setBaseDir(base.toString());
        tomcat.enableNaming();
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", Files.createDirectories(base.resolve("webapp")).toString());
        ContextResource resource = new ContextResource();
        resource.setName("jdbc/sessions");
        resource.setType(DataSource.class.getName());
        resource.setProperty("factory", PgDataSourceFactory.class.getName());
        resource.setProperty("url", TestDatabase.PG_URL);
        context.getNamingResources().addResource(resource);
        SessiondbStore store = new SessiondbStore();
        store.setDataSourceName("jdbc/sessions");
        store.setTableName(table);
        store.setNodeName(name);
        PersistentManager manager = new PersistentManager();
        manager.setStore(store);
        context.setManager(manager);
        context.getPipeline().addValve(new SessiondbValve());
        Tomcat.addServlet(context, "app", new TestServlet());
        context.addServletMappingDecoded("/", "app");
        tomcat.start();
        assertEquals("ROOT", store.getRepository().config().getAppName(), "appName defaults to the context name");
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }
}
