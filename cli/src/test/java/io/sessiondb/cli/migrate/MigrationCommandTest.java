package io.sessiondb.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.cli.SessiondbCli;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines of import and check, without any database. */
class MigrationCommandTest {

    @Test
    void helpPrintsTheOptionsAndExitsZero() {
        LegacyFixtures.Run run = LegacyFixtures.run("import", "--help");
        assertEquals(SessiondbCli.OK, run.status());
        assertTrue(run.out().contains("--from tomcat-jdbc|jetty-jdbc") && run.out().contains("--dry-run"), run.out());
        assertTrue(LegacyFixtures.run("check", "--help").out().contains("--sessions-ser PATH"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        LegacyFixtures.Run run = LegacyFixtures.run("import", "--frm", "tomcat-jdbc");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("Unknown options: '--frm'") && run.err().contains("Possible solutions: --from"),
                run.err());
    }

    @Test
    void fromIsCheckedFirstAndNamed() {
        LegacyFixtures.Run run = LegacyFixtures.run("import", "--from", "weblogic");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--from takes tomcat-jdbc or jetty-jdbc, got 'weblogic'"), run.err());
    }

    @Test
    void importNeedsTheTarget() {
        LegacyFixtures.Run run = LegacyFixtures.run("import", "--from", "tomcat-jdbc", "--source-url", "jdbc:x:y",
                "--webapp", ".");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--jdbc-url is required"), run.err());
    }

    @Test
    void optionThatDoesNotApplyToTheContainerIsRejected() {
        LegacyFixtures.Run run = LegacyFixtures.run("check", "--from", "tomcat-jdbc", "--source-url", "jdbc:x:y",
                "--context", "/shop", "--webapp", ".");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--context does not apply to --from tomcat-jdbc"), run.err());
    }

    @Test
    void sourceColumnTakesTheContainersPropertyNames() {
        LegacyFixtures.Run run = LegacyFixtures.run("check", "--from", "tomcat-jdbc", "--source-url", "jdbc:x:y",
                "--source-column", "idColumn=x", "--webapp", ".");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--source-column takes NAME=VALUE with NAME one of"), run.err());
    }

    @Test
    void tableAndColumnNamesMustBePlainSql() {
        assertEquals("tomcat$sessions", SqlNames.check("--source-table", "tomcat$sessions"));
        assertEquals("app.sessions", SqlNames.check("--source-table", "app.sessions"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SqlNames.check("sessionIdCol", "id; DROP TABLE x"));
        assertTrue(e.getMessage().startsWith("sessionIdCol must be a plain SQL name"), e.getMessage());
    }

    @Test
    void optionsTakeTheEqualsForm() {
        LegacyFixtures.Run run = LegacyFixtures.run("check", "--from=tomcat-jdbc", "--source-url=jdbc:x:y",
                "--source-column=idColumn=x", "--webapp=.");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--source-column takes NAME=VALUE with NAME one of"), run.err());
    }

    @Test
    void maxSessionBytesMustBePositive() {
        LegacyFixtures.Run run = LegacyFixtures.run("check", "--sessions-ser", "x.ser", "--webapp", ".",
                "--max-session-bytes", "-5");
        assertEquals(SessiondbCli.USAGE, run.status());
        assertTrue(run.err().contains("--max-session-bytes takes a positive number"), run.err());
    }

    @Test
    void jettyContextPathIsCanonicalizedAsJettyStoresIt() {
        assertEquals(List.of("_shop", "/shop"), JettyJdbcSource.canonical("/shop"));
        assertEquals(List.of("_shop_v2", "/shop.v2"), JettyJdbcSource.canonical("/shop.v2"));
        assertTrue(JettyJdbcSource.canonical("/").contains(""));
    }
}
