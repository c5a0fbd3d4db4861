package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValueCipherTest {

    private static final byte[] K1 = key(1);
    private static final byte[] K2 = key(2);
    private static final byte[] SESSION = digest(7);
    private static final byte[] OTHER = digest(8);
    private static final byte[] PLAIN = {(byte) 0xAC, (byte) 0xED, 0, 5, 't', 'e', 's', 't'};

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) seed);
        return k;
    }

    private static byte[] digest(int seed) {
        byte[] d = new byte[32];
        Arrays.fill(d, (byte) seed);
        return d;
    }

    @Test
    void aSealedValueOpensForItsSessionAndNameOnly() {
        ValueCipher cipher = new ValueCipher(List.of(K1), "t");
        byte[] sealed = cipher.seal(SESSION, "cart", PLAIN);
        assertEquals(ValueCipher.MARKER, sealed[0]);
        assertEquals(1 + 4 + 12 + PLAIN.length + 16, sealed.length);
        assertArrayEquals(PLAIN, cipher.open(SESSION, "cart", sealed).plain());
        assertEquals(ValueCipher.State.CURRENT, cipher.open(SESSION, "cart", sealed).state());
        assertEquals(ValueCipher.State.FAILED, cipher.open(OTHER, "cart", sealed).state(), "another session");
        assertEquals(ValueCipher.State.FAILED, cipher.open(SESSION, "role", sealed).state(), "another attribute");
    }

    @Test
    void everySealHasItsOwnNonce() {
        ValueCipher cipher = new ValueCipher(List.of(K1), "t");
        assertNotEquals(Arrays.toString(cipher.seal(SESSION, "a", PLAIN)), Arrays.toString(cipher.seal(SESSION, "a", PLAIN)));
    }

    @Test
    void anyChangedByteFailsWithoutTheValueInTheProblem() {
        ValueCipher cipher = new ValueCipher(List.of(K1), "t");
        byte[] sealed = cipher.seal(SESSION, "a", "secret-value".getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x40;
            ValueCipher.Opened opened = cipher.open(SESSION, "a", tampered);
            assertEquals(ValueCipher.State.FAILED, opened.state(), "byte " + i);
            assertTrue(!opened.problem().contains("secret-value"), opened.problem());
        }
        assertEquals(ValueCipher.State.FAILED, cipher.open(SESSION, "a", Arrays.copyOf(sealed, 20)).state());
    }

    @Test
    void olderKeysOpenAndAreReportedStaleAnUnknownKeyIsNamedByItsId() {
        byte[] old = new ValueCipher(List.of(K1), "t").seal(SESSION, "a", PLAIN);
        ValueCipher rotated = new ValueCipher(List.of(K2, K1), "t");
        assertEquals(ValueCipher.State.OLDER_KEY, rotated.open(SESSION, "a", old).state());
        ValueCipher.OpenedRow row = rotated.openRow(SESSION, Map.of("a", old, "p", PLAIN));
        assertEquals(Set.of("a", "p"), row.stale(), "an older key and a plain value are both re-encrypted on write");
        ValueCipher.Opened unknown = new ValueCipher(List.of(K2), "t").open(SESSION, "a", old);
        assertEquals(ValueCipher.State.FAILED, unknown.state());
        assertTrue(unknown.problem().contains(ValueCipher.keyIdText(K1)), unknown.problem());
    }

    @Test
    void withoutKeysPlainValuesPassThroughAndEncryptedOnesAreQuarantined() {
        ValueCipher none = new ValueCipher(List.of(), "t");
        assertSame(PLAIN, none.seal(SESSION, "a", PLAIN));
        byte[] sealed = new ValueCipher(List.of(K1), "t").seal(SESSION, "a", PLAIN);
        ValueCipher.OpenedRow row = none.openRow(SESSION, Map.of("a", sealed, "p", PLAIN));
        assertEquals(Set.of("a"), row.quarantined());
        assertEquals(Set.of(), row.stale());
        assertArrayEquals(PLAIN, row.plain().get("p"));
    }

    @Test
    void resealMovesAValueToAnotherSessionUnderTheFirstKey() {
        ValueCipher cipher = new ValueCipher(List.of(K2, K1), "t");
        byte[] old = new ValueCipher(List.of(K1), "t").seal(SESSION, "a", PLAIN);
        byte[] moved = cipher.reseal(SESSION, OTHER, "a", old);
        assertEquals(ValueCipher.State.CURRENT, cipher.open(OTHER, "a", moved).state());
        assertNull(cipher.reseal(SESSION, SESSION, "a", cipher.seal(SESSION, "a", PLAIN)), "nothing to do");
        assertNull(cipher.reseal(OTHER, SESSION, "a", old), "does not open for the given session");
    }
}
