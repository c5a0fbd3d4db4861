package io.sessiondb.core.internal;

/** A session row without attributes, as the admin queries read it. */
public record StoredSummary(byte[] idDigest, String principal, long createdMs, long lastAccessMs, Long expiryMs,
                            String lastNode, String metadataJson) {
}
