package io.sessiondb.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code wrk} (Debian's package; bench/run.sh installs it) against one URL with the cookies of
 * pre-created sessions, picked at random per request by {@code sessions.lua}.
 */
public final class Wrk {

    /** What one wrk run measured. */
    public record Result(long requests, double seconds, long socketErrors, long statusErrors, double p50Ms, double p99Ms) {
        public double perSecond() {
            return requests / seconds;
        }
    }

    private final Path script;
    private final int connections;
    private final int threads;

    public Wrk(Path workDir, int connections, int threads) throws IOException {
        this.connections = connections;
        this.threads = threads;
        this.script = workDir.resolve("sessions.lua");
        try (InputStream in = Wrk.class.getResourceAsStream("sessions.lua")) {
            Files.write(script, in.readAllBytes());
        }
    }

    /** Runs wrk for {@code seconds} against {@code url}, each request with one of the lines of {@code cookies}. */
    public Result run(String url, Path cookies, int seconds) throws IOException, InterruptedException {
        List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "-s", script.toString(), url, "--", cookies.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("wrk failed: " + command + "\n" + out);
        }
        String line = out.lines().filter(l -> l.startsWith("WRK-JSON ")).findFirst()
                .orElseThrow(() -> new IOException("wrk printed no result: " + out));
        JsonNode j = new ObjectMapper().readTree(line.substring("WRK-JSON ".length()));
        return new Result(j.get("requests").asLong(), j.get("duration_us").asLong() / 1e6, j.get("socket_errors").asLong(),
                j.get("status_errors").asLong(), j.get("p50_us").asLong() / 1e3, j.get("p99_us").asLong() / 1e3);
    }
}
