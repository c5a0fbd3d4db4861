package io.sessiondb.core.internal;

import io.sessiondb.core.LogText;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of attribute values: AES-256-GCM over the bytes the codec wrote, the one place
 * where stored values are encrypted and decrypted. A stored encrypted value is
 * {@code [MARKER][key id: 4 bytes][nonce: 12 bytes][ciphertext and 16-byte tag]}; the key id is the first
 * 4 bytes of a SHA-256 of the key, the nonce is random per value, and the additional authenticated data
 * is the header, the session's id digest and the attribute name, so a value copied to another session
 * or attribute does not decrypt. The codec's bytes never start with {@link #MARKER} (Java serialization
 * starts with {@code 0xAC}, JSON with an ASCII character), so plain values stored before encryption was
 * switched on still read. Thread-safe.
 */
public final class ValueCipher {

    /** First byte of an encrypted value (format version 1). */
    public static final byte MARKER = (byte) 0xEC;
    private static final int KEY_ID_BYTES = 4;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES;
    private static final int MAX_WARNINGS = 1000;
    private static final System.Logger LOG = System.getLogger("io.sessiondb");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is missing from this JVM", e);
        }
    });

    /** What became of one stored value. */
    public enum State {
        /** Stored as the codec wrote it, not encrypted. */
        PLAIN,
        /** Encrypted with the first key. */
        CURRENT,
        /** Encrypted with another configured key. */
        OLDER_KEY,
        /** Encrypted, and it cannot be decrypted: a key id not configured, or tampered or moved. */
        FAILED
    }

    /**
     * @param plain   the codec's bytes, or {@code null} when {@code state} is {@link State#FAILED}
     * @param problem why it failed, without the value; {@code null} otherwise
     */
    public record Opened(byte[] plain, State state, String problem) {
    }

    /**
     * The attributes of one loaded row, decrypted.
     *
     * @param plain       name to the codec's bytes, for every attribute that could be opened
     * @param quarantined names of the values that could not be decrypted (logged once, left out)
     * @param stale       names of the values not under the first key (plain, or an older key) while
     *                    encryption is on: their next write re-encrypts them
     */
    public record OpenedRow(Map<String, byte[]> plain, Set<String> quarantined, Set<String> stale) {
    }

    private final List<Key> keys;
    private final String logPrefix;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private record Key(byte[] id, SecretKeySpec spec) {
    }

    /**
     * @param keys      the keys ({@link EncryptionKeys}), the first for new writes; empty: values are
     *                  stored plain and encrypted ones are quarantined
     * @param logPrefix prefix of log messages, e.g. the store name
     */
    public ValueCipher(List<byte[]> keys, String logPrefix) {
        this.keys = keys.stream().map(k -> new Key(keyId(k), new SecretKeySpec(k, "AES"))).toList();
        this.logPrefix = logPrefix;
    }

    /** @return whether new values are encrypted (at least one key is configured) */
    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** @return whether stored bytes are an encrypted value */
    public static boolean isEncrypted(byte[] stored) {
        return stored.length > 0 && stored[0] == MARKER;
    }

    /** @return the key id of a key: 8 hex digits, safe to show (it reveals nothing of the key) */
    public static String keyIdText(byte[] key) {
        return HexFormat.of().formatHex(keyId(key));
    }

    /**
     * @param idDigest the id digest of the session the value is stored under
     * @return the stored form of {@code plain}: encrypted with the first key, or {@code plain} itself
     *         when no key is configured
     */
    public byte[] seal(byte[] idDigest, String name, byte[] plain) {
        if (keys.isEmpty()) {
            return plain;
        }
        Key key = keys.get(0);
        byte[] out = new byte[HEADER_BYTES + plain.length + TAG_BITS / 8];
        out[0] = MARKER;
        System.arraycopy(key.id, 0, out, 1, KEY_ID_BYTES);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 1 + KEY_ID_BYTES, NONCE_BYTES);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.spec, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(out, idDigest, name));
            cipher.doFinal(plain, 0, plain.length, out, HEADER_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting attribute '" + LogText.of(name) + "' failed", e);
        }
        return out;
    }

    /** @return {@code plain} values, each {@link #seal sealed} for the session {@code idDigest} */
    public Map<String, byte[]> sealAll(byte[] idDigest, Map<String, byte[]> plain) {
        if (keys.isEmpty() || plain.isEmpty()) {
            return plain;
        }
        Map<String, byte[]> sealed = new HashMap<>();
        plain.forEach((name, bytes) -> sealed.put(name, seal(idDigest, name, bytes)));
        return sealed;
    }

    /** Opens one stored value of the session {@code idDigest}; never logs. */
    public Opened open(byte[] idDigest, String name, byte[] stored) {
        if (!isEncrypted(stored)) {
            return new Opened(stored, State.PLAIN, null);
        }
        if (stored.length < HEADER_BYTES + TAG_BITS / 8) {
            return new Opened(null, State.FAILED, "its encrypted value is cut short");
        }
        byte[] id = Arrays.copyOfRange(stored, 1, 1 + KEY_ID_BYTES);
        boolean known = false;
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            if (!MessageDigest.isEqual(key.id, id)) {
                continue;
            }
            known = true;
            byte[] plain = decrypt(key, idDigest, name, stored);
            if (plain != null) {
                return new Opened(plain, i == 0 ? State.CURRENT : State.OLDER_KEY, null);
            }
        }
        String keyId = HexFormat.of().formatHex(id);
        return new Opened(null, State.FAILED, known
                ? "its encrypted value does not decrypt with key " + keyId + " (changed in the database, or copied from"
                + " another session or attribute)"
                : "it is encrypted with key " + keyId + ", which is not among the configured encryptionKeys");
    }

    /**
     * Opens the stored attributes of one loaded session; a value that cannot be decrypted is logged at
     * WARN once per key id and reason (the attribute named, never the value) and left out.
     */
    public OpenedRow openRow(byte[] idDigest, Map<String, byte[]> stored) {
        if (keys.isEmpty() && stored.values().stream().noneMatch(ValueCipher::isEncrypted)) {
            return new OpenedRow(stored, Set.of(), Set.of());
        }
        Map<String, byte[]> plain = new HashMap<>();
        Set<String> quarantined = new HashSet<>();
        Set<String> stale = new HashSet<>();
        stored.forEach((name, bytes) -> {
            Opened opened = open(idDigest, name, bytes);
            if (opened.state() == State.FAILED) {
                quarantined.add(name);
                warnOnce(opened.problem(), "{0} - attribute ''{1}'' is quarantined: {2}; it is left out of the session"
                        + " and stays stored (logged once per key and reason, then at DEBUG)", logPrefix, LogText.of(name),
                        opened.problem());
                return;
            }
            plain.put(name, opened.plain());
            if (enabled() && opened.state() != State.CURRENT) {
                stale.add(name);
            }
        });
        return new OpenedRow(plain, quarantined, stale);
    }

    /**
     * @return {@code stored} re-encrypted with the first key for the session {@code toDigest}, or
     *         {@code null} when there is nothing to do (already under the first key for {@code toDigest},
     *         plain while no key is configured) or it cannot be opened for {@code fromDigest}
     */
    public byte[] reseal(byte[] fromDigest, byte[] toDigest, String name, byte[] stored) {
        if (!enabled()) {
            return null;
        }
        Opened opened = open(fromDigest, name, stored);
        if (opened.state() == State.FAILED
                || opened.state() == State.CURRENT && MessageDigest.isEqual(fromDigest, toDigest)) {
            return null;
        }
        return seal(toDigest, name, opened.plain());
    }

    private static byte[] decrypt(Key key, byte[] idDigest, String name, byte[] stored) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key.spec, new GCMParameterSpec(TAG_BITS, stored, 1 + KEY_ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(aad(stored, idDigest, name));
            return cipher.doFinal(stored, HEADER_BYTES, stored.length - HEADER_BYTES);
        } catch (GeneralSecurityException e) {
            return null; // a wrong tag: tampered, moved, or another key with the same id
        }
    }

    /** The header (marker and key id), the id digest and the name: what a value is bound to. */
    private static byte[] aad(byte[] header, byte[] idDigest, String name) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + KEY_ID_BYTES + 4 + idDigest.length + nameBytes.length)
                .put(header, 0, 1 + KEY_ID_BYTES).putInt(idDigest.length).put(idDigest).put(nameBytes).array();
    }

    private static byte[] keyId(byte[] key) {
        MessageDigest sha = AttributeCodec.sha256();
        sha.update("sessiondb value key id\n".getBytes(StandardCharsets.US_ASCII));
        return Arrays.copyOf(sha.digest(key), KEY_ID_BYTES);
    }

    private void warnOnce(String key, String format, Object... args) {
        if (warned.size() < MAX_WARNINGS && warned.add(key)) {
            LOG.log(Level.WARNING, format, args);
        } else {
            LOG.log(Level.DEBUG, format, args);
        }
    }
}
