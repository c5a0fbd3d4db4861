package io.sessiondb.bench.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark bench/run.sh runs: every container (the real Tomcat 11 and jetty-home 12.1 distributions,
 * embedded Tomcat and Jetty) with every setup (in-memory, stock database store, sessiondb), each serving
 * read-only, one-attribute-write and 256 KiB-session requests through wrk, interleaved and repeated; the
 * database floor (pgbench on the store's own statements) once per round. Prints the table of medians and
 * writes it with the chart and the raw numbers (see {@link Report}).
 *
 * <p>Settings are system properties, set by bench/run.sh: {@code bench.url} (the servers' JDBC URL, user
 * {@code bench}), {@code bench.monitorUrl} (a superuser in database {@code postgres}), {@code bench.pgPort},
 * {@code bench.rounds} (3), {@code bench.seconds} per run (10), {@code bench.warmupSeconds} (30, per setup, shared by the request kinds),
 * {@code bench.sessions} (1000), {@code bench.bigSessions} (100), {@code bench.connections} (16, also each
 * pool's size and pgbench's clients), {@code bench.containers} (all four), {@code bench.out} and
 * {@code bench.name} (where the results go), and the distributions' paths {@code bench.tomcatHome},
 * {@code bench.tomcatAllJar}, {@code bench.jettyHome}, {@code bench.jettyBaseZip}, {@code bench.docs}.
 */
public final class HttpBench {

    private HttpBench() {
    }

    public static void main(String[] args) {
        try {
            run();
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1); // the servers' threads must not keep a failed benchmark alive
        }
    }

    private static void run() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        int seconds = Integer.getInteger("bench.seconds", 10);
        // Each setup starts a fresh server: with 30 s the distributions read at 6,645 (Tomcat) and 6,896 (Jetty)
        // req/s against 5,586 and 3,449 after 5 s (two idle runs of 2026-12-04, bench/README.md).
        int warmup = Integer.getInteger("bench.warmupSeconds", 30);
        int sessions = Integer.getInteger("bench.sessions", 1000);
        int bigSessions = Integer.getInteger("bench.bigSessions", 100);
        int connections = Integer.getInteger("bench.connections", 16);
        String url = required("bench.url");
        Path work = Files.createTempDirectory("sessiondb-bench-");
        Wrk wrk = new Wrk(work, connections, 2);
        PgStats stats = new PgStats(required("bench.monitorUrl"));
        List<Measurement> measurements = new ArrayList<>();
        List<Floor.Result> floors = new ArrayList<>();
        try (BenchDatabase db = new BenchDatabase(url, connections);
             Floor floor = Floor.prepare(db, work, sessions, Integer.getInteger("bench.pgPort"))) {
            db.dropAll();
            List<Container> containers = containers(db, work);
            List<Setup> setups = setups();
            for (int round = 1; round <= rounds; round++) {
                Floor.Result f = floor.run(connections, seconds);
                floors.add(f);
                System.out.printf(Locale.ROOT, "round %d: database floor load %.0f/s, save %.0f/s%n", round, f.loadsPerSecond(),
                        f.savesPerSecond());
                for (int c = 0; c < containers.size(); c++) {
                    Container container = containers.get((c + round - 1) % containers.size());
                    for (int s = 0; s < setups.size(); s++) {
                        Setup setup = setups.get((s + round - 1) % setups.size());
                        measurements.addAll(measure(round, container, setup, db, wrk, stats, work, sessions, bigSessions, seconds, warmup));
                    }
                }
            }
            Report report = new Report(measurements, floors, containers.stream().map(Container::name).toList());
            String title = String.format(Locale.ROOT, "sessiondb bench, %s: medians of %d rounds, %d s per run, wrk -c%d, %d sessions"
                    + " (%d of 256 KiB), PostgreSQL 15 on loopback", Instant.now().toString().substring(0, 16), rounds, seconds,
                    connections, sessions, bigSessions) + BenchOptions.titleNote();
            Path out = Path.of(System.getProperty("bench.out", "bench/results"));
            String name = System.getProperty("bench.name", "http");
            report.write(out, name, title);
            System.out.println();
            System.out.println(report.markdown(title));
            System.out.println("wrote " + out.resolve(name + ".{md,csv,json,png}"));
        }
    }

    private static List<Container> containers(BenchDatabase db, Path work) {
        List<Container> all = new ArrayList<>();
        for (String name : System.getProperty("bench.containers", "tomcat-dist,jetty-dist,tomcat-embedded,jetty-embedded").split(",")) {
            all.add(container(name.trim(), db, work));
        }
        return all;
    }

    /** @return the container of that name in {@code bench.containers}, a distribution from its path properties */
    static Container container(String name, BenchDatabase db, Path work) {
        return switch (name) {
            case "tomcat-dist" -> new TomcatDistribution(db, Path.of(required("bench.tomcatHome")),
                    Path.of(required("bench.tomcatAllJar")), Path.of(required("bench.docs")), work);
            case "jetty-dist" -> new JettyDistribution(db, Path.of(required("bench.jettyHome")),
                    Path.of(required("bench.jettyBaseZip")), Path.of(required("bench.docs")), work);
            case "tomcat-embedded" -> new EmbeddedTomcat(db);
            case "jetty-embedded" -> new EmbeddedJetty(db);
            default -> throw new IllegalArgumentException("unknown container " + name
                    + " (tomcat-dist, jetty-dist, tomcat-embedded, jetty-embedded)");
        };
    }

    private static List<Setup> setups() {
        List<Setup> setups = new ArrayList<>();
        for (String label : System.getProperty("bench.setups", "in-memory,stock,sessiondb").split(",")) {
            setups.add(Arrays.stream(Setup.values()).filter(s -> s.label.equals(label.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("bench.setups: unknown setup " + label + " (in-memory, stock, sessiondb)")));
        }
        return setups;
    }

    private static List<Measurement> measure(int round, Container container, Setup setup, BenchDatabase db, Wrk wrk, PgStats stats, Path work,
                                             int sessions, int bigSessions, int seconds, int warmup) throws Exception {
        List<Measurement> out = new ArrayList<>();
        try (Container.Running server = container.start(setup)) {
            Path small = SessionCookies.create(server.baseUrl(), sessions, false, work.resolve("cookies-small.txt"));
            Path big = SessionCookies.create(server.baseUrl(), bigSessions, true, work.resolve("cookies-big.txt"));
            // Planner statistics on the fresh tables, as autovacuum gives them within a minute in production: before
            // them every index of a table ties in PostgreSQL's estimates, and a cached plan may read a whole table.
            db.execute("ANALYZE");
            warmUp(wrk, server.baseUrl(), small, big, warmup);
            for (Measurement.Kind kind : Measurement.Kind.values()) {
                PgStats.Snapshot before = stats.snapshot();
                ProcessCpu machine = ProcessCpu.now();
                Wrk.Result r = wrk.run(server.baseUrl() + "/" + kind.path, kind.big ? big : small, seconds);
                String cpu = ProcessCpu.now().perRequestSince(machine, r.requests());
                PgStats.Snapshot d = stats.snapshot().minus(before);
                double n = Math.max(1, r.requests());
                Measurement m = new Measurement(round, container.name(), setup.label, kind.name(), r.perSecond(), r.p50Ms(), r.p99Ms(),
                        r.socketErrors() + r.statusErrors(), d.statements() / n, d.writeTransactions() / n, d.walBytes() / n);
                out.add(m);
                System.out.printf(Locale.ROOT, "  %-20s %-20s %-6s %9.0f req/s  p99 %7.2f ms  %5.2f stmts  %5.2f xacts  %8.0f WAL B/req%s%n",
                        container.name(), setup == Setup.STOCK ? container.stockName() : setup.label, kind.name().toLowerCase(Locale.ROOT), m.perSecond(), m.p99Ms(),
                        m.statementsPerRequest(), m.writeTransactionsPerRequest(), m.walBytesPerRequest(),
                        m.errors() > 0 ? "  " + m.errors() + " ERRORS" : "");
                System.out.println("      " + cpu);
            }
        }
        return out;
    }

    /**
     * The fresh server's warm-up, not measured: each request kind in turn ({@code big} only with its sessions,
     * {@code big} not null), {@code seconds} in all. A warm-up of
     * writes alone left the read path to be compiled in the measured run: a fresh jetty-home then read at
     * 0.6-0.8x of its own later runs, while the embedded servers in this long-lived JVM had compiled it in
     * earlier setups (bench/README.md, "A fresh JVM's first read").
     */
    static void warmUp(Wrk wrk, String baseUrl, Path small, Path big, int seconds) throws Exception {
        List<Measurement.Kind> kinds = Arrays.stream(Measurement.Kind.values()).filter(k -> !k.big || big != null).toList();
        for (Measurement.Kind kind : kinds) {
            wrk.run(baseUrl + "/" + kind.path, kind.big ? big : small, Math.max(1, seconds / kinds.size()));
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalArgumentException("system property " + property + " is not set: run bench/run.sh");
        }
        return value;
    }
}
