package io.sessiondb.cli.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens for the console's forms: HMAC-SHA-256 of the authenticated user under a random secret made
 * when the process starts. A page embeds the token of its user; a POST is accepted only with the token of
 * the user who sends it, so another site cannot forge one, and restarting {@code serve} invalidates every
 * token handed out before.
 */
final class CsrfTokens {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** Tokens under a fresh random secret. */
    CsrfTokens() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** @return the token of {@code user} ("" when the console runs without authentication) */
    String tokenFor(String user) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] tag = mac.doFinal(("sessiondb-console-csrf:" + user).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** @return whether {@code token} (may be null) is the token of {@code user}; compares in constant time */
    boolean isValid(String user, String token) {
        if (token == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(user).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.UTF_8));
    }
}
