package io.sessiondb.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.internal.ExpiredSweep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run.sh scale}: does sessiondb stay flat as the table grows? On the benchmark's own
 * PostgreSQL, copies of one recorded session are bulk-loaded in SQL (see {@link Floor}); then
 * <ul>
 *   <li>the load statement's latency (pgbench, {@code bench.connections} clients, random sessions) with
 *       {@code bench.scaleSmall} (10,000) and with {@code bench.scaleLarge} (1,000,000) live sessions;</li>
 *   <li>the time to sweep {@code bench.expired} (100,000) expired sessions among each:
 *       {@code SessionRepository.deleteExpiredBefore} until none is left (batches of 1,000, each with its
 *       history row, as the store's sweepers do).</li>
 * </ul>
 * and the stock stores expiring the same numbers of sessions: Tomcat's DataSourceStore
 * ({@link TomcatExpiry}) and Jetty's JDBCSessionDataStore ({@link JettyExpiry}).
 */
public final class ScaleBench {

    private ScaleBench() {
    }

    public static void main(String[] args) {
        try {
            run();
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        int small = Integer.getInteger("bench.scaleSmall", 10_000);
        int large = Integer.getInteger("bench.scaleLarge", 1_000_000);
        int expired = Integer.getInteger("bench.expired", 100_000);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int connections = Integer.getInteger("bench.connections", 16);
        Path work = Files.createTempDirectory("sessiondb-scale-");
        Map<String, Object> results = new LinkedHashMap<>();
        try (BenchDatabase db = new BenchDatabase(System.getProperty("bench.url"), connections);
             Floor floor = Floor.prepare(db, work, small, Integer.getInteger("bench.pgPort"));
             TomcatExpiry tomcat = new TomcatExpiry(db);
             JettyExpiry jetty = new JettyExpiry(db)) {
            measure(db, floor, small, expired, seconds, connections, results);
            tomcatSweep(tomcat, small, expired, results);
            jettySweep(jetty, small, expired, results);
            long start = System.nanoTime();
            floor.grow(large);
            System.out.printf(Locale.ROOT, "loaded %,d sessions in %.0f s%n", large, (System.nanoTime() - start) / 1e9);
            measure(db, floor, large, expired, seconds, connections, results);
            tomcatSweep(tomcat, large, expired, results);
            jettySweep(jetty, large, expired, results);
        }
        Map<?, ?> a = (Map<?, ?>) results.get(Integer.toString(small));
        Map<?, ?> b = (Map<?, ?>) results.get(Integer.toString(large));
        StringBuilder md = new StringBuilder();
        md.append("| live sessions | sessiondb load req/s | load p50 ms | load p99 ms | sessiondb sweep of ").append(String.format(Locale.ROOT, "%,d", expired))
                .append(" expired, s | Tomcat DataSourceStore processExpires, s | Jetty JDBCSessionDataStore scavenge, s |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Map<?, ?> r : new Map<?, ?>[] {a, b}) {
            md.append(String.format(Locale.ROOT, "| %,d | %,.0f | %.2f | %.2f | %.1f | %.1f | %.1f |%n", (Integer) r.get("liveSessions"),
                    (Double) r.get("loadPerSecond"), (Double) r.get("loadP50Ms"), (Double) r.get("loadP99Ms"), (Double) r.get("sweepSeconds"),
                    (Double) r.get("tomcatSweepSeconds"), (Double) r.get("jettySweepSeconds")));
        }
        md.append(String.format(Locale.ROOT, "%nAt %,d ÷ at %,d: sessiondb load p99 %.2f, sessiondb sweep %.2f, Tomcat processExpires %.2f, Jetty scavenge %.2f%n",
                large, small, (Double) b.get("loadP99Ms") / (Double) a.get("loadP99Ms"),
                (Double) b.get("sweepSeconds") / (Double) a.get("sweepSeconds"),
                (Double) b.get("tomcatSweepSeconds") / (Double) a.get("tomcatSweepSeconds"),
                (Double) b.get("jettySweepSeconds") / (Double) a.get("jettySweepSeconds")));
        Path out = Path.of(System.getProperty("bench.out", "bench/results"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("scale.md"), md.toString());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("scale.json").toFile(), results);
        System.out.println(md);
    }

    @SuppressWarnings("unchecked")
    private static void tomcatSweep(TomcatExpiry tomcat, int live, int expired, Map<String, Object> results) throws Exception {
        tomcat.grow(live);
        double seconds = tomcat.sweep(expired);
        ((Map<String, Object>) results.get(Integer.toString(live))).put("tomcatSweepSeconds", seconds);
        System.out.printf(Locale.ROOT, "%,d live: Tomcat DataSourceStore processExpires of %,d expired %.1f s%n", live, expired, seconds);
    }

    @SuppressWarnings("unchecked")
    private static void jettySweep(JettyExpiry jetty, int live, int expired, Map<String, Object> results) throws Exception {
        jetty.grow(live);
        double seconds = jetty.sweep(expired);
        ((Map<String, Object>) results.get(Integer.toString(live))).put("jettySweepSeconds", seconds);
        System.out.printf(Locale.ROOT, "%,d live: Jetty JDBCSessionDataStore scavenge of %,d expired %.1f s%n", live, expired, seconds);
    }

    private static void measure(BenchDatabase db, Floor floor, int live, int expired, int seconds, int connections,
                                Map<String, Object> results) throws Exception {
        Floor.Latency latency = floor.loadLatency(connections, seconds);
        floor.addExpired(expired);
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(db.url);
        config.setAppName("bench");
        config.setTableName(Floor.TABLE);
        long start;
        int swept = 0;
        try (SessionRepository repo = SessionRepository.start(config)) {
            start = System.nanoTime();
            long now = System.currentTimeMillis();
            for (int n = repo.deleteExpiredBefore(now, ExpiredSweep.BATCH); n > 0; n = repo.deleteExpiredBefore(now, ExpiredSweep.BATCH)) {
                swept += n;
            }
        }
        if (swept != expired) {
            throw new IllegalStateException("swept " + swept + " of " + expired + " expired sessions");
        }
        double sweep = (System.nanoTime() - start) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("liveSessions", live);
        r.put("loadPerSecond", latency.perSecond());
        r.put("loadP50Ms", latency.p50Ms());
        r.put("loadP99Ms", latency.p99Ms());
        r.put("expired", expired);
        r.put("sweepSeconds", sweep);
        results.put(Integer.toString(live), r);
        System.out.printf(Locale.ROOT, "%,d live: load %.0f/s p50 %.2f ms p99 %.2f ms; sweep of %,d expired %.1f s%n", live,
                latency.perSecond(), latency.p50Ms(), latency.p99Ms(), expired, sweep);
    }
}
