package io.sessiondb.cli;

import static io.sessiondb.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exit 3: a database that does not answer (a closed port) or refuses the login (a wrong password on
 * MariaDB), in one line naming the URL without its password, and the password never printed, however
 * it was given.
 */
class CliFailuresIT {

    private static final String CLOSED_PORT = "jdbc:postgresql://127.0.0.1:1/test";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test";

    @Test
    void aClosedPortIsUnreachableInOneLine() {
        CliRun.Result run = cli().run("--jdbc-url", CLOSED_PORT, "stats");
        assertEquals(SessiondbCli.UNREACHABLE, run.status(), run.all());
        assertEquals("", run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("sessiondb-cli stats: cannot connect to " + CLOSED_PORT + ": "), run.err());
        assertTrue(run.err().contains("refused"), run.err());
    }

    @Test
    void aPasswordInTheUrlIsMasked() {
        CliRun.Result run = cli().run("--jdbc-url", CLOSED_PORT + "?user=root&password=urlSecret42", "sessions",
                "--principal", "alice", "--json");
        assertEquals(SessiondbCli.UNREACHABLE, run.status(), run.all());
        assertTrue(run.err().contains(CLOSED_PORT + "?user=root"), run.err());
        assertFalse(run.all().contains("urlSecret42"), run.all());
        assertEquals("", run.out(), "nothing on stdout but the JSON result");
    }

    @Test
    void aWrongPasswordOnMariaDbIsExitThreeAndNeverPrinted() throws Exception {
        CliRun.Result option = cli().run("--jdbc-url", MARIADB, "--username", "root", "--password", "optionSecret42",
                "stats", "--verbose");
        assertEquals(SessiondbCli.UNREACHABLE, option.status(), option.all());
        assertTrue(option.err().contains("Access denied for user 'root'"), option.err());
        assertFalse(option.all().contains("optionSecret42"), "not even in --verbose's stack trace: " + option.all());

        CliRun.Result env = cli().env(Map.of("SESSIONDB_JDBC_URL", MARIADB, "SESSIONDB_PASSWORD", "envSecret42"))
                .run("--username", "root", "revoke", "--principal", "alice");
        assertEquals(SessiondbCli.UNREACHABLE, env.status(), env.all());
        assertEquals(1, env.err().strip().lines().count(), env.err());
        assertTrue(env.err().startsWith("sessiondb-cli revoke: cannot connect to " + MARIADB + ": "), env.err());
        assertFalse(env.all().contains("envSecret42"), env.all());

        Path file = Files.createTempFile("cli-cmds-password", ".txt");
        Files.writeString(file, "fileSecret42\n");
        CliRun.Result fromFile = cli().run("--jdbc-url", MARIADB, "--username", "root", "--password-file", file.toString(),
                "sessions", "--principal", "alice");
        assertEquals(SessiondbCli.UNREACHABLE, fromFile.status(), fromFile.all());
        assertTrue(fromFile.err().contains("(using password: YES)"), "the file's password was used: " + fromFile.err());
        assertFalse(fromFile.all().contains("fileSecret42"), fromFile.all());
    }

    @Test
    void importNamesTheSourceItCannotReach() {
        CliRun.Result run = cli().run("check", "--from", "jetty-jdbc", "--source-url",
                "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=sourceSecret42", "--webapp", ".");
        assertEquals(SessiondbCli.UNREACHABLE, run.status(), run.all());
        assertTrue(run.err().startsWith("sessiondb-cli check: cannot connect to jdbc:mariadb://127.0.0.1:3306/test?user=root&password=****: "),
                run.err());
        assertFalse(run.all().contains("sourceSecret42"), run.all());
    }
}
