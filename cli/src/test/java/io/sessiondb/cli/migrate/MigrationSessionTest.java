package io.sessiondb.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.cli.migrate.AttributeProblem.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Legacy sessions: liveness, what sessiondb would refuse, how problems are reported. */
class MigrationSessionTest {

    private static LegacySession session(long lastAccessMs, long maxInactiveMs, boolean valid, Map<String, Object> attributes) {
        return new LegacySession("ABCDEF0123456789", 1, lastAccessMs, maxInactiveMs, valid, null, attributes, List.of());
    }

    @Test
    void liveWhenValidAndUnexpired() {
        assertTrue(session(1_000, 500, true, Map.of()).liveAt(1_499));
        assertFalse(session(1_000, 500, true, Map.of()).liveAt(1_500));
        assertTrue(session(1_000, -1, true, Map.of()).liveAt(Long.MAX_VALUE), "never expires");
        assertFalse(session(1_000, -1, false, Map.of()).liveAt(1_000), "invalidated");
    }

    @Test
    void sizerReportsAValueLargerThanTheLimit() {
        List<AttributeProblem> problems = new SessionSizer(2048).check(session(1, -1, true,
                Map.of("big", new byte[4096], "small", "x")));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("big", problems.get(0).name());
        assertEquals(Reason.TOO_LARGE, problems.get(0).reason());
    }

    @Test
    void sizerReportsASessionLargerThanTheLimitAsAWhole() {
        List<AttributeProblem> problems = new SessionSizer(2048).check(session(1, -1, true,
                Map.of("a", new byte[1500], "b", new byte[1500])));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("(whole session)", problems.get(0).name());
    }

    @Test
    void sizerReportsAValueThatCannotBeSerialized() {
        List<AttributeProblem> problems = new SessionSizer(1 << 20).check(session(1, -1, true,
                Map.of("thread", new Thread())));
        assertEquals(Reason.NOT_SERIALIZABLE, problems.get(0).reason());
    }

    @Test
    void reportNeverPrintsAWholeSessionId() {
        String line = new AttributeProblem("ABCDEF0123456789", "cart", "com.example.Cart", Reason.CLASS_NOT_FOUND, null)
                .describe();
        assertEquals("session ABCDEF01... attribute 'cart' (com.example.Cart): class not found in the webapp", line);
    }
}
