package io.sessiondb.core.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ShortIdTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void isTheFirstSixteenHexDigitsOfTheDigest() {
        byte[] digest = HEX.parseHex("0123456789abcdef".repeat(4));
        assertEquals("0123456789abcdef", ShortId.of(digest));
    }

    @Test
    void rangeCoversEveryDigestWithThePrefixAndNoOther() {
        byte[][] range = ShortId.range("00112233445566FF");
        assertArrayEquals(HEX.parseHex("00112233445566ff"), range[0]);
        assertArrayEquals(HEX.parseHex("00112233445567"), range[1], "carries past 0xFF");
        byte[][] top = ShortId.range("ffffffffffffffff");
        assertEquals(33, top[1].length, "above the largest 32-byte digest");
    }

    @Test
    void rejectsWhatIsNotAShortIdNamingIt() {
        for (String bad : new String[] {"", "0123", "0123456789abcdeg", "0123456789abcdef0", "0".repeat(66)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShortId.range(bad));
            assertTrue(e.getMessage().startsWith("short id '" + bad + "'"), e.getMessage());
        }
    }
}
