package io.sessiondb.core.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void roundTripsAnAppWithTheSeparatorInIt() {
        byte[] digest = {1, 2, (byte) 0xFE};
        PageCursor cursor = PageCursor.decode(new PageCursor(1_700_000_000_123L, "host|/shop", digest).encode());
        assertEquals(1_700_000_000_123L, cursor.lastAccessMs());
        assertEquals("host|/shop", cursor.app());
        assertArrayEquals(digest, cursor.idDigest());
    }

    @Test
    void nullIsTheFirstPage() {
        assertSame(PageCursor.FIRST, PageCursor.decode(null));
    }

    @Test
    void malformedCursorIsRejectedNamingIt() {
        String noDigest = Base64.getUrlEncoder().encodeToString("12|app|".getBytes());
        String notANumber = Base64.getUrlEncoder().encodeToString("x|app|00".getBytes());
        for (String bad : new String[] {"%%%", noDigest, notANumber, ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PageCursor.decode(bad));
            assertTrue(e.getMessage().startsWith("cursor '" + bad + "' is malformed"), e.getMessage());
        }
    }
}
