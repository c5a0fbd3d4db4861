package io.sessiondb.bench.http;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.bench.webapp.BenchServlet;
import io.sessiondb.tomcat.SessiondbStore;
import io.sessiondb.tomcat.SessiondbValve;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.catalina.Context;
import org.apache.catalina.session.DataSourceStore;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.PersistentValve;

/**
 * Embedded Tomcat 11 in the harness's JVM: {@code StandardManager}; {@code PersistentManager} +
 * {@code DataSourceStore} (on a HikariCP pool of the same size as sessiondb's) + {@code PersistentValve};
 * {@code PersistentManager} + {@code SessiondbStore} + {@code SessiondbValve}.
 */
final class EmbeddedTomcat implements Container {

    private final BenchDatabase db;

    EmbeddedTomcat(BenchDatabase db) {
        this.db = db;
    }

    @Override
    public String name() {
        return "Tomcat embedded";
    }

    @Override
    public String stockName() {
        return "DataSourceStore";
    }

    /** Tomcat's DataSourceStore on a pool handed in, instead of a JNDI lookup. */
    static final class PooledDataSourceStore extends DataSourceStore {
        PooledDataSourceStore(HikariDataSource pool) {
            this.dataSource = pool;
            setSessionTable(BenchDatabase.TOMCAT_TABLE);
        }

        @Override
        protected Connection open() throws SQLException {
            return dataSource.getConnection();
        }
    }

    @Override
    public Running start(Setup setup) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("bench-tomcat").toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
        Context context = tomcat.addContext("/app", Files.createTempDirectory("bench-docs").toString());
        Tomcat.addServlet(context, "bench", new BenchServlet());
        context.addServletMappingDecoded("/*", "bench");
        HikariDataSource pool = null;
        if (setup == Setup.SESSIONDB) {
            SessiondbStore store = new SessiondbStore();
            store.setJdbcUrl(db.url);
            store.setAppName("bench");
            store.setTableName(BenchDatabase.SESSIONDB_TABLE);
            store.setMaxPoolSize(Integer.toString(db.poolSize));
            if (BenchOptions.SYNCHRONOUS_COMMIT != null) {
                store.setSynchronousCommit(BenchOptions.SYNCHRONOUS_COMMIT);
            }
            PersistentManager manager = new PersistentManager();
            manager.setStore(store);
            context.setManager(manager);
            context.getPipeline().addValve(new SessiondbValve());
        } else if (setup == Setup.STOCK) {
            db.createTomcatTable();
            pool = db.pool();
            PersistentManager manager = new PersistentManager();
            manager.setStore(new PooledDataSourceStore(pool));
            context.setManager(manager);
            context.getPipeline().addValve(new PersistentValve());
        }
        tomcat.start();
        String url = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app";
        HikariDataSource started = pool;
        return new Running() {
            @Override
            public String baseUrl() {
                return url;
            }

            @Override
            public void close() throws Exception {
                try {
                    tomcat.stop();
                    tomcat.destroy();
                } catch (org.apache.catalina.LifecycleException e) {
                    // DataSourceStore's stop fails in Tomcat 11 when its manager is already detached; the
                    // server is stopped all the same.
                    System.out.println("  (Tomcat stop: " + e.getMessage() + ")");
                }
                if (started != null) {
                    started.close();
                }
                db.dropAll();
            }
        };
    }
}
