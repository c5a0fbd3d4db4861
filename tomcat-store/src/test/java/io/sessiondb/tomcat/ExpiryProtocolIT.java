package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.testapp.DestroyCounter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tomcat on store-core's expiry protocol, watched from the database: a trigger counts every DELETE
 * statement on the session table (statement-level, so a DELETE that finds nothing counts too).
 */
class ExpiryProtocolIT {

    private static final String TABLE = TestDatabase.uniqueTable("tomcat_expiry_protocol");

    /** Each test its own app, so that it counts only its own rows. */
    private static Consumer<SessiondbStore> config(String app) {
        return store -> {
            store.setJdbcUrl(TestDatabase.PG_URL);
            store.setTableName(TABLE);
            store.setMaxPoolSize("4");
            store.setAppName(app);
        };
    }

    @BeforeAll
    static void createTableAndTrigger() throws Exception {
        // Starting a node creates the table; the trigger goes on it.
        EmbeddedNode.nonSticky("setup", config("setup")).close();
        sql("CREATE TABLE " + TABLE + "_deletes (at TIMESTAMP DEFAULT clock_timestamp())");
        sql("CREATE FUNCTION " + TABLE + "_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN INSERT INTO " + TABLE + "_deletes DEFAULT VALUES; RETURN NULL; END $$");
        sql("CREATE TRIGGER " + TABLE + "_delete AFTER DELETE ON " + TABLE
                + " FOR EACH STATEMENT EXECUTE FUNCTION " + TABLE + "_count_delete()");
    }

    @AfterAll
    static void dropTables() throws Exception {
        TestDatabase.dropTables(TABLE);
        sql("DROP TABLE IF EXISTS " + TABLE + "_deletes");
        sql("DROP FUNCTION IF EXISTS " + TABLE + "_count_delete()");
    }

    /**
     * Defect #1: a session claimed as expired but alive in this node's memory (the stored expiry lags
     * the true one) used to be deleted and written again; other nodes saw no session in between. Now
     * the claim is released in one statement and the row never leaves the table.
     */
    @Test
    void aClaimOnASessionAliveHereIsReleasedNeverDeleted() throws Exception {
        try (EmbeddedNode a = EmbeddedNode.sticky("a", config("live"))) {
            String id = Http.get(a.uri("op=count"), null).sessionId();
            awaitStored("live", id);
            sql("UPDATE " + TABLE + " SET expiry_ms = " + (System.currentTimeMillis() - 1_000) + " WHERE app = 'live'");
            long deletesBefore = deletes();

            a.store().processExpires();

            assertEquals(deletesBefore, deletes(), "the live session's row was deleted during expiry");
            try (Connection c = TestDatabase.postgres(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT claimed_by, expiry_ms FROM " + TABLE + " WHERE app = 'live'")) {
                assertTrue(rs.next(), "the session row is gone");
                assertNull(rs.getString(1), "the claim is released");
                assertTrue(rs.getLong(2) > System.currentTimeMillis(), "the expiry is renewed");
            }
            assertEquals(0, DestroyCounter.count(id), "no listener fired for a live session");
            assertEquals("2", Http.get(a.uri("op=count"), id).body());
        }
    }

    /**
     * Defect #7: a session expired by the sweep (not in memory: the non-sticky setup) fires its
     * listeners once and is deleted by ONE statement (it used to be deleted twice: by Tomcat's
     * Store.remove inside expire, then again by the sweeper).
     */
    @Test
    void anExpiredSessionFiresItsListenersOnceAndIsDeletedByOneStatement() throws Exception {
        try (EmbeddedNode a = EmbeddedNode.nonSticky("b", config("expired"))) {
            String id = Http.get(a.uri("op=short&seconds=1"), null).body();
            awaitStored("expired", id);
            long deletesBefore = deletes();
            Thread.sleep(1_500);

            a.store().processExpires(); // the background sweep may have been first: either way, once
            for (int i = 0; i < 100 && rows("expired") > 0; i++) {
                Thread.sleep(50);
            }

            assertEquals(1, DestroyCounter.count(id), "sessionDestroyed fires once");
            assertEquals(deletesBefore + 1, deletes(), "one DELETE statement for the expired session");
            assertEquals(0, rows("expired"), "the session row is deleted");
        }
    }

    /**
     * Defect #2: a request that holds its session past the max inactive interval (non-sticky: the
     * session is in this node's memory only for the request) is never expired under it by the sweep;
     * it finishes with its change saved and no listener fired.
     */
    @Test
    void aSessionHeldByARequestPastItsIntervalIsNotExpiredUnderIt() throws Exception {
        try (EmbeddedNode a = EmbeddedNode.nonSticky("c", config("held"))) {
            String id = Http.get(a.uri("op=short&seconds=1"), null).body();
            awaitStored("held", id);

            assertEquals("held", Http.get(a.uri("op=hold&sleepMs=2500"), id).body()); // the sweep runs every second meanwhile

            assertEquals(0, DestroyCounter.count(id), "sessionDestroyed fired under the request");
            assertEquals("yes", Http.get(a.uri("op=get&name=held"), id).body(), "the request's change was saved");
        }
    }

    /**
     * A request longer than the max inactive interval stores its session as alive for a whole interval
     * from the request's end, as Tomcat's own endAccess counts it (it used to store the request's start,
     * so the session was saved already expired and lost unless a sweep had renewed it meanwhile). The
     * sweep is kept away (a grace of a minute), so only the save decides the stored expiry.
     */
    @Test
    void aRequestLongerThanTheIntervalSavesItsSessionAliveFromItsEnd() throws Exception {
        try (EmbeddedNode a = EmbeddedNode.nonSticky("d", config("long").andThen(s -> s.setSweepGraceSeconds("60")))) {
            String id = Http.get(a.uri("op=short&seconds=1"), null).body();
            awaitStored("long", id);

            assertEquals("held", Http.get(a.uri("op=hold&sleepMs=1500"), id).body());
            long answeredMs = System.currentTimeMillis();

            long expiryMs = count("SELECT expiry_ms FROM " + TABLE + " WHERE app = 'long'");
            assertTrue(expiryMs > answeredMs + 500, "stored expiry " + (expiryMs - answeredMs) + " ms from the answer");
            assertEquals("yes", Http.get(a.uri("op=get&name=held"), id).body(), "the session lives on after the request");
        }
    }

    private static void awaitStored(String app, String id) throws Exception {
        for (int i = 0; i < 100 && rows(app) == 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(1, rows(app), "session " + id + " was never stored");
    }

    private static long rows(String app) throws SQLException {
        return count("SELECT count(*) FROM " + TABLE + " WHERE app = '" + app + "'");
    }

    private static long deletes() throws SQLException {
        return count("SELECT count(*) FROM " + TABLE + "_deletes");
    }

    private static long count(String query) throws SQLException {
        try (Connection c = TestDatabase.postgres(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = TestDatabase.postgres(); Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
