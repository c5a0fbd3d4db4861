package io.sessiondb.core.internal;

import java.util.Map;

/**
 * One session as a dialect reads it: the row and its serialized attributes.
 *
 * @param expiryMs      expiry time, or {@code null} when the session never expires
 * @param previousAccessMs the access before the last one, or {@code null} on a row written before schema version 2
 * @param claimedBy     claimer id of the node expiring this session, or {@code null}
 * @param clientAddress the client address last recorded, or {@code null}
 * @param userAgent     the user agent last recorded, or {@code null}
 * @param revokedMs     when an operator revoked the session, or {@code null} when not revoked
 * @param attributes    attribute name to serialized bytes
 */
public record StoredRow(byte[] idSealed, long createdMs, long lastAccessMs, long maxInactiveMs, Long expiryMs,
                        String principal, String lastNode, String metadataJson, long version,
                        String claimedBy, long claimedUntilMs, Long previousAccessMs,
                        String clientAddress, String userAgent, Long revokedMs,
                        Map<String, byte[]> attributes) {
}
