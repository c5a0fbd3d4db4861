package io.sessiondb.core.admin;

import io.sessiondb.core.LogText;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Short ids: the first {@value #CHARS} hex digits (8 bytes) of a session's stored id digest. The digest
 * is SHA-256 (or HMAC-SHA-256 with idSecret) of the id, so a short id names a session to an operator
 * and cannot be turned back into the id. {@link SessionAdmin#revoke} takes one as a prefix of the digest.
 */
final class ShortId {

    /** Hex digits in a short id: {@value}. */
    static final int CHARS = 16;

    private static final HexFormat HEX = HexFormat.of();

    private ShortId() {
    }

    /** @return the short id of a stored id digest */
    static String of(byte[] idDigest) {
        return HEX.formatHex(idDigest, 0, Math.min(idDigest.length, CHARS / 2));
    }

    /**
     * @param shortId a short id, or a longer hex prefix of the digest (an even number of digits, at most 64)
     * @return the digest range it names: {@code [0]} inclusive, {@code [1]} exclusive
     * @throws IllegalArgumentException naming the short id when it is not one
     */
    static byte[][] range(String shortId) {
        if (shortId == null || shortId.length() < CHARS || shortId.length() > 64 || shortId.length() % 2 != 0
                || !shortId.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new IllegalArgumentException("short id '" + LogText.of(shortId) + "' is not a session's short id: it is"
                    + " the " + CHARS + " hex digits SessionInfo.id() shows");
        }
        byte[] from = HEX.parseHex(shortId.toLowerCase(java.util.Locale.ROOT));
        return new byte[][] {from, successor(from)};
    }

    /** @return the smallest byte string above every string that starts with {@code prefix} */
    private static byte[] successor(byte[] prefix) {
        byte[] next = prefix.clone();
        for (int i = next.length - 1; i >= 0; i--) {
            if (next[i] != (byte) 0xFF) {
                next[i]++;
                return Arrays.copyOf(next, i + 1);
            }
        }
        // All 0xFF: longer than any 32-byte digest, so above all of them.
        byte[] top = new byte[33];
        Arrays.fill(top, (byte) 0xFF);
        return top;
    }
}
