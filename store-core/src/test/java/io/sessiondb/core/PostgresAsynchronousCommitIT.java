package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code synchronousCommit=false} on PostgreSQL: every save (insert, attribute update, touch) runs with
 * {@code synchronous_commit = off} in its own transaction, and only then. Observed inside the save's
 * transaction by triggers on the test's tables, which record {@code current_setting('synchronous_commit')}
 * as the store's own statement leaves it; no timing.
 */
class PostgresAsynchronousCommitIT {

    private final String table = TestDatabase.uniqueTable("async_commit");

    @BeforeEach
    void createTables() {
        SessiondbConfig config = TestDatabase.postgresConfig(table, "app");
        try (SessionRepository ignored = SessionRepository.start(config)) {
            // creates the tables
        }
        sql("CREATE TABLE " + table + "_probe (n SERIAL PRIMARY KEY, tbl TEXT, setting TEXT)",
                "CREATE FUNCTION " + table + "_probe() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " INSERT INTO " + table + "_probe (tbl, setting) VALUES (TG_TABLE_NAME, current_setting('synchronous_commit'));"
                        + " RETURN NULL; END $$",
                "CREATE TRIGGER probe AFTER INSERT OR UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION " + table + "_probe()",
                "CREATE TRIGGER probe AFTER INSERT OR UPDATE ON " + table + "_attributes FOR EACH ROW EXECUTE FUNCTION "
                        + table + "_probe()");
    }

    @AfterEach
    void dropTables() {
        sql("DROP TABLE IF EXISTS " + table + "_probe");
        TestDatabase.dropTables(table);
        sql("DROP FUNCTION IF EXISTS " + table + "_probe()");
    }

    @Test
    void everySaveRunsWithSynchronousCommitOffWhenItIsFalse() {
        assertEquals(List.of("a:off", "a:off", "a:off", "t:off", "t:off", "t:off"), probesOfThreeSaves(false));
    }

    @Test
    void savesKeepTheServersSettingByDefault() {
        assertEquals(List.of("a:on", "a:on", "a:on", "t:on", "t:on", "t:on"), probesOfThreeSaves(true));
    }

    /**
     * Inserts a session of two attributes (the session row and two attribute rows), changes one attribute
     * (its row, and the session row's version: no touch due), then saves with a touch due (the session row).
     *
     * @return one entry per row written, sorted: {@code t} the session row, {@code a} an attribute row, and the setting
     */
    private List<String> probesOfThreeSaves(boolean synchronousCommit) {
        SessiondbConfig config = TestDatabase.postgresConfig(table, "app");
        config.setSynchronousCommit(synchronousCommit);
        try (SessionRepository repo = SessionRepository.start(config)) {
            long now = System.currentTimeMillis();
            SaveResult inserted = repo.save(new SessionSnapshot("s1", now, now, 60_000, null, Map.of(),
                    Map.of("a", "x", "b", "y")), null);
            assertEquals(SaveResult.Outcome.INSERTED, inserted.outcome());
            SaveResult updated = repo.save(new SessionSnapshot("s1", now, now, 60_000, null, Map.of(),
                    Map.of("a", "x2", "b", "y")), inserted.baseline());
            assertEquals(SaveResult.Outcome.UPDATED, updated.outcome());
            SaveResult touched = repo.save(new SessionSnapshot("s1", now, now + 10_000, 60_000, null, Map.of(),
                    Map.of("a", "x2", "b", "y")), updated.baseline());
            assertEquals(SaveResult.Outcome.TOUCHED, touched.outcome());
        }
        List<String> probes = new ArrayList<>();
        try (Connection c = TestDatabase.postgres(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tbl, setting FROM " + table + "_probe ORDER BY n")) {
            while (rs.next()) {
                probes.add((rs.getString(1).equals(table) ? "t" : "a") + ":" + rs.getString(2));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        probes.sort(null);
        return probes;
    }

    private static void sql(String... statements) {
        try (Connection c = TestDatabase.postgres(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
