package io.sessiondb.core;

import io.sessiondb.core.internal.ClassCounts;
import io.sessiondb.core.internal.LatencyWindow;
import io.sessiondb.core.internal.StoreEvents;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Counters of one {@link SessionRepository}, cumulative since it started, the load and save latency
 * over the last minute ({@link Latency}), and the sessions the container holds on this node.
 * Thread-safe; read them from the JMX bean ({@link SessiondbMetricsMBean}), a metrics registry
 * ({@code io.sessiondb.core.micrometer.SessiondbMeterBinder}) or a log line. docs/metrics.md lists
 * every one with its unit.
 */
public final class StoreMetrics {

    /** What {@link #activeSessions()} answers while no container reports its sessions: {@value}. */
    public static final long NOT_REPORTED = -1;

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
    final LongAdder revocationsSeen = new LongAdder();
    final LongAdder databaseErrors = new LongAdder();
    final LongAdder databaseRetries = new LongAdder();
    final LatencyWindow loadLatency = new LatencyWindow();
    final LatencyWindow saveLatency = new LatencyWindow();
    private final ClassCounts unreadableByClass = new ClassCounts();
    private final StoreEvents events = new Events();
    private volatile LongSupplier activeSessions;

    StoreMetrics() {
    }

    /** @return what the store's internals report to these counters */
    StoreEvents events() {
        return events;
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

    /**
     * @return unreadable attributes ({@link #unreadableAttributes()}) by the class that failed to
     *         deserialize (missing, rejected by the serial filter, or broken), sorted by class name;
     *         {@value ClassCounts#UNKNOWN} when the bytes failed before naming a class. Names are made
     *         safe by {@link LogText#of}; past {@value ClassCounts#MAX_CLASSES} names the rest count
     *         under {@value ClassCounts#OTHER}.
     */
    public Map<String, Long> unreadableAttributesByClass() {
        return unreadableByClass.snapshot();
    }

    /**
     * Calls {@code listener} with every class name {@link #unreadableAttributesByClass()} holds and with
     * each new one as it appears (a name may be passed twice), e.g. to register a counter per class.
     */
    public void onUnreadableClass(Consumer<String> listener) {
        unreadableByClass.onNewKey(listener);
    }

    /** @return the unreadable attributes counted for one class name as {@link #unreadableAttributesByClass()} keys it */
    public long unreadableAttributes(String className) {
        return unreadableByClass.get(className);
    }

    /** @return saves that went to the database (every save but those that wrote nothing) */
    public long saves() {
        return saveLatency.count();
    }

    /** @return load latency over the last minute, and totals since start (every load, found or not, failed or not) */
    public Latency loadLatency() {
        return loadLatency.snapshot();
    }

    /** @return save latency over the last minute, and totals since start (every save that went to the database) */
    public Latency saveLatency() {
        return saveLatency.snapshot();
    }

    /** Counts one revoked session this node found (and refused) when loading it. */
    public void revocationSeen() {
        revocationsSeen.increment();
    }

    /** @return revoked sessions this node found when loading them */
    public long revocationsSeen() {
        return revocationsSeen.sum();
    }

    /** @return database calls that failed (no connection, a lost connection, a failed statement), retried or not */
    public long databaseErrors() {
        return databaseErrors.sum();
    }

    /** @return operations tried again after a database error (a failover ridden through counts each attempt) */
    public long databaseRetries() {
        return databaseRetries.sum();
    }

    /**
     * Lets the container report how many sessions it holds in memory on this node (Tomcat: the
     * manager's active sessions; Jetty: the session cache's). The supplier is called on each read of
     * {@link #activeSessions()}: it must be cheap and must not touch the database.
     */
    public void reportActiveSessions(LongSupplier sessionsInMemory) {
        this.activeSessions = sessionsInMemory;
    }

    /** @return the sessions the container holds in memory on this node, or {@link #NOT_REPORTED} */
    public long activeSessions() {
        LongSupplier supplier = activeSessions;
        return supplier == null ? NOT_REPORTED : supplier.getAsLong();
    }

    @Override
    public String toString() {
        return "StoreMetrics{loads=" + loads() + ", loadMisses=" + loadMisses() + ", inserts=" + inserts()
                + ", updates=" + updates() + ", touches=" + touches() + ", unchangedSaves=" + unchangedSaves()
                + ", goneSaves=" + goneSaves() + ", attributesWritten=" + attributesWritten()
                + ", bytesWritten=" + bytesWritten() + ", deletes=" + deletes() + ", expiredClaims=" + expiredClaims()
                + ", failures=" + failures() + ", unreadableAttributes=" + unreadableAttributes()
                + ", quarantinedAttributes=" + quarantinedAttributes()
                + ", revocationsSeen=" + revocationsSeen() + ", databaseErrors=" + databaseErrors()
                + ", databaseRetries=" + databaseRetries() + ", saves=" + saves() + "}";
    }

    /** Counts what {@link io.sessiondb.core.internal.Database} and the attribute codec report. */
    private final class Events implements StoreEvents {
        @Override
        public void databaseError() {
            databaseErrors.increment();
        }

        @Override
        public void databaseRetry() {
            databaseRetries.increment();
        }

        @Override
        public void unreadableAttribute(String className) {
            unreadableAttributes.increment();
            unreadableByClass.increment(className);
        }
    }
}
