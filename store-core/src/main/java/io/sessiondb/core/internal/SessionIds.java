package io.sessiondb.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns session ids into what is stored: a digest to look rows up by, and a seal (AES-256-GCM, a fresh
 * nonce each time) from which the id can be recovered, to name an expired session to its listeners.
 * The raw id is never stored.
 *
 * <ul>
 *   <li>Without an idSecret, the digest is the plain SHA-256 of the id, and the seal key is the SHA-256
 *       of the schema record's random key, which is stored in the database: whoever can read the whole
 *       database can open the seals.</li>
 *   <li>With an idSecret, the digest is an HMAC-SHA-256 and the seal key an AES key, each keyed by its
 *       own SHA-256 derivation of the secret; only holders of the secret (the nodes) can compute a
 *       digest or open a seal.</li>
 * </ul>
 */
public final class SessionIds {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] digestKey;
    private final SecretKeySpec sealKey;

    /**
     * @param idSecret      the configured secret, or {@code null}
     * @param schemaSealKey the random key of the schema record, from which the seal key is derived when no secret is set
     */
    public SessionIds(String idSecret, byte[] schemaSealKey) {
        this.digestKey = idSecret == null ? null : derive("sessiondb-digest:", idSecret);
        byte[] seal = idSecret == null ? AttributeCodec.sha256().digest(schemaSealKey) : derive("sessiondb-seal:", idSecret);
        this.sealKey = new SecretKeySpec(seal, "AES");
    }

    /** @return the 32-byte digest a session row is keyed by */
    public byte[] digest(String id) {
        byte[] raw = id.getBytes(StandardCharsets.UTF_8);
        if (digestKey == null) {
            return AttributeCodec.sha256().digest(raw);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(digestKey, "HmacSHA256"));
            return mac.doFinal(raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** @return the id encrypted with a fresh nonce: nonce followed by ciphertext and tag */
    public byte[] seal(String id) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /**
     * @param sealed what {@link #seal} returned, not {@code null}
     * @return the id, or {@code null} when the seal cannot be opened: made with another key (the
     * idSecret changed) or damaged (too short, altered)
     */
    public String unseal(byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            return new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }


    private static byte[] derive(String purpose, String secret) {
        byte[] input = (purpose + secret).getBytes(StandardCharsets.UTF_8);
        byte[] key = AttributeCodec.sha256().digest(input);
        Arrays.fill(input, (byte) 0);
        return key;
    }
}
