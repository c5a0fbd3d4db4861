package io.sessiondb.core.internal;

/**
 * One stored session as the admin listing reads it: no id, no attribute value.
 *
 * @param expiryMs   stored expiry, or {@code null} for never
 * @param revokedMs  when it was revoked, or {@code null}
 * @param attributes attribute count: the stored column, or counted from the attribute rows on rows
 *                   written before schema version 3
 * @param bytes      serialized size of the attributes, likewise
 */
public record AdminRow(String app, byte[] idDigest, String principal, long createdMs, long lastAccessMs, Long expiryMs,
                       Long revokedMs, String clientAddress, String userAgent, String clientType, String createdNode,
                       String lastNode, int attributes, long bytes) {
}
