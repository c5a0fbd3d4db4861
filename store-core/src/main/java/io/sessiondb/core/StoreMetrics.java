package io.sessiondb.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one {@link SessionRepository}, cumulative since it started. Thread-safe; read them
 * from a JMX bean, a metrics registry or a log line.
 */
public final class StoreMetrics {

    final LongAdder loads = new LongAdder();
    final LongAdder loadMisses = new LongAdder();
    final LongAdder inserts = new LongAdder();
    final LongAdder updates = new LongAdder();
    final LongAdder touches = new LongAdder();
    final LongAdder unchangedSaves = new LongAdder();
    final LongAdder goneSaves = new LongAdder();
    final LongAdder attributesWritten = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder deletes = new LongAdder();
    final LongAdder expiredClaims = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder unreadableAttributes = new LongAdder();
    final LongAdder quarantinedAttributes = new LongAdder();

    StoreMetrics() {
    }

    /** @return loads that found a session */
    public long loads() {
        return loads.sum();
    }

    /** @return loads that found no session */
    public long loadMisses() {
        return loadMisses.sum();
    }

    /** @return new sessions inserted */
    public long inserts() {
        return inserts.sum();
    }

    /** @return saves that wrote changed attributes or row values */
    public long updates() {
        return updates.sum();
    }

    /** @return saves that only wrote the access time */
    public long touches() {
        return touches.sum();
    }

    /** @return saves that wrote nothing */
    public long unchangedSaves() {
        return unchangedSaves.sum();
    }

    /** @return saves of sessions that were gone (invalidated, expired or renamed elsewhere) */
    public long goneSaves() {
        return goneSaves.sum();
    }

    /** @return attributes inserted or overwritten */
    public long attributesWritten() {
        return attributesWritten.sum();
    }

    /** @return serialized attribute bytes written */
    public long bytesWritten() {
        return bytesWritten.sum();
    }

    /** @return sessions deleted (invalidated) */
    public long deletes() {
        return deletes.sum();
    }

    /** @return expired sessions claimed by this node */
    public long expiredClaims() {
        return expiredClaims.sum();
    }

    /** @return operations that failed with a {@link SessionStoreException} */
    public long failures() {
        return failures.sum();
    }

    /**
     * @return attributes left out of a loaded session because their stored bytes could not be
     *         deserialized (corrupt bytes, a class the webapp no longer has, or one the serial filter
     *         rejects), counted once per attribute per load; the rest of each session was served
     */
    public long unreadableAttributes() {
        return unreadableAttributes.sum();
    }

    /**
     * @return the {@link #unreadableAttributes()} that the serial filter rejected: a class not allowed
     *         (a gadget class, or any class outside an {@code allow:} list) or a limit broken (depth,
     *         objects, bytes, array length or array memory); none of their classes was instantiated
     */
    public long quarantinedAttributes() {
        return quarantinedAttributes.sum();
    }

    @Override
    public String toString() {
        return "StoreMetrics{loads=" + loads() + ", loadMisses=" + loadMisses() + ", inserts=" + inserts()
                + ", updates=" + updates() + ", touches=" + touches() + ", unchangedSaves=" + unchangedSaves()
                + ", goneSaves=" + goneSaves() + ", attributesWritten=" + attributesWritten()
                + ", bytesWritten=" + bytesWritten() + ", deletes=" + deletes() + ", expiredClaims=" + expiredClaims()
                + ", failures=" + failures() + ", unreadableAttributes=" + unreadableAttributes()
                + ", quarantinedAttributes=" + quarantinedAttributes() + "}";
    }
}
