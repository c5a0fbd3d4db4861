package io.sessiondb.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.jetty.SessiondbDataStoreFactory;
import io.sessiondb.jetty.SessiondbSessionCacheFactory;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.JDBCSessionDataStoreFactory;
import org.eclipse.jetty.session.NullSessionCacheFactory;

/**
 * Requests per second through a real (embedded) Jetty 12 ee10, four setups measured in one run with
 * the same servlet, load and database: Jetty's in-memory sessions (the ceiling), Jetty's own
 * non-sticky database setup (JDBCSessionDataStore on the same pool size, with the null session cache),
 * sessiondb's (SessiondbSessionCacheFactory + SessiondbDataStoreFactory), and sessiondb's with
 * {@code lockingMode=all} (the session lock's cost).
 *
 * <p>Usage: {@code java -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.JettyBench [jdbcUrl] [seconds] [connections]}
 */
public final class JettyBench {

    private JettyBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;

        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(url);
            pool.setMaximumPoolSize(connections);
            List<String> setups = List.of("in-memory", "JDBCSessionDataStore", "sessiondb", "sessiondb locked");
            Map<String, Double> results;
            try {
                results = ContainerRuns.measure(setups, setup -> {
                    Server server = start(setup, pool, url, connections);
                    return new ContainerRuns.Running() {
                        @Override
                        public int port() {
                            return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
                        }

                        @Override
                        public void stop() throws Exception {
                            server.stop();
                        }
                    };
                }, connections, seconds);
            } finally {
                try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS bench_jetty_sessions, bench_jetty_attributes, bench_jetty_index, bench_jetty_history, bench_jetty_schema, bench_jetty_locks,"
                            + " bench_jetty");
                }
            }
            ContainerRuns.report("Jetty 12 ee10 embedded, PostgreSQL, " + connections + " keep-alive connections (one"
                    + " session each), " + seconds + " s per run", setups, "JDBCSessionDataStore", results);
        }
    }

    private static Server start(String setup, HikariDataSource pool, String url, int connections) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        if (setup.equals("JDBCSessionDataStore")) {
            DatabaseAdaptor adaptor = new DatabaseAdaptor();
            adaptor.setDatasource(pool);
            JDBCSessionDataStore.SessionTableSchema schema = new JDBCSessionDataStore.SessionTableSchema();
            schema.setTableName("bench_jetty_sessions");
            JDBCSessionDataStoreFactory jdbc = new JDBCSessionDataStoreFactory();
            jdbc.setDatabaseAdaptor(adaptor);
            jdbc.setSessionTableSchema(schema);
            server.addBean(new NullSessionCacheFactory());
            server.addBean(jdbc);
        } else if (setup.startsWith("sessiondb")) {
            SessiondbDataStoreFactory sessiondb = new SessiondbDataStoreFactory(url);
            if (setup.equals("sessiondb locked")) {
                sessiondb.setLockingMode("all"); // every request takes and gives up its session's lease
            }
            sessiondb.setAppName("bench");
            sessiondb.setTableName("bench_jetty");
            sessiondb.setMaxPoolSize(connections);
            server.addBean(new SessiondbSessionCacheFactory());
            server.addBean(sessiondb);
        }
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        context.addServlet(TomcatBench.SessionServlet.class, "/*");
        server.setHandler(context);
        server.start();
        return server;
    }
}
