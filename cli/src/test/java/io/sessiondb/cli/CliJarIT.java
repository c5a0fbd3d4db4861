package io.sessiondb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shaded jar as an operator runs it: {@code java -jar sessiondb-cli.jar ...}, a process of its own. */
class CliJarIT {

    @Test
    void statsOfATableWrittenByRealSessions() throws Exception {
        String table = TestDatabase.uniqueTable("cli_cmds_jar");
        try {
            try (SessionRepository shop = SessionRepository.start(TestDatabase.postgresConfig(table, "shop"))) {
                long now = System.currentTimeMillis();
                shop.save(new SessionSnapshot("JAR0SESSION0ONE", now, now, 1_800_000, "alice", Map.of(), Map.of("v", 1)), null);
                shop.save(new SessionSnapshot("JAR0SESSION0TWO", now, now, 1_800_000, "bob", Map.of(), Map.of("v", 2)), null);
            }
            CliJar.Result stats = java(Map.of("SESSIONDB_JDBC_URL", TestDatabase.PG_URL), "--table", table, "stats", "--json");
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
        CliJar.Result run = java(Map.of("SESSIONDB_PASSWORD", "jarSecret42"), "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/test",
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
        CliJar.Result version = java(Map.of(), "--version");
        assertEquals(SessiondbCli.OK, version.status(), version.err());
        assertTrue(version.out().matches("sessiondb-cli \\d+\\.\\d+\\.\\d+.*\\n"), "the version from the manifest: " + version.out());
        CliJar.Result usage = java(Map.of(), "revoke", "--all", "--jdbc-url", TestDatabase.PG_URL);
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

    private static CliJar.Result java(Map<String, String> env, String... args) throws Exception {
        return CliJar.run(env, args);
    }
}
