package io.sessiondb.bench.http;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.bench.webapp.BenchServlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.PersistentValve;

/**
 * Tomcat's stock expiry on the scale bench's data: an embedded Tomcat with PersistentManager +
 * DataSourceStore + PersistentValve stores one session with a 1 s timeout through the webapp; SQL copies
 * its row as live sessions and as expired ones (the blob's own access time says expired in both, but
 * {@code DataSourceStore.expiredKeys} selects by the row's columns, so only the expired rows are
 * visited); then {@code StoreBase.processExpires()}, what the manager's background thread calls, is timed:
 * it selects the expired ids, then loads and deserializes each and deletes it.
 */
final class TomcatExpiry implements AutoCloseable {

    private static final String TEMPLATE = BenchDatabase.TOMCAT_TABLE + "_template";

    private final BenchDatabase db;
    private final Tomcat tomcat;
    private final HikariDataSource pool;
    private final EmbeddedTomcat.PooledDataSourceStore store;
    private int live;

    TomcatExpiry(BenchDatabase db) throws Exception {
        this.db = db;
        db.createTomcatTable();
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("bench-tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("/app", Files.createTempDirectory("bench-docs").toString());
        Tomcat.addServlet(context, "bench", new BenchServlet());
        context.addServletMappingDecoded("/*", "bench");
        pool = db.pool();
        store = new EmbeddedTomcat.PooledDataSourceStore(pool);
        PersistentManager manager = new PersistentManager();
        manager.setStore(store);
        manager.setProcessExpiresFrequency(1_000_000); // only the timed call sweeps
        context.setManager(manager);
        context.getPipeline().addValve(new PersistentValve());
        tomcat.start();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app/init?maxInactive=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        String templateId = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0].substring("JSESSIONID=".length());
        Thread.sleep(1_500); // the template's own access time is now more than its timeout ago
        // Expiring a copy removes the template's id too (the id inside each blob): copies come from a table of their own.
        db.execute("DROP TABLE IF EXISTS " + TEMPLATE, "CREATE TABLE " + TEMPLATE + " AS SELECT * FROM " + BenchDatabase.TOMCAT_TABLE
                + " WHERE id = '" + templateId + "'", "DELETE FROM " + BenchDatabase.TOMCAT_TABLE);
    }

    /** Copies the template row until {@code total} live sessions are stored. */
    void grow(int total) throws Exception {
        copy("live", live + 1, total, "3600", "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT");
        live = total;
    }

    /** @return seconds {@code processExpires()} took to expire {@code count} expired sessions among the live ones */
    double sweep(int count) throws Exception {
        copy("expired", 1, count, "1", "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT - 3600000");
        if (countExpired() != count) {
            throw new IllegalStateException("copied " + countExpired() + " expired Tomcat sessions, not " + count);
        }
        long start = System.nanoTime();
        store.processExpires();
        double seconds = (System.nanoTime() - start) / 1e9;
        long left = countExpired();
        if (left > 0) {
            throw new IllegalStateException("Tomcat's processExpires left " + left + " of " + count + " expired sessions");
        }
        return seconds;
    }

    private void copy(String prefix, int from, int to, String maxInactive, String lastAccess) throws Exception {
        db.execute("INSERT INTO " + BenchDatabase.TOMCAT_TABLE + " (id, valid, maxinactive, lastaccess, app, data) SELECT '" + prefix
                        + "-' || g, valid, " + maxInactive + ", " + lastAccess + ", app, data FROM " + TEMPLATE
                        + " CROSS JOIN generate_series(" + from + ", " + to + ") g",
                "VACUUM ANALYZE " + BenchDatabase.TOMCAT_TABLE);
    }

    private long countExpired() throws Exception {
        try (var c = pool.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM " + BenchDatabase.TOMCAT_TABLE + " WHERE id LIKE 'expired-%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (org.apache.catalina.LifecycleException e) {
            System.out.println("  (Tomcat stop: " + e.getMessage() + ")");
        }
        pool.close();
        db.execute("DROP TABLE IF EXISTS " + BenchDatabase.TOMCAT_TABLE + ", " + TEMPLATE);
    }
}
