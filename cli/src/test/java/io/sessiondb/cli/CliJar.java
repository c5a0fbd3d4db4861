package io.sessiondb.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shaded {@code cli/target/sessiondb-cli.jar} as an operator runs it: {@code java -jar sessiondb-cli.jar ...},
 * a process of its own, with an environment that holds none of sessiondb's variables but those given.
 */
public final class CliJar {

    /** What one process printed, and its exit code. */
    public record Result(int status, String out, String err) {
    }

    private CliJar() {
    }

    /** Runs {@code java -jar sessiondb-cli.jar args...} to its end. */
    public static Result run(Map<String, String> env, String... args) throws Exception {
        Path out = Files.createTempFile("cli-jar-out", ".txt");
        Path err = Files.createTempFile("cli-jar-err", ".txt");
        Process process = process(env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly(); // e.g. a serve that should have refused to start
            fail("sessiondb-cli " + String.join(" ", args) + " did not finish: " + Files.readString(out, StandardCharsets.UTF_8));
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        System.out.println("--- java -jar sessiondb-cli.jar " + String.join(" ", args) + "\n" + result.out() + result.err()
                + "--- exit " + result.status());
        return result;
    }

    /** @return the process {@code java -jar sessiondb-cli.jar args...}, not started yet */
    public static ProcessBuilder process(Map<String, String> env, String... args) {
        String jar = System.getProperty("sessiondb.cli.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the shaded jar is built by mvn package: " + jar);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("SESSIONDB_"));
        builder.environment().putAll(env);
        return builder;
    }
}
