package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaScriptTest {

    @Test
    void splitsOnLineEndingSemicolonsAndDropsComments() {
        List<String> statements = SchemaScript.statements("""
                -- a comment; with a semicolon
                CREATE TABLE a (
                    x INT -- trailing
                );

                CREATE INDEX a_ix ON a (x);
                """);
        assertEquals(2, statements.size());
        assertTrue(statements.get(0).startsWith("CREATE TABLE a ("));
        assertEquals("CREATE INDEX a_ix ON a (x)", statements.get(1));
    }

    @Test
    void fillsTableAndUnqualifiedName() {
        String ddl = SchemaScript.load("postgresql", "app.my_sessions");
        assertTrue(ddl.contains("CREATE TABLE IF NOT EXISTS app.my_sessions ("));
        assertTrue(ddl.contains("CREATE INDEX IF NOT EXISTS my_sessions_expiry_ix ON app.my_sessions"));
        assertTrue(ddl.contains("app.my_sessions_attributes"));
        assertFalse(ddl.contains("${"), "no placeholder left");
    }

    @Test
    void everyDialectShipsTheBaseScriptAndOneUpgradePerLaterVersion() {
        for (String dialect : List.of("postgresql", "mariadb", "sqlite")) {
            List<String> scripts = SchemaScript.all(dialect, "my_sessions");
            assertEquals(SchemaInfo.CURRENT_VERSION, scripts.size(), dialect);
            assertTrue(scripts.get(0).contains("CREATE TABLE IF NOT EXISTS my_sessions ("), dialect);
            assertTrue(scripts.get(1).contains("previous_access_ms") && scripts.get(1).contains("SELECT 2,"), dialect);
            assertEquals("schema/" + dialect + "/V2.sql", SchemaScript.resource(dialect, 2));
        }
    }
}
