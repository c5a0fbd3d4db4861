package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

    private static final byte[] SCHEMA_KEY = new byte[32];
    private static final String OLD = "0123456789abcdef-old-secret";
    private static final String NEW = "0123456789abcdef-new-secret";

    @Test
    void digestIsStableAndKeyedBySecret() {
        SessionIds plain = new SessionIds(List.of(), SCHEMA_KEY);
        SessionIds keyed = new SessionIds(List.of(OLD), SCHEMA_KEY);
        assertArrayEquals(plain.digest("ABC"), new SessionIds(List.of(), new byte[32]).digest("ABC"));
        assertEquals(32, plain.digest("ABC").length);
        assertFalse(Arrays.equals(plain.digest("ABC"), keyed.digest("ABC")));
        assertFalse(Arrays.equals(plain.digest("ABC"), plain.digest("ABD")));
    }

    @Test
    void sealRoundTripsAndIsFreshEachTime() {
        SessionIds ids = new SessionIds(List.of(), SCHEMA_KEY);
        byte[] first = ids.seal("session-1");
        byte[] second = ids.seal("session-1");
        assertFalse(Arrays.equals(first, second), "a fresh nonce per seal");
        assertEquals("session-1", ids.unseal(first));
        assertEquals("session-1", ids.unseal(second));
    }

    @Test
    void sealFromAnotherKeyCannotBeOpened() {
        byte[] sealed = new SessionIds(List.of(OLD), SCHEMA_KEY).seal("session-1");
        assertNull(new SessionIds(List.of(NEW), SCHEMA_KEY).unseal(sealed));
        assertNull(new SessionIds(List.of(), SCHEMA_KEY).unseal(new byte[3]));
    }

    @Test
    void withASecretTheSchemaKeyOpensNoSeal() {
        byte[] sealed = new SessionIds(List.of(NEW), SCHEMA_KEY).seal("session-1");
        assertNull(new SessionIds(List.of(), SCHEMA_KEY).unseal(sealed));
    }

    @Test
    void rotationWritesWithTheFirstSecretAndReadsWithAll() {
        SessionIds before = new SessionIds(List.of(OLD), SCHEMA_KEY);
        SessionIds rotating = new SessionIds(List.of(NEW, OLD), SCHEMA_KEY);
        assertArrayEquals(new SessionIds(List.of(NEW), SCHEMA_KEY).digest("s"), rotating.digest("s"));
        assertEquals(1, rotating.olderDigests("s").size());
        assertArrayEquals(before.digest("s"), rotating.olderDigests("s").get(0));
        assertEquals("s", rotating.unseal(before.seal("s")), "a seal made under the old secret still opens");
        assertNull(before.unseal(rotating.seal("s")), "new seals are made under the new secret");
        assertTrue(before.olderDigests("s").isEmpty());
    }
}
