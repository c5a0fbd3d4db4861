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
            Reply held = holdPastMaxInactive(c, node);
            String id = c.sessionId();
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
            assertEquals("held", holdPastMaxInactive(c, node).body());
            String id = c.sessionId();
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

    /**
     * Creates a session of 2 s max inactive and at once sends a request that holds it for 4.5 s, then gives
     * it 60 s so that the checks after it do not race its expiry. On a loaded
     * machine the second request may arrive after the session expired, before it could be in use: that is
     * not the case under test, so it starts again with a new session, a few times.
     */
    private static Reply holdPastMaxInactive(Client c, TestNode node) throws Exception {
        Reply held = null;
        for (int attempt = 1; attempt <= 5; attempt++) {
            c.ok(node.port(), "/short?seconds=2");
            held = c.get(node.port(), "/hold?ms=4500&after=60");
            if (!"none".equals(held.body())) {
                return held;
            }
            System.out.println("InUseSessionIT: the session expired before the holding request began (attempt "
                    + attempt + "), starting again");
        }
        return held;
    }

    private static TestNode node(boolean sticky, String table) throws Exception {
        return new TestNode("A", sticky, f -> {
            f.setJdbcUrl(TestDatabase.PG_URL);
            f.setTableName(table);
            f.setMaxPoolSize(4);
        }).start();
    }
}
