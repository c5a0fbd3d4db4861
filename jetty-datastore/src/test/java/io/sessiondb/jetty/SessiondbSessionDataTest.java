package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessiondbSessionDataTest {

    private static SessiondbSessionData data() {
        return new SessiondbSessionData("id1", "app", "0.0.0.0", 1, 1, 1, 60_000);
    }

    @Test
    void isAlwaysDirtySoThatInPlaceChangesReachTheStore() {
        SessiondbSessionData d = data();
        d.clean();
        assertTrue(d.isDirty());
    }

    @Test
    void newSessionHasNoBaseline() {
        assertNull(data().baselineFor("id1"));
    }

    // renamedSessionHasNoBaselineForItsNewId is in SessiondbSessionDataIT: it needs a real Baseline.
}
