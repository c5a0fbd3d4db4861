package io.sessiondb.bench.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options that change what the containers run, each read here once from its system property
 * ({@code BENCH_JAVA_OPTS} of bench/run.sh). Unset, every container runs as documented.
 * <ul>
 *   <li>{@code bench.synchronousCommit}: sessiondb's {@code synchronousCommit} in all four containers;</li>
 *   <li>{@code bench.distPoolSize}: the distributions' sessiondb {@code maxPoolSize} (documented default 10);</li>
 *   <li>{@code bench.idSecret}: the embedded Jetty's {@code idSecret}, with {@code nodeName} node1, as the
 *       ini of docs/jetty.md sets them;</li>
 *   <li>{@code bench.jettyWebapp=true}: the embedded Jetty's webapp in a {@code WebAppContext}, as jetty-home
 *       deploys it, instead of a {@code ServletContextHandler};</li>
 *   <li>{@code bench.distJvmOptions}: more options for the distributions' JVMs (e.g. JFR).</li>
 * </ul>
 */
final class BenchOptions {

    static final String SYNCHRONOUS_COMMIT = System.getProperty("bench.synchronousCommit");
    static final String DIST_POOL_SIZE = System.getProperty("bench.distPoolSize");
    static final String ID_SECRET = System.getProperty("bench.idSecret");
    static final boolean JETTY_WEBAPP = Boolean.getBoolean("bench.jettyWebapp");
    static final List<String> DIST_JVM_OPTIONS = List.of(System.getProperty("bench.distJvmOptions", "").trim().split("\\s+"))
            .stream().filter(o -> !o.isEmpty()).toList();

    private BenchOptions() {
    }

    /** @return the sessiondb properties a distribution adds to the documented configuration, by property name */
    static Map<String, String> distributionSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (DIST_POOL_SIZE != null) {
            settings.put("maxPoolSize", DIST_POOL_SIZE);
        }
        if (SYNCHRONOUS_COMMIT != null) {
            settings.put("synchronousCommit", SYNCHRONOUS_COMMIT);
        }
        return settings;
    }

    /** @return what a report's title says of a commit mode that is not the default, else "" */
    static String titleNote() {
        return SYNCHRONOUS_COMMIT == null ? "" : "; sessiondb with synchronousCommit=" + SYNCHRONOUS_COMMIT;
    }
}
