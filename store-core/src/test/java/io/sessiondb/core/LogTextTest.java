package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void ofReplacesCrAndLfSoNoLineCanBeForged() {
        assertEquals("x??FORGED line", LogText.of("x\r\nFORGED line"));
    }

    @Test
    void ofReplacesEveryOtherControlCharacter() {
        assertEquals("a?b?c?d?e?f?g", LogText.of("a\u0000b\tc\u001Bd\u007Fe\u0085f\u009Bg"));
    }

    @Test
    void ofReplacesUnicodeLineAndParagraphSeparators() {
        assertEquals("a?b?c", LogText.of("a\u2028b\u2029c"));
    }

    @Test
    void ofCutsLongTextAndMarksTheCut() {
        String cut = LogText.of("n".repeat(5_000));
        assertEquals(LogText.MAX_TEXT_CHARS + 3, cut.length());
        assertTrue(cut.endsWith("n..."), cut);
        assertEquals("n".repeat(LogText.MAX_TEXT_CHARS), LogText.of("n".repeat(LogText.MAX_TEXT_CHARS)), "no mark when nothing is cut");
    }

    @Test
    void ofKeepsPlainTextAndNamesNull() {
        assertEquals("com.example.Cart$Item", LogText.of("com.example.Cart$Item"));
        assertEquals("café ünïcode", LogText.of("café ünïcode"));
        assertEquals("null", LogText.of(null));
    }

    @Test
    void idShowsOnlyAShortSafePrefix() {
        assertEquals("ABCDEF...", LogText.id("ABCDEF0123456789"));
        assertEquals("ABCDEF...", LogText.id("ABCDEF" + "x".repeat(5_000)));
        assertEquals("abc", LogText.id("abc"));
        assertEquals("-", LogText.id(null));
    }

    @Test
    void idReplacesControlAndOtherCharacters() {
        assertEquals("a??b", LogText.id("a\r\nb"));
        assertEquals("a?b", LogText.id("a\u2028b"));
        String forged = LogText.id("\n\u0000\t\u2029 x");
        assertFalse(forged.chars().anyMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029), forged);
    }

    @Test
    void ofReplacesBidiOverridesThatCouldDisguiseALine() {
        assertEquals("user?nimda", LogText.of("user\u202Enimda"));
        assertEquals("a?b", LogText.of("a\u2066b"));
    }

    @Test
    void lineKeepsAnExceptionMessageWholeOnOneLine() {
        String message = "ERROR: value too long\n  Detail: " + "d".repeat(500);
        String line = LogText.line(message);
        assertFalse(line.contains("\n"), line);
        assertEquals(message.length(), line.length(), "500 characters are kept");
        assertEquals(LogText.MAX_LINE_CHARS + 3, LogText.line("x".repeat(5_000)).length());
    }
}
