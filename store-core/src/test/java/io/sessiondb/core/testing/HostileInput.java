package io.sessiondb.core.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The hostile request values of issue 17, shared by the Tomcat and Jetty tests, and the checks on
 * what they leave in the log. Test code only.
 */
public final class HostileInput {

    /** A line an attacker would like to see in the log as if sessiondb wrote it. */
    public static final String FORGED = "FORGED sessiondb - admin logged in";
    /** Longest line sessiondb writes for any input, in characters. */
    public static final int MAX_LOG_LINE_CHARS = 2_000;

    private HostileInput() {
    }

    /**
     * @return {@code Cookie} header values by description: session cookies of 0, 1, 4 KiB and 64 KiB,
     * control characters, a bare CR, invalid UTF-8 and a bidi override, for the cookie {@code name}
     */
    public static Map<String, byte[]> cookies(String name) {
        Map<String, byte[]> cookies = new LinkedHashMap<>();
        cookies.put("empty", ascii(name + "="));
        cookies.put("1 byte", ascii(name + "=A"));
        cookies.put("4 KiB", ascii(name + "=" + "A".repeat(4096)));
        cookies.put("64 KiB", ascii(name + "=" + "A".repeat(64 * 1024)));
        cookies.put("control characters", ascii(name + "=abc\u0001\u0007\u001b[31mdef\u007f"));
        cookies.put("bare CR", ascii(name + "=abc\r" + FORGED));
        cookies.put("NUL", ascii(name + "=abc\u0000def"));
        ByteArrayOutputStream invalid = new ByteArrayOutputStream();
        invalid.writeBytes(ascii(name + "=abc"));
        invalid.writeBytes(new byte[]{(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xfe, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
        cookies.put("invalid UTF-8", invalid.toByteArray());
        cookies.put("bidi override", (name + "=abc\u202Edef").getBytes(StandardCharsets.UTF_8));
        cookies.put("two session cookies", ascii(name + "=AAAA; " + name + "=BBBB"));
        return cookies;
    }

    /** @return attribute names as a legacy webapp would take them from a request parameter */
    public static Map<String, String> attributeNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("CR/LF", "x\r\n" + FORGED);
        names.put("LF", "x\n" + FORGED);
        names.put("unicode line separator", "x\u2028" + FORGED);
        names.put("5,000 characters", "n".repeat(5_000));
        names.put("control characters", "a\u0000b\u001bc\u0085d");
        return names;
    }

    /** @return {@code text} URL-encoded as UTF-8 for a query string */
    public static String query(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /**
     * Asserts what the hostile requests left in the log: no line sessiondb wrote at any level, nor any
     * other logger at INFO or above, starts with the forged text, no record at WARNING or above carries an exception, and every record of sessiondb's loggers is
     * one line of at most {@value #MAX_LOG_LINE_CHARS} characters.
     *
     * @return the number of sessiondb records checked
     */
    public static int assertCleanLog(LogCapture logs) {
        SimpleFormatter formatter = new SimpleFormatter();
        int sessiondb = 0;
        for (LogRecord r : logs.records()) {
            String message = formatter.formatMessage(r);
            String where = r.getLoggerName() + " " + r.getLevel() + ": " + message.substring(0, Math.min(300, message.length()));
            boolean ours = r.getLoggerName() != null && r.getLoggerName().startsWith("io.sessiondb");
            // The container's wire traces (FINE and below) quote requests as received, by design.
            if (ours || r.getLevel().intValue() >= Level.INFO.intValue()) {
                assertFalse(message.contains("\n" + FORGED) || message.contains("\r" + FORGED)
                        || message.contains("\u2028" + FORGED), "a forged line: " + where);
            }
            assertFalse(r.getLevel().intValue() >= Level.WARNING.intValue() && r.getThrown() != null,
                    "an exception in the log: " + where + " " + r.getThrown());
            if (ours) {
                sessiondb++;
                assertFalse(message.contains("\n") || message.contains("\r"), "more than one line: " + where);
                assertTrue(message.length() <= MAX_LOG_LINE_CHARS, message.length() + " characters: " + where);
            }
        }
        return sessiondb;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
