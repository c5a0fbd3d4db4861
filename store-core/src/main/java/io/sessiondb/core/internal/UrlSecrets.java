package io.sessiondb.core.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of JDBC URLs that are logged: {@link #mask} hides them in text meant for a log, and
 * {@link #split} takes the password out of a URL before the URL reaches the pool and the driver (the
 * PostgreSQL driver logs the URL it connects with at FINE).
 */
public final class UrlSecrets {

    /** What a masked value is replaced with. */
    public static final String MASK = "****";

    /** A parameter ({@code ?name=value}, {@code &name=value}, {@code ;name=value}) whose name holds "password" or "secret". */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "([?&;][^=&;?#]*(?:password|secret)[^=&;?#]*=)[^&;#]*", Pattern.CASE_INSENSITIVE);
    /** The password of a {@code //user:password@host} authority. */
    private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(//[^/?#@:]*):[^/?#]*@");

    private UrlSecrets() {
    }

    /** A JDBC URL without its password, and the password it held. */
    public record Split(String url, String password) {
    }

    /**
     * @return {@code url} with the value of every parameter whose name contains {@code password} or
     * {@code secret} (any case) and the password of a {@code user:password@} authority replaced by
     * {@value #MASK}; {@code null} stays {@code null}
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        String masked = SECRET_PARAMETER.matcher(url).replaceAll("$1" + Matcher.quoteReplacement(MASK));
        return USER_INFO_PASSWORD.matcher(masked).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@");
    }

    /**
     * Takes the {@code password} parameter out of a URL the way its driver reads it: PostgreSQL (name
     * {@code password}, value URL-decoded) and MariaDB ({@code jdbc:mariadb:}, any case, value as written).
     * When several are given the last one counts, as in both drivers. Other URLs, which this class cannot
     * read as their driver does, are returned unchanged.
     *
     * @return the URL without its password parameters, and the password ({@code null} when it had none)
     */
    public static Split split(String url) {
        if (url == null) {
            return new Split(null, null);
        }
        boolean postgres = url.startsWith("jdbc:postgresql:");
        boolean mariadb = url.startsWith("jdbc:mariadb:");
        int query = url.indexOf('?');
        if ((!postgres && !mariadb) || query < 0) {
            return new Split(url, null);
        }
        StringBuilder kept = new StringBuilder(url.length());
        String password = null;
        for (String parameter : url.substring(query + 1).split("&", -1)) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            boolean isPassword = postgres ? name.equals("password") : name.toLowerCase(Locale.ROOT).equals("password");
            if (isPassword && equals >= 0) {
                String value = parameter.substring(equals + 1);
                password = postgres ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value;
            } else if (!parameter.isEmpty()) {
                kept.append(kept.length() == 0 ? '?' : '&').append(parameter);
            }
        }
        if (password == null) {
            return new Split(url, null);
        }
        return new Split(url.substring(0, query) + kept, password);
    }
}
