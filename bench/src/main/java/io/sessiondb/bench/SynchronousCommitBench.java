package io.sessiondb.bench;

import io.sessiondb.core.SessiondbConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@code synchronousCommit=false} (PostgreSQL {@code synchronous_commit = off} for each save) gains
 * writes: the default ({@code true}) against {@code false}, alternating ({@link PairedConfigBench}).
 * Scenario {@code one-change}: load, change the counter, save; {@code load} for reference (no commit
 * waits for the WAL there).
 *
 * <p>Usage: {@code java -cp bench/target/sessiondb-bench.jar io.sessiondb.bench.SynchronousCommitBench
 * [jdbcUrl] [seconds] [threads] [repetitions]}
 */
public final class SynchronousCommitBench {

    private SynchronousCommitBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Consumer<SessiondbConfig>> modes = new LinkedHashMap<>();
        modes.put("synchronousCommit=true", config -> config.setSynchronousCommit(true));
        modes.put("synchronousCommit=false", config -> config.setSynchronousCommit(false));
        PairedConfigBench.run("PostgreSQL", "bench_commit", args, modes);
    }
}
