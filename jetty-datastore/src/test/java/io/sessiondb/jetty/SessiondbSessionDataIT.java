package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sessiondb.core.Baseline;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The baseline a {@link SessiondbSessionData} keeps, with a real one from store-core (its constructor is not API). */
class SessiondbSessionDataIT {

    @Test
    void renamedSessionHasNoBaselineForItsNewId() {
        String table = TestDatabase.uniqueTable("jetty_session_data");
        try (SessionRepository repository = SessionRepository.start(TestDatabase.postgresConfig(table, "app"))) {
            long now = System.currentTimeMillis();
            Baseline baseline = repository.save(new SessionSnapshot("id1", now, now, 60_000, null, Map.of(),
                    Map.of("a", "b")), null).baseline();
            assertNotNull(baseline);
            SessiondbSessionData d = new SessiondbSessionData("id1", "app", "0.0.0.0", now, now, now, 60_000);
            d.stored("id1", baseline);
            assertSame(baseline, d.baselineFor("id1"), "the baseline is kept for the id it was stored under");
            d.setId("id2");
            assertNull(d.baselineFor("id2"), "a renamed session handed its old baseline to a save of the new id");
            assertSame(baseline, d.baselineFor("id1"));
        } finally {
            TestDatabase.dropTables(table);
        }
    }
}
