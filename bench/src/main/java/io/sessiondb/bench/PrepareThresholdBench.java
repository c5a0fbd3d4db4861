package io.sessiondb.bench;

import io.sessiondb.core.SessiondbConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What pgjdbc's server-side prepared statements save the store, i.e. what turning them off
 * ({@code prepareThreshold=0}, as PgBouncer's transaction mode needs before 1.21) costs:
 * {@code prepareThreshold=5} (the driver's default) against {@code prepareThreshold=0}, both given
 * explicitly in the URL, alternating ({@link PairedConfigBench}).
 *
 * <p>Usage: {@code java -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.PrepareThresholdBench
 * [jdbcUrl] [seconds] [threads] [repetitions]}; the URL must go to PostgreSQL directly and must not
 * carry {@code prepareThreshold} already.
 */
public final class PrepareThresholdBench {

    private PrepareThresholdBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=root";
        String sep = url.contains("?") ? "&" : "?";
        Map<String, Consumer<SessiondbConfig>> modes = new LinkedHashMap<>();
        modes.put("prepareThreshold=5", config -> config.setJdbcUrl(url + sep + "prepareThreshold=5"));
        modes.put("prepareThreshold=0", config -> config.setJdbcUrl(url + sep + "prepareThreshold=0"));
        PairedConfigBench.run("PostgreSQL direct", "bench_prepare", args, modes);
    }
}
