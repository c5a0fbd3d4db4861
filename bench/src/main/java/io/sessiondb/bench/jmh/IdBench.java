package io.sessiondb.bench.jmh;

import io.sessiondb.core.internal.SessionIds;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the store does to a session id on every request and save: its digest (the row key: HMAC-SHA-256
 * with the idSecret), and sealing/unsealing (AES-GCM, written on insert and read by expiry).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IdBench {

    private static final String ID = "9F2A6C1B7E4D3A5F8C0B2E1D4A7F6C3B";

    private SessionIds ids;
    private byte[] sealed;

    @Setup
    public void setUp() {
        byte[] sealKey = new byte[32];
        new java.util.Random(1).nextBytes(sealKey);
        ids = new SessionIds(List.of("a-long-random-secret-shared-by-all-nodes"), sealKey);
        sealed = ids.seal(ID);
    }

    @Benchmark
    public byte[] digest() {
        return ids.digest(ID);
    }

    @Benchmark
    public byte[] seal() {
        return ids.seal(ID);
    }

    @Benchmark
    public String unseal() {
        return ids.unseal(sealed);
    }
}
