package io.sessiondb.cli.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * HTTP Basic authentication of the one console user, {@value #USER}. The expected credentials are kept
 * only as a SHA-256 digest and compared in constant time.
 */
final class BasicAuth {

    /** The console's user name. */
    static final String USER = "admin";

    /** The {@code WWW-Authenticate} challenge of a 401. */
    static final String CHALLENGE = "Basic realm=\"sessiondb\", charset=\"UTF-8\"";

    private final byte[] expected;

    /** @param password the admin password; not blank */
    BasicAuth(String password) {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException("the admin password is empty");
        }
        this.expected = sha256(USER + ":" + password);
    }

    /**
     * @param authorization the request's {@code Authorization} header, or {@code null}
     * @return the user name when the header carries the right credentials, else {@code null}
     */
    String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        return MessageDigest.isEqual(expected, sha256(new String(decoded, StandardCharsets.UTF_8))) ? USER : null;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
