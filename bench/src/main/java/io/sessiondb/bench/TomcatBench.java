package io.sessiondb.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.tomcat.SessiondbStore;
import io.sessiondb.tomcat.SessiondbValve;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Store;
import org.apache.catalina.session.DataSourceStore;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.PersistentValve;

/**
 * Requests per second through a real (embedded) Tomcat, three setups measured in one run with the
 * same servlet, load and database: Tomcat's in-memory sessions (the ceiling), Tomcat's own
 * non-sticky database setup (PersistentManager + DataSourceStore + PersistentValve), and sessiondb's
 * (PersistentManager + SessiondbStore + SessiondbValve).
 *
 * <p>Usage: {@code java -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.TomcatBench [jdbcUrl] [seconds] [connections]}
 */
public final class TomcatBench {

    private TomcatBench() {
    }

    /** A small mutable bean, as webapps keep in sessions. */
    static final class Profile implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> recent = new ArrayList<>(List.of("home", "search", "cart", "checkout"));
        final String name = "Ada Lovelace";
    }

    /** {@code /read}: reads the session; {@code /write}: also increments a counter in it. */
    public static final class SessionServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            HttpSession session = request.getSession();
            if (session.getAttribute("profile") == null) {
                session.setAttribute("profile", new Profile());
                session.setAttribute("user", "user-" + session.getId().substring(0, 6));
                session.setAttribute("count", 0);
            }
            int count = (Integer) session.getAttribute("count");
            if (request.getRequestURI().endsWith("/write")) {
                session.setAttribute("count", ++count);
            }
            response.setContentType("text/plain");
            response.getWriter().write("count=" + count + "\n");
        }
    }

    /** Tomcat's DataSourceStore on a pool handed in, instead of a JNDI lookup. */
    static final class PooledDataSourceStore extends DataSourceStore {
        PooledDataSourceStore(HikariDataSource pool) {
            this.dataSource = pool;
            setSessionTable("bench_tomcat_sessions");
        }

        @Override
        protected Connection open() throws SQLException {
            return dataSource.getConnection();
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 16;

        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(url);
            pool.setMaximumPoolSize(connections);
            createTomcatTable(pool);
            List<String> setups = List.of("in-memory", "DataSourceStore", "sessiondb", "sessiondb locked", "sessiondb sticky",
                    "sessiondb sticky, revocationCheckMs=0");
            Map<String, Double> results;
            try {
                results = ContainerRuns.measure(setups, setup -> {
                    Tomcat tomcat = start(setup, pool, url, connections);
                    return new ContainerRuns.Running() {
                        @Override
                        public int port() {
                            return tomcat.getConnector().getLocalPort();
                        }

                        @Override
                        public void stop() throws Exception {
                            tomcat.stop();
                            tomcat.destroy();
                        }
                    };
                }, connections, seconds);
            } finally {
                try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS bench_tomcat_sessions, bench_http_attributes, bench_http_index, bench_http_history, bench_http_schema, bench_http");
                }
            }
            ContainerRuns.report("Tomcat 11 embedded, PostgreSQL, " + connections + " keep-alive connections (one session"
                    + " each), " + seconds + " s per run", setups, "DataSourceStore", results);
        }
    }

    private static void createTomcatTable(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_tomcat_sessions");
            st.execute("CREATE TABLE bench_tomcat_sessions (id VARCHAR(100) PRIMARY KEY, valid CHAR(1) NOT NULL,"
                    + " maxinactive INT NOT NULL, lastaccess BIGINT NOT NULL, app VARCHAR(255), data BYTEA)");
        }
    }

    private static Tomcat start(String setup, HikariDataSource pool, String url, int connections) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("bench-tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
        Context context = tomcat.addContext("", Files.createTempDirectory("bench-docs").toString());
        Tomcat.addServlet(context, "session", new SessionServlet());
        context.addServletMappingDecoded("/*", "session");
        if (!setup.equals("in-memory")) {
            Store store;
            if (setup.startsWith("sessiondb")) {
                SessiondbStore sessiondb = new SessiondbStore();
                sessiondb.setJdbcUrl(url);
                sessiondb.setAppName("bench");
                sessiondb.setTableName("bench_http");
                sessiondb.setMaxPoolSize(Integer.toString(connections));
                if (setup.equals("sessiondb locked")) {
                    sessiondb.setLockingMode("all"); // every request takes and gives up its session's lease
                }
                if (setup.endsWith("revocationCheckMs=0")) {
                    sessiondb.setRevocationCheckMs("0"); // sticky: a revocation check per request, not one a second
                }
                store = sessiondb;
                SessiondbValve valve = new SessiondbValve();
                valve.setSticky(setup.startsWith("sessiondb sticky")); // sessions stay in memory between requests
                context.getPipeline().addValve(valve);
            } else {
                store = new PooledDataSourceStore(pool);
                context.getPipeline().addValve(new PersistentValve());
            }
            PersistentManager manager = new PersistentManager();
            manager.setStore(store);
            context.setManager(manager);
        }
        tomcat.start();
        return tomcat;
    }
}
