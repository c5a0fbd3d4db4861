package io.sessiondb.core.internal;

import java.util.Map;

/**
 * One session as a dialect reads it: the row and its serialized attributes.
 *
 * @param expiryMs      expiry time, or {@code null} when the session never expires
 * @param previousAccessMs the access before the last one, or {@code null} on a row written before schema version 2
 * @param claimedBy     claimer id of the node expiring this session, or {@code null}
 * @param attributes    attribute name to serialized bytes
 */
public record StoredRow(byte[] idSealed, long createdMs, long lastAccessMs, long maxInactiveMs, Long expiryMs,
                        String principal, String lastNode, String metadataJson, long version,
                        String claimedBy, long claimedUntilMs, Long previousAccessMs,
                        Map<String, byte[]> attributes) {
}
