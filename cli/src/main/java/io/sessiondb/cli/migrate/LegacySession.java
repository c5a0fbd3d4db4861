package io.sessiondb.cli.migrate;

import io.sessiondb.core.SessionSnapshot;
import java.util.List;
import java.util.Map;

/**
 * A session read from a container's own store, with the attributes that could be read and a
 * problem for each one that could not.
 *
 * @param id             the session id the client's cookie holds
 * @param createdMs      creation time, epoch milliseconds
 * @param lastAccessedMs last access time, epoch milliseconds
 * @param maxInactiveMs  max inactive interval in milliseconds; zero or negative means never expires
 * @param valid          whether the container still held the session as valid
 * @param principal      the authenticated user's name, or {@code null}
 * @param attributes     the attributes that could be read, by name
 * @param problems       the attributes that could not be read
 */
record LegacySession(String id, long createdMs, long lastAccessedMs, long maxInactiveMs, boolean valid,
                            String principal, Map<String, Object> attributes, List<AttributeProblem> problems) {

    /** @return whether the session is valid and unexpired at {@code nowMs} */
    public boolean liveAt(long nowMs) {
        return valid && (maxInactiveMs <= 0 || lastAccessedMs + maxInactiveMs > nowMs);
    }

    /** @return the session as sessiondb stores it: same id, times and readable attributes */
    public SessionSnapshot toSnapshot() {
        return new SessionSnapshot(id, createdMs, lastAccessedMs, maxInactiveMs, principal, Map.of(), attributes);
    }

    /** @return the first characters of {@code id}, enough to tell sessions apart in a report without leaking them */
    static String shortId(String id) {
        return id == null ? "?" : id.length() <= 8 ? id : id.substring(0, 8) + "...";
    }
}
