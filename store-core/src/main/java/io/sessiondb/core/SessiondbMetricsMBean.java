package io.sessiondb.core;

import java.util.Map;

/**
 * What a {@link SessionRepository} shows over JMX, as
 * {@code io.sessiondb:type=SessionRepository,app=<appName>,name=<node/instance>}: its counters
 * ({@link StoreMetrics}), load and save latency percentiles over the last minute, the sessions the
 * container holds on this node, and the live session count of its app. Registered as an MXBean, so
 * that every attribute is an open type any JMX client reads (the map by class is a {@code TabularData});
 * the Prometheus JMX exporter config docs/metrics/jmx-exporter.yaml maps each to a metric. Counters are
 * cumulative since start. The latency attributes of one kind come from one snapshot, reused for a
 * second, so that one scrape reads consistent percentiles.
 */
public interface SessiondbMetricsMBean {

    long getLoads();

    long getLoadMisses();

    long getInserts();

    long getUpdates();

    long getTouches();

    long getUnchangedSaves();

    long getGoneSaves();

    long getAttributesWritten();

    long getBytesWritten();

    long getDeletes();

    long getExpiredClaims();

    long getFailures();

    /** @return attributes left out of loaded sessions as unreadable ({@link StoreMetrics#unreadableAttributes()}) */
    long getUnreadableAttributes();

    /** @return unreadable attributes the serial filter quarantined ({@link StoreMetrics#quarantinedAttributes()}) */
    long getQuarantinedAttributes();

    /** @return {@link StoreMetrics#unreadableAttributesByClass()} */
    Map<String, Long> getDeserializationFailuresByClass();

    /** @return {@link StoreMetrics#saves()} */
    long getSaves();

    /** @return {@link StoreMetrics#revocationsSeen()} */
    long getRevocationsSeen();

    /** @return {@link StoreMetrics#databaseErrors()} */
    long getDatabaseErrors();

    /** @return {@link StoreMetrics#databaseRetries()} */
    long getDatabaseRetries();

    /** @return {@link StoreMetrics#activeSessions()}: sessions in memory on this node, -1 when the container reports none */
    long getActiveSessions();

    /** @return median load time over the last minute, in milliseconds ({@link StoreMetrics#loadLatency()}) */
    double getLoadLatencyP50Ms();

    /** @return 95th percentile of load time over the last minute, in milliseconds */
    double getLoadLatencyP95Ms();

    /** @return 99th percentile of load time over the last minute, in milliseconds */
    double getLoadLatencyP99Ms();

    /** @return slowest load over the last minute, in milliseconds */
    double getLoadLatencyMaxMs();

    /** @return median save time over the last minute, in milliseconds ({@link StoreMetrics#saveLatency()}) */
    double getSaveLatencyP50Ms();

    /** @return 95th percentile of save time over the last minute, in milliseconds */
    double getSaveLatencyP95Ms();

    /** @return 99th percentile of save time over the last minute, in milliseconds */
    double getSaveLatencyP99Ms();

    /** @return slowest save over the last minute, in milliseconds */
    double getSaveLatencyMaxMs();

    /**
     * @return the unexpired sessions of this app in the database: one query, whose answer is reused for
     *         30 s (the Prometheus JMX exporter reads every attribute at every scrape)
     */
    long getSessionCount();
}
