package io.sessiondb.core.internal;

import java.util.Collection;
import java.util.Map;

/**
 * What one save writes. Access time, previous access and expiry are one group: an update writes them
 * only when its access time is not older than the stored one.
 *
 * @param previousAccessMs the access before {@code lastAccessMs}
 * @param expiryMs         the expiry to store as given, or {@code null} when the session never expires
 * @param idSealed     the sealed session id (written on insert only)
 * @param metadataJson the metadata document, or {@code null} to keep the stored one
 * @param upserts      attributes to insert or overwrite, name to serialized bytes
 * @param removals     attribute names to delete
 * @param writeRow     whether an update writes the session row's values and access time; when false only
 *                     attributes changed and the row is only locked (a dialect may still write it)
 */
public record RowWrite(String app, byte[] idDigest, byte[] idSealed, long createdMs, long lastAccessMs,
                       long maxInactiveMs, long previousAccessMs, Long expiryMs, String principal, String node,
                       String metadataJson,
                       Map<String, byte[]> upserts, Collection<String> removals, boolean writeRow) {
}
