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
 *                     attributes changed and of the row only the version is written
 * @param writeTag     identifies this save: an update sets the row's version to
 *                     {@code (version / 2^32 + 1) * 2^32 + writeTag} (a write counter in the high bits, this
 *                     tag in the low 32), so that a retry after a lost connection can tell whether this
 *                     very save was applied ({@link #versionAfter})
 * @param expectedVersion {@code 0}: update unconditionally; otherwise update only a row at this version
 * @param client       what is recorded of the client with this write (columns whose value is {@code null} are kept)
 * @param attributeCount number of attributes of the session after this save
 * @param sizeBytes    serialized size of all its attributes after this save
 * @param indexUpserts values of indexed attributes to insert or overwrite in {@code <table>_index}
 * @param indexRemovals names of indexed attributes whose rows are deleted
 */
public record RowWrite(String app, byte[] idDigest, byte[] idSealed, long createdMs, long lastAccessMs,
                       long maxInactiveMs, long previousAccessMs, Long expiryMs, String principal, String node,
                       String metadataJson,
                       Map<String, byte[]> upserts, Collection<String> removals, boolean writeRow,
                       long writeTag, long expectedVersion, Client client, int attributeCount, long sizeBytes,
                       Map<String, String> indexUpserts, Collection<String> indexRemovals) {

    /**
     * The client columns a write sets; a {@code null} value keeps what is stored (an insert stores NULL).
     *
     * @param createdNode the node that creates the session (written by an insert only)
     */
    public record Client(String createdNode, String address, String userAgent, String type) {

        /** Nothing recorded: every column kept. */
        public static final Client NONE = new Client(null, null, null, null);
    }

    /** @return whether this write changes rows of {@code <table>_index} */
    public boolean changesIndex() {
        return !indexUpserts.isEmpty() || !indexRemovals.isEmpty();
    }

    /** Write tags are in {@code [1, TAG_RANGE)}. */
    public static final long TAG_RANGE = 1L << 32;

    /** @return the version an update with {@code writeTag} gives a row at {@code version} */
    public static long versionAfter(long version, long writeTag) {
        return (version / TAG_RANGE + 1) * TAG_RANGE + writeTag;
    }

    /** @return this write, applied only to a row at {@code version} */
    public RowWrite onlyAtVersion(long version) {
        return new RowWrite(app, idDigest, idSealed, createdMs, lastAccessMs, maxInactiveMs, previousAccessMs, expiryMs,
                principal, node, metadataJson, upserts, removals, writeRow, writeTag, version, client, attributeCount, sizeBytes,
                indexUpserts, indexRemovals);
    }
}
