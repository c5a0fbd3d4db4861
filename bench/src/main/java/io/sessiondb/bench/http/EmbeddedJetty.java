package io.sessiondb.bench.http;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.bench.webapp.BenchServlet;
import io.sessiondb.jetty.SessiondbDataStoreFactory;
import io.sessiondb.jetty.SessiondbSessionCacheFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.JDBCSessionDataStoreFactory;
import org.eclipse.jetty.session.NullSessionCacheFactory;

/**
 * Embedded Jetty 12 ee10 in the harness's JVM: the default session cache in memory;
 * {@code JDBCSessionDataStore} on a HikariCP pool of the same size as sessiondb's, with the null session
 * cache; {@code SessiondbSessionCacheFactory} + {@code SessiondbDataStoreFactory}. The bench webapp is a
 * {@code ServletContextHandler} with BenchServlet, or with {@code -Dbench.jettyWebapp=true} a
 * {@code WebAppContext} on the layout a distribution deploys ({@link Webapp}), with its own class loader.
 */
final class EmbeddedJetty implements Container {

    private final BenchDatabase db;

    EmbeddedJetty(BenchDatabase db) {
        this.db = db;
    }

    @Override
    public String name() {
        return "Jetty embedded";
    }

    @Override
    public String stockName() {
        return "JDBCSessionDataStore";
    }

    @Override
    public Running start(Setup setup) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        HikariDataSource pool = null;
        if (setup == Setup.STOCK) {
            pool = db.pool();
            DatabaseAdaptor adaptor = new DatabaseAdaptor();
            adaptor.setDatasource(pool);
            JDBCSessionDataStore.SessionTableSchema schema = new JDBCSessionDataStore.SessionTableSchema();
            schema.setTableName(BenchDatabase.JETTY_TABLE);
            JDBCSessionDataStoreFactory jdbc = new JDBCSessionDataStoreFactory();
            jdbc.setDatabaseAdaptor(adaptor);
            jdbc.setSessionTableSchema(schema);
            server.addBean(new NullSessionCacheFactory());
            server.addBean(jdbc);
        } else if (setup == Setup.SESSIONDB) {
            SessiondbDataStoreFactory sessiondb = new SessiondbDataStoreFactory(db.url);
            sessiondb.setAppName("bench");
            sessiondb.setTableName(BenchDatabase.SESSIONDB_TABLE);
            sessiondb.setMaxPoolSize(db.poolSize);
            if (BenchOptions.ID_SECRET != null) { // as docs/jetty.md's sessiondb.ini sets it
                sessiondb.setIdSecret(BenchOptions.ID_SECRET);
                sessiondb.setNodeName("node1");
            }
            if (BenchOptions.SYNCHRONOUS_COMMIT != null) {
                sessiondb.setSynchronousCommit(Boolean.parseBoolean(BenchOptions.SYNCHRONOUS_COMMIT));
            }
            server.addBean(new SessiondbSessionCacheFactory());
            server.addBean(sessiondb);
        }
        if (BenchOptions.JETTY_WEBAPP) { // as jetty-home deploys it: WEB-INF, web.xml, its own class loader
            Path app = Files.createTempDirectory("bench-jetty-webapp");
            Webapp.write(app);
            server.setHandler(new WebAppContext(app.toString(), "/app"));
        } else {
            ServletContextHandler context = new ServletContextHandler("/app", ServletContextHandler.SESSIONS);
            context.addServlet(BenchServlet.class, "/*");
            server.setHandler(context);
        }
        server.start();
        String url = "http://127.0.0.1:" + connector.getLocalPort() + "/app";
        HikariDataSource started = pool;
        return new Running() {
            @Override
            public String baseUrl() {
                return url;
            }

            @Override
            public void close() throws Exception {
                server.stop();
                if (started != null) {
                    started.close();
                }
                db.dropAll();
            }
        };
    }
}
