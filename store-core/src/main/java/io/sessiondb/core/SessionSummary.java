package io.sessiondb.core;

import java.util.Map;

/**
 * One session as the admin queries show it. The session id itself is never stored, so a session is
 * named by the hex digest of its id.
 *
 * @param idDigest     hex SHA-256 (or HMAC) of the session id, as stored
 * @param principal    user name, or {@code null}
 * @param createdMs    creation time, epoch milliseconds
 * @param lastAccessMs last persisted access time, epoch milliseconds
 * @param expiryMs     expiry time, epoch milliseconds, or {@link Long#MAX_VALUE} if never
 * @param lastNode     node that wrote it last
 * @param metadata     descriptive values stored with it
 */
public record SessionSummary(String idDigest, String principal, long createdMs, long lastAccessMs, long expiryMs,
                             String lastNode, Map<String, String> metadata) {
}
