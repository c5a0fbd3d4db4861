package io.sessiondb.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measuring loop and the report shared by the container benchmarks: each setup gets a fresh
 * server, one unmeasured warm-up run of writes, then a measured run of reads and one of writes.
 */
final class ContainerRuns {

    /** A started server under test. */
    interface Running {
        int port();

        void stop() throws Exception;
    }

    /** Starts a fresh server for one setup. */
    @FunctionalInterface
    interface Starter {
        Running start(String setup) throws Exception;
    }

    private static final List<String> KINDS = List.of("read", "write");

    private ContainerRuns() {
    }

    /** @return requests per second by "setup kind", e.g. "sessiondb read" */
    static Map<String, Double> measure(List<String> setups, Starter starter, int connections, int seconds)
            throws Exception {
        Map<String, Double> results = new LinkedHashMap<>();
        for (String setup : setups) {
            Running server = starter.start(setup);
            try {
                LoadDriver.run(server.port(), "/write", connections, seconds); // warm-up of the fresh server, not measured
                for (String kind : KINDS) {
                    double perSecond = LoadDriver.run(server.port(), "/" + kind, connections, seconds);
                    results.put(setup + " " + kind, perSecond);
                    System.out.printf("%-26s %10.0f req/s%n", setup + " " + kind, perSecond);
                }
            } finally {
                server.stop();
            }
        }
        return results;
    }

    /** Prints the results as ratios against the first setup (in memory) and against {@code baseline}. */
    static void report(String title, List<String> setups, String baseline, Map<String, Double> results) {
        System.out.printf("%n%s%n", title);
        System.out.printf("%-26s %10s %14s %14s%n", "setup", "req/s", "vs " + setups.get(0), "vs " + baseline);
        for (String kind : KINDS) {
            double first = results.get(setups.get(0) + " " + kind);
            double stock = results.get(baseline + " " + kind);
            for (String setup : setups) {
                double value = results.get(setup + " " + kind);
                System.out.printf("%-26s %10.0f %13.2fx %13.2fx%n", setup + " " + kind, value, value / first, value / stock);
            }
        }
    }
}
