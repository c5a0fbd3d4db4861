package io.sessiondb.core.internal;

/**
 * What the store's internals report to its counters ({@code StoreMetrics}): database errors and
 * retries from {@link Database}, unreadable attributes from {@link AttributeCodec}. Called on the
 * request path: implementations only count.
 */
public interface StoreEvents {

    /** Reports nothing. */
    StoreEvents NONE = new StoreEvents() {
        @Override
        public void databaseError() {
        }

        @Override
        public void databaseRetry() {
        }

        @Override
        public void unreadableAttribute(String className) {
        }
    };

    /** A database call failed: a connection could not be had or broke, or a statement failed. */
    void databaseError();

    /** An operation is tried again after a database error. */
    void databaseRetry();

    /**
     * A stored attribute could not be deserialized and is left out of its session.
     *
     * @param className the class being read when it failed, as the stream names it (unsanitized), or
     *                  {@code null} when the bytes failed before naming one
     */
    void unreadableAttribute(String className);
}
