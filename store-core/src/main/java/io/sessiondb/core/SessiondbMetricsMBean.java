package io.sessiondb.core;

/**
 * What a {@link SessionRepository} shows over JMX, as
 * {@code io.sessiondb:type=SessionRepository,app=<appName>,name=<node/instance>}: its counters
 * ({@link StoreMetrics}) and the live session count of its app.
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

    /** @return the unexpired sessions of this app in the database (one query per read) */
    long getSessionCount();
}
