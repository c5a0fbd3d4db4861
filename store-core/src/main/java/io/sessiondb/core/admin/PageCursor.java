package io.sessiondb.core.admin;

import io.sessiondb.core.LogText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The keyset position a page ends at, as the opaque {@link SessionPage#next()} text: base64url (no
 * padding) of {@code lastAccessMs|app|digest-hex}. The app may hold {@code |}: it is everything between
 * the first and the last one.
 */
record PageCursor(long lastAccessMs, String app, byte[] idDigest) {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final HexFormat HEX = HexFormat.of();

    /** The position before the first row. */
    static final PageCursor FIRST = new PageCursor(Long.MAX_VALUE, "", new byte[0]);

    String encode() {
        String plain = lastAccessMs + "|" + app + "|" + HEX.formatHex(idDigest);
        return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param cursor a {@link SessionPage#next()} value, or {@code null} for the first page
     * @throws IllegalArgumentException naming the cursor when it is not one this class wrote
     */
    static PageCursor decode(String cursor) {
        if (cursor == null) {
            return FIRST;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int first = plain.indexOf('|');
            int last = plain.lastIndexOf('|');
            if (first < 0 || last == first) {
                throw new IllegalArgumentException("it has no three parts");
            }
            byte[] digest = HEX.parseHex(plain.substring(last + 1));
            String app = plain.substring(first + 1, last);
            if (digest.length == 0 || app.isEmpty()) {
                throw new IllegalArgumentException("its app or digest is empty");
            }
            return new PageCursor(Long.parseLong(plain.substring(0, first)), app, digest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor '" + LogText.of(cursor) + "' is malformed (" + e.getMessage()
                    + "): pass the next value of the previous SessionPage unchanged, or null for the first page", e);
        }
    }
}
