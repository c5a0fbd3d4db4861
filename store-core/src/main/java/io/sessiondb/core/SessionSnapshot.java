package io.sessiondb.core;

import java.util.Map;

/**
 * A container's session at one moment, as handed to {@link SessionRepository#save}: the state to
 * persist. The attribute map is read, never changed or kept.
 *
 * <p>The adapter chooses the stored expiry and previous access: a save stores them as given (never
 * recomputed), and a load returns them unchanged. The 7-argument constructor derives them as a
 * container without those notions expects: previous access = last access, expiry = last access +
 * max inactive interval (never when that is zero or negative).
 *
 * @param id               the session id the client holds (never stored in clear)
 * @param createdMs        creation time, epoch milliseconds
 * @param lastAccessedMs   last access time, epoch milliseconds
 * @param maxInactiveMs    max inactive interval in milliseconds; zero or negative means never expires
 * @param principal        authenticated user name, or {@code null}
 * @param metadata         small descriptive values (client address, user agent), stored as JSON; may be empty
 * @param attributes       attribute name to value; values must be {@link java.io.Serializable} to be stored
 * @param previousAccessMs the access before the last one (Jetty's {@code lastAccessed}), epoch milliseconds
 * @param expiryMs         when the session expires, epoch milliseconds; {@link #NEVER} ({@link Long#MAX_VALUE})
 *                         if never. Zero or a negative value (Jetty's "never") is taken as {@link #NEVER}
 */
public record SessionSnapshot(String id, long createdMs, long lastAccessedMs, long maxInactiveMs,
                              String principal, Map<String, String> metadata, Map<String, Object> attributes,
                              long previousAccessMs, long expiryMs) {

    /** The expiry of a session that never expires: {@link Long#MAX_VALUE}. Stored as NULL. */
    public static final long NEVER = Long.MAX_VALUE;

    public SessionSnapshot {
        if (id == null) {
            throw new IllegalArgumentException("id cannot be null");
        }
        metadata = metadata == null ? Map.of() : metadata;
        attributes = attributes == null ? Map.of() : attributes;
        expiryMs = expiryMs <= 0 ? NEVER : expiryMs;
    }

    /**
     * A snapshot whose previous access is {@code lastAccessedMs} and whose expiry is
     * {@code lastAccessedMs + maxInactiveMs}, or {@link #NEVER} when {@code maxInactiveMs <= 0}.
     */
    public SessionSnapshot(String id, long createdMs, long lastAccessedMs, long maxInactiveMs,
                           String principal, Map<String, String> metadata, Map<String, Object> attributes) {
        this(id, createdMs, lastAccessedMs, maxInactiveMs, principal, metadata, attributes, lastAccessedMs,
                maxInactiveMs > 0 ? lastAccessedMs + maxInactiveMs : NEVER);
    }
}
