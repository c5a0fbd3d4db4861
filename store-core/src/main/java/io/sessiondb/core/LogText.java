package io.sessiondb.core;

/**
 * The one place where values that come from requests or stored rows are made safe for a log line:
 * session ids, attribute names, class names. Every log call site in store-core and the adapters goes
 * through it, so that a hostile value can neither forge a log line (CR/LF, control characters) nor
 * fill the log (a 5,000-character name), and a logged id is too short to hijack its session.
 */
public final class LogText {

    /** Longest text {@link #of} keeps, in characters: {@value}. */
    public static final int MAX_TEXT_CHARS = 120;

    private static final int ID_PREFIX_CHARS = 6;

    private LogText() {
    }

    /** @return the first characters of a session id, enough to follow it in logs, never enough to use it; {@code -} for null */
    public static String id(String sessionId) {
        if (sessionId == null) {
            return "-";
        }
        String head = sessionId.length() <= ID_PREFIX_CHARS ? sessionId : sessionId.substring(0, ID_PREFIX_CHARS) + "...";
        return head.replaceAll("[^A-Za-z0-9._-]", "?");
    }

    /**
     * @return {@code text} with every control character (CR, LF, tab, ...) replaced by {@code ?} and cut to
     * {@value #MAX_TEXT_CHARS} characters (marked with {@code ...}); {@code null} stays {@code "null"}
     */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        int length = Math.min(text.length(), MAX_TEXT_CHARS);
        StringBuilder out = new StringBuilder(length + 3);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (text.length() > MAX_TEXT_CHARS) {
            out.append("...");
        }
        return out.toString();
    }
}
