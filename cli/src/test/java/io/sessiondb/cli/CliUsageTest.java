package io.sessiondb.cli;

import static io.sessiondb.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command lines that never reach a database: usage errors (exit 2), help, version, the DDL of {@code schema}. */
class CliUsageTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Test
    void noCommandIsAUsageError() {
        CliRun.Result run = cli().run();
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("Missing command") && run.err().contains("Usage: sessiondb-cli"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void unknownOptionIsAUsageErrorWithPicocliMessageAndUsage() {
        CliRun.Result run = cli().run("stats", "--jdbc-url", URL, "--nodes");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("Unknown option: '--nodes'"), run.err());
        assertTrue(run.err().contains("Usage: sessiondb-cli stats"), run.err());
    }

    @Test
    void sessionsNeedsAPrincipalOrAnAttribute() {
        CliRun.Result run = cli().run("--jdbc-url", URL, "sessions");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--principal=P | --attribute=NAME=VALUE"), run.err());
    }

    @Test
    void sessionsTakesNotBothPrincipalAndAttribute() {
        CliRun.Result run = cli().run("--jdbc-url", URL, "sessions", "--principal", "a", "--attribute", "t=x");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("mutually exclusive"), run.err());
    }

    @Test
    void limitOutOfRangeIsAUsageError() {
        CliRun.Result run = cli().run("--jdbc-url", URL, "sessions", "--principal", "a", "--limit", "0");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--limit takes 1 to 1000, got 0"), run.err());
    }

    @Test
    void attributeNeedsNameEqualsValue() {
        CliRun.Result run = cli().run("--jdbc-url", URL, "revoke", "--attribute", "tenant");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--attribute takes NAME=VALUE"), run.err());
    }

    @Test
    void revokeAllWithoutAppIsAUsageError() {
        CliRun.Result run = cli().run("--jdbc-url", URL, "revoke", "--all", "--yes");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("revoke --all needs --app APP"), run.err());
    }

    @Test
    void revokeNeedsATarget() {
        CliRun.Result run = cli().run("--jdbc-url", URL, "revoke");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--session=SHORTID"), run.err());
    }

    @Test
    void purgeRefusesApp() {
        CliRun.Result run = cli().run("--jdbc-url", URL, "--app", "shop", "purge");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--app does not apply"), run.err());
    }

    @Test
    void jdbcUrlIsRequiredAndNamed() {
        CliRun.Result run = cli().run("stats");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--jdbc-url is required (or set $SESSIONDB_JDBC_URL)"), run.err());
    }

    @Test
    void passwordAndPasswordFileAreExclusiveAndNeitherIsPrinted() throws Exception {
        Path file = Files.createTempFile("cli-cmds-pw", ".txt");
        Files.writeString(file, "fileSecret42\n");
        CliRun.Result run = cli().run("--jdbc-url", URL, "--password", "argSecret42", "--password-file", file.toString(),
                "stats");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("give --password or --password-file, not both"), run.err());
        assertFalse(run.all().contains("argSecret42") || run.all().contains("fileSecret42"), run.all());
    }

    @Test
    void aMisspelledPasswordOptionDoesNotEchoThePassword() {
        CliRun.Result run = cli().run("--jdbc-url", URL, "stats", "--pasword", "typoSecret42");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--pasword"), run.err());
        assertFalse(run.all().contains("typoSecret42"), run.all());
    }

    @Test
    void aMisspelledOptionIsPicocliMessageTheSuggestionAndTheUsage() {
        CliRun.Result run = cli().run("--jdbc-url", URL, "sessions", "--principle", "alice");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertEquals("", run.out());
        String[] lines = run.err().split("\n");
        assertEquals("Unknown options: '--principle', 'alice'", lines[0], run.err());
        assertTrue(run.err().contains("Possible solutions: --principal"), run.err());
        assertTrue(run.err().contains("Usage: sessiondb-cli sessions"), "the usage follows the suggestion: " + run.err());
    }

    @Test
    void importAndCheckPrintTheirUsageOnceAndUnwrapped() {
        for (String command : new String[] {"import", "check"}) {
            CliRun.Result help = cli().run(command, "--help");
            assertEquals(SessiondbCli.OK, help.status(), help.err());
            assertFalse(help.out().contains("Usage: Usage:"), help.out());
            java.util.List<String> lines = java.util.List.of(help.out().split("\n"));
            int usage = lines.indexOf(lines.stream().filter(l -> l.startsWith("Usage: ")).findFirst().orElseThrow());
            assertTrue(lines.get(usage).startsWith("Usage: sessiondb-cli " + command + " --"), help.out());
            for (int i = usage + 1; i < usage + 5; i++) {
                assertTrue(lines.get(i).startsWith("   "), "the synopsis goes on, indented, not wrapped: " + help.out());
            }
        }
    }

    @Test
    void serveRefusesTheGlobalOptionsItWouldIgnore() {
        CliRun.Result app = cli().env(Map.of("SESSIONDB_ADMIN_PASSWORD", "x")).run("--jdbc-url", URL, "--app", "shop", "serve");
        assertEquals(SessiondbCli.USAGE, app.status(), app.err());
        assertTrue(app.err().startsWith("serve does not take --app: the console shows every app"), app.err());
        assertTrue(app.err().contains("Usage: sessiondb-cli serve"), app.err());
        CliRun.Result json = cli().env(Map.of("SESSIONDB_ADMIN_PASSWORD", "x")).run("--jdbc-url", URL, "serve", "--json");
        assertEquals(SessiondbCli.USAGE, json.status(), json.err());
        assertTrue(json.err().startsWith("serve does not take --json"), json.err());
        assertEquals("", app.out() + json.out());
    }

    @Test
    void badTableNameIsAUsageErrorNamingTheOption() {
        CliRun.Result run = cli().run("schema", "--dialect", "sqlite", "--table", "x; drop table y");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--table: tableName"), run.err());
    }

    @Test
    void helpAndVersionExitZero() {
        CliRun.Result help = cli().run("--help");
        assertEquals(SessiondbCli.OK, help.status());
        for (String command : new String[] {"stats", "sessions", "revoke", "purge", "schema", "import", "check", "reencrypt", "values", "serve"}) {
            assertTrue(help.out().contains("  " + command + " "), command + " is listed: " + help.out());
        }
        assertTrue(help.out().contains("3   database unreachable or authentication failed"), help.out());
        CliRun.Result version = cli().run("--version");
        assertEquals(SessiondbCli.OK, version.status());
        assertTrue(version.out().startsWith("sessiondb-cli "), version.out());
        assertEquals(SessiondbCli.OK, cli().run("revoke", "--help").status());
        CliRun.Result serve = cli().run("serve", "--help");
        assertEquals(SessiondbCli.OK, serve.status());
        assertTrue(serve.out().contains("Usage: sessiondb-cli serve") && serve.out().contains("--admin-password-file"), serve.out());
    }

    @Test
    void schemaPrintsTheDdlOfEveryVersionWithTheTableFilledIn() {
        for (String dialect : new String[] {"postgresql", "mariadb", "sqlite"}) {
            CliRun.Result run = cli().run("schema", "--dialect", dialect, "--table", "shop_sessions");
            assertEquals(SessiondbCli.OK, run.status(), run.err());
            assertTrue(run.out().contains("CREATE TABLE IF NOT EXISTS shop_sessions ("), run.out());
            assertTrue(run.out().contains("shop_sessions_history"), "version 3 is included: " + run.out());
            assertTrue(run.out().contains("shop_sessions_history_days"), "version 4 is included: " + run.out());
            assertTrue(run.out().contains("-- version 1") && run.out().contains("-- version 4"), run.out());
            assertTrue(run.out().contains("-- version 5") && run.out().contains("sessiondb schema version 5 for"), run.out());
            assertFalse(run.out().contains("${table}") || run.out().contains("${name}"), run.out());
        }
    }

    @Test
    void schemaTakesTheDialectFromTheUrlWithoutConnecting() {
        CliRun.Result run = cli().env(Map.of("SESSIONDB_JDBC_URL", "jdbc:mariadb://127.0.0.1:1/nowhere"))
                .run("schema", "--json");
        assertEquals(SessiondbCli.OK, run.status(), run.err());
        JsonNode json = run.json();
        assertEquals("mariadb", json.get("dialect").asText());
        assertEquals("sessiondb_sessions", json.get("table").asText());
        assertEquals(5, json.get("version").asInt());
        assertEquals(5, json.get("scripts").size());
        assertEquals(1, json.get("scripts").get(0).get("version").asInt());
        assertTrue(json.get("scripts").get(0).get("sql").asText().contains("VARBINARY(32)"), json.toString());
    }

    @Test
    void schemaWithoutDialectOrUrlIsAUsageError() {
        CliRun.Result run = cli().run("schema");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("give --dialect postgresql|mariadb|sqlite, or --jdbc-url"), run.err());
        CliRun.Result bad = cli().run("schema", "--dialect", "oracle");
        assertEquals(SessiondbCli.USAGE, bad.status());
        assertTrue(bad.err().contains("Invalid value for option '--dialect'"), bad.err());
    }
}
