package io.sessiondb.core.internal;

import java.util.Collection;
import java.util.Map;

/**
 * What one save writes. The expiry time is derived from {@code lastAccessMs} and {@code maxInactiveMs}.
 *
 * @param idSealed     the sealed session id (written on insert only)
 * @param metadataJson the metadata document, or {@code null} to keep the stored one
 * @param upserts      attributes to insert or overwrite, name to serialized bytes
 * @param removals     attribute names to delete
 * @param writeRow     whether an update writes the session row's values and access time; when false only
 *                     attributes changed and the row is only locked (a dialect may still write it)
 */
public record RowWrite(String app, byte[] idDigest, byte[] idSealed, long createdMs, long lastAccessMs,
                       long maxInactiveMs, String principal, String node, String metadataJson,
                       Map<String, byte[]> upserts, Collection<String> removals, boolean writeRow) {
}
