package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import io.sessiondb.jetty.HttpProbe.Reply;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session in use is never expired under its request: a request that holds a session for longer
 * than its max inactive interval, while the scavenger runs every second, finishes with its attributes
 * saved, and the session's listeners do not fire under it.
 */
class InUseSessionIT {

    @ParameterizedTest(name = "sticky={0}")
    @ValueSource(booleans = {false, true})
    void aRequestHoldingItsSessionPastMaxInactiveIsNotExpiredUnderIt(boolean sticky) throws Exception {
        String table = TestDatabase.uniqueTable("jetty_in_use");
        try (TestNode node = node(sticky, table)) {
            Client c = new Client();
            c.ok(node.port(), "/short?seconds=1");
            String id = c.sessionId();
            Reply held = c.get(node.port(), "/hold?ms=3500");
            assertEquals(200, held.status(), held.body());
            assertEquals("held", held.body());
            assertEquals(0, node.destroyed(id), "sessionDestroyed fired while a request was using the session");
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    @ParameterizedTest(name = "sticky={0}")
    @ValueSource(booleans = {false, true})
    void aRequestHoldingItsSessionPastMaxInactiveSavesItsAttributes(boolean sticky) throws Exception {
        String table = TestDatabase.uniqueTable("jetty_in_use");
        try (TestNode node = node(sticky, table)) {
            Client c = new Client();
            c.ok(node.port(), "/short?seconds=1");
            String id = c.sessionId();
            assertEquals("held", c.ok(node.port(), "/hold?ms=3500"));
            try (SessionRepository repository = SessionRepository.start(TestDatabase.postgresConfig(table, "app"))) {
                LoadedSession stored = repository.load(id, getClass().getClassLoader()).orElseThrow(
                        () -> new AssertionError("the session is gone from the database"));
                assertEquals("yes", stored.session().attributes().get("held"), "the held request's save did not reach the database");
                assertFalse(stored.expired(), "the session is left claimed for expiry in the database");
            }
            assertEquals("yes", c.ok(node.port(), "/get?name=held"));
            assertEquals(id, c.sessionId(), "the session was replaced");
            assertEquals(0, node.destroyed(id), "sessionDestroyed fired for a session in use");
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    private static TestNode node(boolean sticky, String table) throws Exception {
        return new TestNode("A", sticky, f -> {
            f.setJdbcUrl(TestDatabase.PG_URL);
            f.setTableName(table);
            f.setMaxPoolSize(4);
        }).start();
    }
}
