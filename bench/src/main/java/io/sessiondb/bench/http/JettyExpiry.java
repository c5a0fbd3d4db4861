package io.sessiondb.bench.http;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.bench.webapp.BenchServlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DatabaseAdaptor;
import org.eclipse.jetty.session.JDBCSessionDataStore;
import org.eclipse.jetty.session.JDBCSessionDataStoreFactory;
import org.eclipse.jetty.session.NullSessionCacheFactory;

/**
 * Jetty's stock expiry on the scale bench's data: an embedded Jetty with JDBCSessionDataStore (grace
 * period 0, so that its first search already looks at every expired session) and the null cache stores
 * one session through the webapp; SQL copies its row as live and as expired sessions; then the session
 * handler's {@code scavenge()}, what Jetty's HouseKeeper calls, is timed: the store selects the expired
 * ids of the context, then each is loaded, checked and invalidated (deleted) one after another.
 */
final class JettyExpiry implements AutoCloseable {

    private static final String TEMPLATE = BenchDatabase.JETTY_TABLE + "_template";

    private final BenchDatabase db;
    private final Server server;
    private final ServletContextHandler context;
    private final HikariDataSource pool;
    private int live;

    JettyExpiry(BenchDatabase db) throws Exception {
        this.db = db;
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        pool = db.pool();
        DatabaseAdaptor adaptor = new DatabaseAdaptor();
        adaptor.setDatasource(pool);
        JDBCSessionDataStore.SessionTableSchema schema = new JDBCSessionDataStore.SessionTableSchema();
        schema.setTableName(BenchDatabase.JETTY_TABLE);
        JDBCSessionDataStoreFactory jdbc = new JDBCSessionDataStoreFactory();
        jdbc.setDatabaseAdaptor(adaptor);
        jdbc.setSessionTableSchema(schema);
        jdbc.setGracePeriodSec(0);
        server.addBean(new NullSessionCacheFactory());
        server.addBean(jdbc);
        context = new ServletContextHandler("/app", ServletContextHandler.SESSIONS);
        context.addServlet(BenchServlet.class, "/*");
        server.setHandler(context);
        server.start();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort()
                + "/app/init")).build(), HttpResponse.BodyHandlers.ofString());
        for (long deadline = System.currentTimeMillis() + 10_000; rows() == 0; ) { // Jetty may store it after the response
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Jetty stored no session");
            }
            Thread.sleep(100);
        }
        db.execute("DROP TABLE IF EXISTS " + TEMPLATE, "CREATE TABLE " + TEMPLATE + " AS SELECT * FROM " + BenchDatabase.JETTY_TABLE,
                "DELETE FROM " + BenchDatabase.JETTY_TABLE);
    }

    /** Copies the template row until {@code total} live sessions are stored. */
    void grow(int total) throws Exception {
        copy("live", live + 1, total, "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT + 3600000");
        live = total;
    }

    /** @return seconds {@code scavenge()} took to expire {@code count} expired sessions among the live ones */
    double sweep(int count) throws Exception {
        copy("expired", 1, count, "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT - 3600000");
        if (countExpired() != count) {
            throw new IllegalStateException("copied " + countExpired() + " expired Jetty sessions, not " + count);
        }
        long start = System.nanoTime();
        context.getSessionHandler().scavenge();
        double seconds = (System.nanoTime() - start) / 1e9;
        long left = countExpired();
        if (left > 0) {
            throw new IllegalStateException("Jetty's scavenge left " + left + " of " + count + " expired sessions");
        }
        return seconds;
    }

    private void copy(String prefix, int from, int to, String expiry) throws Exception {
        db.execute("CREATE TEMP TABLE copy AS SELECT g, t.* FROM " + TEMPLATE + " t CROSS JOIN generate_series(" + from + ", " + to + ") g",
                "UPDATE copy SET sessionid = '" + prefix + "-' || g, expirytime = " + expiry,
                "ALTER TABLE copy DROP COLUMN g",
                "INSERT INTO " + BenchDatabase.JETTY_TABLE + " SELECT * FROM copy",
                "DROP TABLE copy",
                "VACUUM ANALYZE " + BenchDatabase.JETTY_TABLE);
    }

    private long countExpired() throws Exception {
        return count(" WHERE sessionid LIKE 'expired-%'");
    }

    private long rows() throws Exception {
        return count("");
    }

    private long count(String where) throws Exception {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + BenchDatabase.JETTY_TABLE + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
        pool.close();
        db.execute("DROP TABLE IF EXISTS " + BenchDatabase.JETTY_TABLE + ", " + TEMPLATE);
    }
}
