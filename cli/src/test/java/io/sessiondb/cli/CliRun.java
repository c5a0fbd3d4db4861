package io.sessiondb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs {@code sessiondb-cli} in this JVM as a user would type it, with a given stdin and environment, and
 * keeps what it printed.
 */
final class CliRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final String stdin;

    private CliRun(Map<String, String> env, String stdin) {
        this.env = env;
        this.stdin = stdin;
    }

    /** @return a runner with an empty environment and nothing on stdin */
    static CliRun cli() {
        return new CliRun(Map.of(), "");
    }

    CliRun env(Map<String, String> env) {
        return new CliRun(env, stdin);
    }

    CliRun stdin(String text) {
        return new CliRun(env, text);
    }

    /** Runs {@code sessiondb-cli args...}. */
    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SessiondbCli.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, args);
        Result result = new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("--- sessiondb-cli " + String.join(" ", args) + "\n" + result.out + result.err + "--- exit " + status);
        return result;
    }

    /** What one run printed, and its exit code. */
    record Result(int status, String out, String err) {

        /** @return stdout parsed as one JSON document (fails when anything else is on stdout) */
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("stdout is not one JSON document: " + out, e);
            }
        }

        /** @return everything printed, for "never printed" checks */
        String all() {
            return out + err;
        }
    }
}
