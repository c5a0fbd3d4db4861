package io.sessiondb.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 *       database (a dump, a backup, a replica) can open the seals and recover every live id.</li>
 *   <li>With idSecrets, the digest is an HMAC-SHA-256 and the seal key an AES key, each keyed by its
 *       own SHA-256 derivation of a secret; only holders of the secret (the nodes) can compute a
 *       digest or open a seal. The first secret keys new writes; the others (older secrets, kept
 *       while they are rotated out) are tried in turn by lookups and by {@link #unseal}.</li>
 * </ul>
 */
public final class SessionIds {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One key set per secret, the first for writes; one entry without digest key when there is no secret. */
    private final List<Keys> keys;

    /** @param digestMac an HMAC initialized with {@code digestKey}, never used itself: cloned per digest */
    private record Keys(byte[] digestKey, SecretKeySpec sealKey, Mac digestMac) {
        Keys(byte[] digestKey, SecretKeySpec sealKey) {
            this(digestKey, sealKey, digestKey == null ? null : newMac(digestKey));
        }

        /** @return an HMAC for one digest: a clone of the initialized one (no provider lookup, no key setup) */
        Mac mac() {
            try {
                return (Mac) digestMac.clone();
            } catch (CloneNotSupportedException e) {
                return newMac(digestKey);
            }
        }
    }

    private static Mac newMac(byte[] digestKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(digestKey, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /**
     * @param idSecrets     the configured secrets, the first for new writes; empty when none is set
     * @param schemaSealKey the random key of the schema record, from which the seal key is derived when no secret is set
     */
    public SessionIds(List<String> idSecrets, byte[] schemaSealKey) {
        List<Keys> all = new ArrayList<>();
        if (idSecrets.isEmpty()) {
            all.add(new Keys(null, new SecretKeySpec(AttributeCodec.sha256().digest(schemaSealKey), "AES")));
        }
        for (String secret : idSecrets) {
            all.add(new Keys(derive("sessiondb-digest:", secret), new SecretKeySpec(derive("sessiondb-seal:", secret), "AES")));
        }
        this.keys = List.copyOf(all);
    }

    /** @return the 32-byte digest a session row is keyed by, under the first (current) secret */
    public byte[] digest(String id) {
        return digest(keys.get(0), id);
    }

    /**
     * @return the digests of {@code id} under the older secrets, in their configured order; empty unless
     * a secret is being rotated out. Lookups that miss under {@link #digest} try these.
     */
    public List<byte[]> olderDigests(String id) {
        List<byte[]> older = new ArrayList<>(keys.size() - 1);
        for (int i = 1; i < keys.size(); i++) {
            older.add(digest(keys.get(i), id));
        }
        return older;
    }

    /** @return the id encrypted under the current secret with a fresh nonce: nonce followed by ciphertext and tag */
    public byte[] seal(String id) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(0).sealKey(), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /**
     * @param sealed what {@link #seal} returned, not {@code null}
     * @return the id, or {@code null} when the seal cannot be opened with any configured secret: made
     * with another key (a secret no longer configured) or damaged (too short, altered)
     */
    public String unseal(byte[] sealed) {
        for (Keys k : keys) {
            String id = unseal(k.sealKey(), sealed);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    private static String unseal(SecretKeySpec sealKey, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            return new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] digest(Keys k, String id) {
        byte[] raw = id.getBytes(StandardCharsets.UTF_8);
        if (k.digestKey() == null) {
            return AttributeCodec.sha256().digest(raw);
        }
        return k.mac().doFinal(raw);
    }

    private static byte[] derive(String purpose, String secret) {
        byte[] input = (purpose + secret).getBytes(StandardCharsets.UTF_8);
        byte[] key = AttributeCodec.sha256().digest(input);
        Arrays.fill(input, (byte) 0);
        return key;
    }
}
