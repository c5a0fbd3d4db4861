package io.sessiondb.core;

import java.util.Map;

/**
 * A container's session at one moment, as handed to {@link SessionRepository#save}: the state to
 * persist. The attribute map is read, never changed or kept.
 *
 * @param id             the session id the client holds (never stored in clear)
 * @param createdMs      creation time, epoch milliseconds
 * @param lastAccessedMs last access time, epoch milliseconds
 * @param maxInactiveMs  max inactive interval in milliseconds; zero or negative means never expires
 * @param principal      authenticated user name, or {@code null}
 * @param metadata       small descriptive values (client address, user agent), stored as JSON; may be empty
 * @param attributes     attribute name to value; values must be {@link java.io.Serializable} to be stored
 */
public record SessionSnapshot(String id, long createdMs, long lastAccessedMs, long maxInactiveMs,
                              String principal, Map<String, String> metadata, Map<String, Object> attributes) {

    public SessionSnapshot {
        if (id == null) {
            throw new IllegalArgumentException("id cannot be null");
        }
        metadata = metadata == null ? Map.of() : metadata;
        attributes = attributes == null ? Map.of() : attributes;
    }

    /** @return the epoch millisecond at which this session expires, or {@link Long#MAX_VALUE} if never */
    public long expiryMs() {
        return maxInactiveMs > 0 ? lastAccessedMs + maxInactiveMs : Long.MAX_VALUE;
    }
}
