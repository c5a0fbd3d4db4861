package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

    private static final byte[] SCHEMA_KEY = new byte[32];

    @Test
    void digestIsStableAndKeyedBySecret() {
        SessionIds plain = new SessionIds(null, SCHEMA_KEY);
        SessionIds keyed = new SessionIds("0123456789abcdef-secret", SCHEMA_KEY);
        assertArrayEquals(plain.digest("ABC"), new SessionIds(null, new byte[32]).digest("ABC"));
        assertEquals(32, plain.digest("ABC").length);
        assertFalse(Arrays.equals(plain.digest("ABC"), keyed.digest("ABC")));
        assertFalse(Arrays.equals(plain.digest("ABC"), plain.digest("ABD")));
    }

    @Test
    void sealRoundTripsAndIsFreshEachTime() {
        SessionIds ids = new SessionIds(null, SCHEMA_KEY);
        byte[] first = ids.seal("session-1");
        byte[] second = ids.seal("session-1");
        assertFalse(Arrays.equals(first, second), "a fresh nonce per seal");
        assertEquals("session-1", ids.unseal(first));
        assertEquals("session-1", ids.unseal(second));
    }

    @Test
    void sealFromAnotherKeyCannotBeOpened() {
        byte[] sealed = new SessionIds("0123456789abcdef-secret", SCHEMA_KEY).seal("session-1");
        assertNull(new SessionIds("another-secret-of-16+", SCHEMA_KEY).unseal(sealed));
        assertNull(new SessionIds(null, SCHEMA_KEY).unseal(new byte[3]));
    }
}
