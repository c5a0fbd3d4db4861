package io.sessiondb.core;

import java.util.regex.Pattern;

/**
 * The one place where values that come from requests or stored rows are made safe for a log line:
 * session ids, attribute names, class names. Every log call site in store-core and the adapters goes
 * through it, so that a hostile value can neither forge a log line (CR/LF, control characters) nor
 * fill the log (a 5,000-character name), and a logged id is too short to hijack its session.
 */
public final class LogText {

    /** Longest text {@link #of} keeps, in characters: {@value}. */
    public static final int MAX_TEXT_CHARS = 120;
    /** Longest text {@link #line} keeps, in characters: {@value}. */
    public static final int MAX_LINE_CHARS = 1000;

    private static final int ID_PREFIX_CHARS = 6;
    private static final Pattern NOT_ID_CHAR = Pattern.compile("[^A-Za-z0-9._-]");

    private LogText() {
    }

    /** @return the first characters of a session id, enough to follow it in logs, never enough to use it; {@code -} for null */
    public static String id(String sessionId) {
        if (sessionId == null) {
            return "-";
        }
        String head = sessionId.length() <= ID_PREFIX_CHARS ? sessionId : sessionId.substring(0, ID_PREFIX_CHARS) + "...";
        return NOT_ID_CHAR.matcher(head).replaceAll("?");
    }

    /**
     * @return {@code text} with every control character (CR, LF, tab, ...) and invisible format character
     * (bidi overrides) replaced by {@code ?} and cut to
     * {@value #MAX_TEXT_CHARS} characters (marked with {@code ...}); {@code null} stays {@code "null"}
     */
    public static String of(String text) {
        return clean(text, MAX_TEXT_CHARS);
    }

    /**
     * For an exception's message, which may quote a value from a request or a row (a driver's error
     * detail): the same as {@link #of}, cut at {@value #MAX_LINE_CHARS} characters instead, so that the
     * diagnosis stays whole and on one line.
     */
    public static String line(String text) {
        return clean(text, MAX_LINE_CHARS);
    }

    /** Line breaks and other control characters, and invisible format characters (bidi overrides) that can disguise a line. */
    private static boolean isUnsafe(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT;
    }

    private static String clean(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        int length = Math.min(text.length(), maxChars);
        StringBuilder out = new StringBuilder(length + 3);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            out.append(isUnsafe(c) ? '?' : c);
        }
        if (text.length() > maxChars) {
            out.append("...");
        }
        return out.toString();
    }
}
