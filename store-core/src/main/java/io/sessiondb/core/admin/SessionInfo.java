package io.sessiondb.core.admin;

import java.time.Instant;

/**
 * One session as an operator sees it. Never the session id, never an attribute value.
 *
 * @param id             short id: the first 16 hex digits of the stored id digest; names the session to
 *                       {@link SessionAdmin#revoke(String)} but cannot be turned back into the id
 * @param app            the app
 * @param principal      the user, or {@code null}
 * @param created        creation time
 * @param lastAccess     last stored access
 * @param expires        expiry, or {@code null} if it never expires
 * @param status         active, expired (not yet swept) or revoked
 * @param clientAddress  {@code getRemoteAddr()} of the request that last changed it, or {@code null}
 * @param userAgent      its User-Agent, truncated, or {@code null}
 * @param clientType     desktop, mobile, tablet, bot or other, or {@code null} when not captured
 * @param createdNode    node that created it, or {@code null} on sessions older than schema version 3
 * @param lastNode       node that wrote it last
 * @param attributes     number of attributes
 * @param bytes          serialized size of its attributes
 */
public record SessionInfo(String id, String app, String principal, Instant created, Instant lastAccess,
                          Instant expires, Status status, String clientAddress, String userAgent,
                          String clientType, String createdNode, String lastNode, int attributes, long bytes) {

    /** A session's state as the admin queries show it. */
    public enum Status {
        ACTIVE, EXPIRED, REVOKED;

        /** @return the lower-case name used in JSON and on pages: active, expired, revoked */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
