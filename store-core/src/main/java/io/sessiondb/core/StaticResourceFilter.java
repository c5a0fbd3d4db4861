package io.sessiondb.core;

import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which requests never load or save a session: a regular expression of request paths, matched whole
 * (Tomcat {@code PersistentValve}'s {@code filter}). Static resources by default, so that they run no
 * statement and answer while the database is down. Shared by the Tomcat valve's {@code filter} and
 * the Jetty module's {@code sessiondb.filter}. Immutable.
 */
public final class StaticResourceFilter {

    /** Style sheets, scripts, source maps, images, icons and fonts, in any case. */
    public static final String DEFAULT =
            "(?i).*\\.(?:css|js|mjs|map|png|jpe?g|gif|webp|avif|svg|ico|bmp|woff2?|ttf|otf|eot)";

    /** The filter that matches nothing: every request loads its session. */
    public static final StaticResourceFilter NONE = new StaticResourceFilter(null);

    /** The extensions {@link #DEFAULT} matches, lower case. */
    private static final Set<String> DEFAULT_EXTENSIONS = Set.of("css", "js", "mjs", "map", "png", "jpg", "jpeg", "gif",
            "webp", "avif", "svg", "ico", "bmp", "woff", "woff2", "ttf", "otf", "eot");
    /** Longest of {@link #DEFAULT_EXTENSIONS}. */
    private static final int MAX_EXTENSION = 5;

    private final Pattern pattern;
    /** Whether {@link #pattern} is {@link #DEFAULT}, matched without the regex engine (every request asks). */
    private final boolean isDefault;

    private StaticResourceFilter(Pattern pattern) {
        this.pattern = pattern;
        this.isDefault = pattern != null && pattern.pattern().equals(DEFAULT);
    }

    /**
     * @param regex   the expression; {@code null} or empty for {@link #NONE}
     * @param setting how the user sets it, for the error message, e.g. {@code filter} or {@code sessiondb.filter}
     * @throws IllegalArgumentException naming {@code setting} when {@code regex} does not compile
     */
    public static StaticResourceFilter of(String regex, String setting) {
        if (regex == null || regex.isEmpty()) {
            return NONE;
        }
        try {
            return new StaticResourceFilter(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(setting + "=\"" + LogText.of(regex) + "\" is not a regular expression ("
                    + LogText.of(e.getDescription()) + "): set a Java regex such as " + setting + "=\".*\\.(?:css|js|png)\","
                    + " or " + setting + "=\"\" to load the session on every request", e);
        }
    }

    /** @return whether a request for {@code path} touches no session */
    public boolean matches(String path) {
        if (pattern == null || path == null) {
            return false;
        }
        return isDefault ? matchesDefault(path) : pattern.matcher(path).matches();
    }

    /**
     * What {@link #DEFAULT} matches, without a regex: the part after the last dot is one of the extensions
     * (ASCII case-insensitively, as {@code (?i)} without {@code UNICODE_CASE}), and the part before it holds
     * no line terminator (which {@code .} does not match).
     */
    static boolean matchesDefault(String path) {
        int dot = path.lastIndexOf('.');
        int length = path.length() - dot - 1;
        if (dot < 0 || length == 0 || length > MAX_EXTENSION) {
            return false;
        }
        char[] extension = new char[length];
        for (int i = 0; i < length; i++) {
            char c = path.charAt(dot + 1 + i);
            extension[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        if (!DEFAULT_EXTENSIONS.contains(new String(extension))) {
            return false;
        }
        for (int i = 0; i < dot; i++) {
            char c = path.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    /** @return the expression, or {@code ""} for {@link #NONE} */
    public String pattern() {
        return pattern == null ? "" : pattern.pattern();
    }
}
