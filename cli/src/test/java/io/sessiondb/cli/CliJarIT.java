package io.sessiondb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shaded jar as an operator runs it: {@code java -jar sessiondb-cli.jar ...}, a process of its own. */
class CliJarIT {

    /** What one process printed, and its exit code. */
    record Process(int status, String out, String err) {
    }

    @Test
    void statsOfATableWrittenByRealSessions() throws Exception {
        String table = TestDatabase.uniqueTable("cli_cmds_jar");
        try {
            try (SessionRepository shop = SessionRepository.start(TestDatabase.postgresConfig(table, "shop"))) {
                long now = System.currentTimeMillis();
                shop.save(new SessionSnapshot("JAR0SESSION0ONE", now, now, 1_800_000, "alice", Map.of(), Map.of("v", 1)), null);
                shop.save(new SessionSnapshot("JAR0SESSION0TWO", now, now, 1_800_000, "bob", Map.of(), Map.of("v", 2)), null);
            }
            Process stats = java(Map.of("SESSIONDB_JDBC_URL", TestDatabase.PG_URL), "--table", table, "stats", "--json");
            assertEquals(SessiondbCli.OK, stats.status(), stats.err());
            assertEquals("", stats.err(), "nothing on stderr: no logging, no SLF4J warning");
            JsonNode json = new ObjectMapper().readTree(stats.out());
            assertEquals(2, json.get("sessions").asLong(), stats.out());
            assertEquals(2, json.get("principals").asLong(), stats.out());
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineOnStderrAndExitThree() throws Exception {
        Process run = java(Map.of("SESSIONDB_PASSWORD", "jarSecret42"), "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/test",
                "--username", "root", "stats");
        assertEquals(SessiondbCli.UNREACHABLE, run.status(), run.err());
        assertEquals("", run.out());
        assertEquals(1, run.err().strip().lines().count(), "one line, no log, no stack trace: " + run.err());
        assertTrue(run.err().startsWith("sessiondb-cli stats: cannot connect to jdbc:postgresql://127.0.0.1:1/test: "),
                run.err());
        assertFalse(run.err().contains("jarSecret42"), run.err());
    }

    @Test
    void versionAndUsageError() throws Exception {
        Process version = java(Map.of(), "--version");
        assertEquals(SessiondbCli.OK, version.status(), version.err());
        assertTrue(version.out().matches("sessiondb-cli \\d+\\.\\d+\\.\\d+.*\\n"), "the version from the manifest: " + version.out());
        Process usage = java(Map.of(), "revoke", "--all", "--jdbc-url", TestDatabase.PG_URL);
        assertEquals(SessiondbCli.USAGE, usage.status(), usage.err());
        assertTrue(usage.err().contains("revoke --all needs --app APP"), usage.err());
    }

    @Test
    void theJarCanReadAPrincipalTomcatPersisted() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(System.getProperty("sessiondb.cli.jar"))) {
            assertTrue(jar.getEntry("org/apache/catalina/realm/GenericPrincipal.class") != null,
                    "import keeps Tomcat's persisted principal: its class must be in the jar, not relocated");
        }
    }

    private static Process java(Map<String, String> env, String... args) throws Exception {
        String jar = System.getProperty("sessiondb.cli.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "the shaded jar is built by mvn package: " + jar);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("SESSIONDB_JDBC_URL");
        builder.environment().remove("SESSIONDB_PASSWORD");
        builder.environment().putAll(env);
        Path out = Files.createTempFile("cli-cmds-out", ".txt");
        Path err = Files.createTempFile("cli-cmds-err", ".txt");
        java.lang.Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "sessiondb-cli " + String.join(" ", args) + " finished");
        Process result = new Process(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        System.out.println("--- java -jar sessiondb-cli.jar " + String.join(" ", args) + "\n" + result.out() + result.err()
                + "--- exit " + result.status());
        return result;
    }
}
