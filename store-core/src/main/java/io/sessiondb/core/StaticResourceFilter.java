package io.sessiondb.core;

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

    private final Pattern pattern;

    private StaticResourceFilter(Pattern pattern) {
        this.pattern = pattern;
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
        return pattern != null && path != null && pattern.matcher(path).matches();
    }

    /** @return the expression, or {@code ""} for {@link #NONE} */
    public String pattern() {
        return pattern == null ? "" : pattern.pattern();
    }
}
