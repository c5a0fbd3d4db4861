package io.sessiondb.bench;

import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Two repositories on the same PostgreSQL and table that differ in one setting; their runs alternate,
 * several repetitions in one process, and the medians are compared. Small sessions (three small
 * attributes), so that the statements and commits, not serialization, dominate. Scenarios: {@code load}
 * (the read-only request) and {@code one-change} (load, change the counter, save). Used by
 * {@link SynchronousCommitBench} and {@link PrepareThresholdBench}.
 */
final class PairedConfigBench {

    private static final int SESSIONS = 2000;

    @FunctionalInterface
    interface Request {
        void run(SessionRepository repo, String id);
    }

    private PairedConfigBench() {
    }

    /**
     * @param title  first words of the summary line, e.g. {@code PostgreSQL}
     * @param table  the bench's own table, dropped at the end
     * @param args   {@code [jdbcUrl] [seconds] [threads] [repetitions]}
     * @param modes  exactly two: label to what it sets on the config (after the URL); the ratio is second / first
     */
    static void run(String title, String table, String[] args, Map<String, Consumer<SessiondbConfig>> modes)
            throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        if (modes.size() != 2) {
            throw new IllegalArgumentException("two modes to compare, not " + modes.size());
        }
        Map<String, Request> scenarios = new LinkedHashMap<>();
        scenarios.put("load", (repo, id) -> repo.load(id, null).orElseThrow());
        scenarios.put("one-change", (repo, id) -> {
            LoadedSession l = repo.load(id, null).orElseThrow();
            SessionSnapshot s = l.session();
            Map<String, Object> attributes = new HashMap<>(s.attributes());
            attributes.put("counter", ThreadLocalRandom.current().nextInt());
            repo.save(new SessionSnapshot(id, s.createdMs(), s.lastAccessedMs(), s.maxInactiveMs(), s.principal(),
                    s.metadata(), attributes), l.baseline());
        });

        Map<String, SessionRepository> repos = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Consumer<SessiondbConfig>> mode : modes.entrySet()) {
                SessiondbConfig config = new SessiondbConfig();
                config.setJdbcUrl(url);
                config.setAppName("bench");
                config.setTableName(table);
                config.setMaxPoolSize(threads);
                mode.getValue().accept(config);
                repos.put(mode.getKey(), SessionRepository.start(config));
            }
            List<String> ids = createSessions(repos.values().iterator().next());
            Map<String, List<Double>> results = new LinkedHashMap<>();
            for (int rep = 1; rep <= repetitions; rep++) {
                for (Map.Entry<String, Request> scenario : scenarios.entrySet()) {
                    for (Map.Entry<String, SessionRepository> repo : repos.entrySet()) {
                        String name = scenario.getKey() + " " + repo.getKey();
                        double perSecond = measure(ids, seconds, threads, repo.getValue(), scenario.getValue());
                        System.out.printf("run %d  %-32s %10.0f req/s%n", rep, name, perSecond);
                        results.computeIfAbsent(name, k -> new ArrayList<>()).add(perSecond);
                    }
                }
            }
            System.out.printf("%n%s, %d threads, %d s per run, %d runs each, %d sessions%n",
                    title, threads, seconds, repetitions, SESSIONS);
            List<String> labels = List.copyOf(modes.keySet());
            for (String scenario : scenarios.keySet()) {
                List<Double> first = results.get(scenario + " " + labels.get(0));
                List<Double> second = results.get(scenario + " " + labels.get(1));
                System.out.printf("%-12s %s: %s  %s: %s  ratio (medians, second / first): %.2f%n", scenario,
                        labels.get(0), format(first), labels.get(1), format(second), median(second) / median(first));
            }
        } finally {
            repos.values().forEach(SessionRepository::close);
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table + "_attributes, " + table + "_index, " + table + "_history, "
                        + table + "_locks, " + table + "_schema, " + table);
            }
        }
    }

    private static List<String> createSessions(SessionRepository repo) {
        List<String> ids = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < SESSIONS; i++) {
            String id = "paired-" + i;
            repo.delete(id);
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("user", "user-" + i);
            attributes.put("locale", "en_GB");
            attributes.put("counter", 0);
            repo.save(new SessionSnapshot(id, now, now, 3_600_000, null, Map.of(), attributes), null);
            ids.add(id);
        }
        return ids;
    }

    private static double measure(List<String> ids, int seconds, int threads, SessionRepository repo, Request request)
            throws InterruptedException {
        RepositoryBench.runFor(ids, 1, threads, id -> request.run(repo, id), new LongAdder()); // warm-up
        LongAdder done = new LongAdder();
        long start = System.nanoTime();
        RepositoryBench.runFor(ids, seconds, threads, id -> request.run(repo, id), done);
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(List<Double> values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : " / ").append(String.format("%,.0f", v));
        }
        return b.toString();
    }
}
