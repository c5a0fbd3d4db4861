package io.sessiondb.bench.http;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * One container and setup under wrk, for profiling a request: creates the sessions, warms up with each
 * request kind ({@link HttpBench#warmUp}), then runs each request kind ({@code peek}, {@code count})
 * {@code rounds} times and prints req/s and this JVM's CPU per request (an embedded container and the store;
 * a distribution runs in a JVM of its own, counted under "JVM" in the line below it; wrk and PostgreSQL run in
 * other processes). With {@code bench.bigSessions} above 0, also {@code big}: {@code count} on that many sessions
 * holding an untouched 256 KiB attribute. With {@code bench.jfr} set to a directory, each kind's last run is recorded with JFR's
 * {@code profile} settings into {@code <dir>/<container>-<setup>-<kind>.jfr}.
 *
 * <pre>
 * java -Dbench.jfr=/tmp/jfr -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.http.ProfileBench \
 *      'jdbc:postgresql://127.0.0.1:5432/test?user=root' tomcat-embedded sessiondb 5 3
 * </pre>
 * With {@code bench.floorPort} (the PostgreSQL port of the URL, where user {@code bench} owns database
 * {@code bench}), also runs the database floor ({@link Floor}: pgbench on the store's own load and save
 * statements) with the same CPU accounting. Each run prints where the machine's CPU went per request
 * ({@link ProcessCpu}: the JVMs, postgres, wrk or pgbench, the rest) and the context switches.
 * Container {@code floor} runs only that (with {@code bench.floorLarge}: again among that many sessions).
 * Arguments: JDBC URL, container (one of {@code bench.containers} of {@link HttpBench}, a distribution with
 * the path properties bench/run.sh sets, or {@code floor}), setup ({@code in-memory}, {@code stock},
 * {@code sessiondb}), seconds per run, rounds.
 */
public final class ProfileBench {

    private ProfileBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String containerName = args.length > 1 ? args[1] : "tomcat-embedded";
        Setup setup = args.length > 2 ? setup(args[2]) : Setup.SESSIONDB;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        int connections = Integer.getInteger("bench.connections", 16);
        int sessions = Integer.getInteger("bench.sessions", 1000);
        String jfr = System.getProperty("bench.jfr");
        Path work = Files.createTempDirectory("sessiondb-profile-");
        Wrk wrk = new Wrk(work, connections, 2);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (BenchDatabase db = new BenchDatabase(url, connections)) {
            db.dropAll();
            if (containerName.equals("floor")) {
                floor(db, work, sessions, connections, seconds, rounds);
                System.exit(0);
            }
            Container container = HttpBench.container(containerName, db, work);
            try (Container.Running server = container.start(setup)) {
                Path small = SessionCookies.create(server.baseUrl(), sessions, false, work.resolve("cookies-small.txt"));
                int bigSessions = Integer.getInteger("bench.bigSessions", 0);
                Path big = bigSessions == 0 ? null : SessionCookies.create(server.baseUrl(), bigSessions, true, work.resolve("cookies-big.txt"));
                db.execute("ANALYZE"); // as HttpBench: planner statistics on the fresh tables
                HttpBench.warmUp(wrk, server.baseUrl(), small, big, Integer.getInteger("bench.warmupSeconds", 5));
                for (int round = 1; round <= rounds; round++) {
                    for (String kind : big == null ? new String[] {"peek", "count"} : new String[] {"peek", "count", "big"}) {
                        Recording recording = null;
                        if (jfr != null && round == rounds) {
                            recording = new Recording(Configuration.getConfiguration("profile"));
                            recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(
                                    Integer.getInteger("bench.jfrPeriodMs", 2)));
                            for (String wait : new String[] {"jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter", "jdk.SocketRead"}) {
                                recording.enable(wait).withThreshold(java.time.Duration.ofMillis(Integer.getInteger("bench.jfrWaitMs", 5)));
                            }
                            recording.start();
                        }
                        long[] ticks0 = ticks();
                        ProcessCpu machine0 = ProcessCpu.now();
                        long cpu0 = os.getProcessCpuTime();
                        Wrk.Result r = kind.equals("big") ? wrk.run(server.baseUrl() + "/count", big, seconds)
                                : wrk.run(server.baseUrl() + "/" + kind, small, seconds);
                        long cpu = os.getProcessCpuTime() - cpu0;
                        ProcessCpu machine1 = ProcessCpu.now();
                        long[] ticks1 = ticks();
                        long user = ticks1[0] - ticks0[0];
                        long system = ticks1[1] - ticks0[1];
                        if (recording != null) {
                            recording.stop();
                            Path out = Path.of(jfr, containerName + "-" + setup.label + "-" + kind + ".jfr");
                            Files.createDirectories(out.getParent());
                            recording.dump(out);
                            recording.close();
                        }
                        System.out.printf(Locale.ROOT, "%s %s %-5s round %d: %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  JVM CPU %5.0f us/req"
                                        + " (%.0f%% kernel)  errors %d  load %.1f%n", containerName, setup.label, kind, round, r.perSecond(), r.p50Ms(),
                                r.p99Ms(), cpu / 1e3 / Math.max(1, r.requests()), 100.0 * system / Math.max(1, user + system),
                                r.socketErrors() + r.statusErrors(), os.getSystemLoadAverage());
                        System.out.println("    " + machine1.perRequestSince(machine0, r.requests()));
                    }
                }
            }
        }
        if (Integer.getInteger("bench.floorPort") != null) {
            try (BenchDatabase db = new BenchDatabase(url, connections)) {
                floor(db, work, sessions, connections, seconds, rounds);
            }
        }
        System.exit(0);
    }

    /**
     * The database floor with the CPU accounting: pgbench (as user {@code bench} on database {@code bench}
     * at port {@code bench.floorPort}, as in bench/run.sh) on the store's load and save statements among
     * {@code sessions} copies of a session, then, with {@code bench.floorLarge}, the same among that many.
     */
    private static void floor(BenchDatabase db, Path work, int sessions, int connections, int seconds, int rounds) throws Exception {
        try (Floor floor = Floor.prepare(db, work, sessions, Integer.getInteger("bench.floorPort"))) {
            runFloor(floor, sessions, connections, seconds, rounds);
            Integer large = Integer.getInteger("bench.floorLarge");
            if (large != null) {
                floor.grow(large);
                runFloor(floor, large, connections, seconds, rounds);
            }
        }
    }

    private static void runFloor(Floor floor, int sessions, int connections, int seconds, int rounds) throws Exception {
        for (int round = 1; round <= rounds; round++) {
            for (boolean save : new boolean[] {false, true}) {
                ProcessCpu machine0 = ProcessCpu.now();
                Floor.Latency load = save ? null : floor.loadLatency(connections, seconds);
                double tps = save ? floor.runOne(true, connections, seconds) : load.perSecond();
                ProcessCpu machine1 = ProcessCpu.now();
                System.out.printf(Locale.ROOT, "floor %s among %,d round %d: %8.0f tx/s (pgbench -M prepared -c%d)%s%n    %s%n",
                        save ? "save" : "load", sessions, round, tps, connections,
                        save ? "" : String.format(Locale.ROOT, "  p50 %.2f ms  p99 %.2f ms", load.p50Ms(), load.p99Ms()),
                        machine1.perRequestSince(machine0, Math.round(tps * Floor.runSeconds(seconds))));
            }
        }
    }

    /** @return this process's user and kernel CPU time in clock ticks ({@code /proc/self/stat}), zeros elsewhere */
    private static long[] ticks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (java.io.IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static Setup setup(String label) {
        for (Setup s : Setup.values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException(label);
    }
}
