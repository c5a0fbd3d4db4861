package io.sessiondb.cli.console;

import io.sessiondb.core.admin.SessionStatistics;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The statistics of every app, loaded at most once per {@code maxAgeSeconds}, so that Prometheus scrapes
 * (several servers, short intervals) cost the database one set of queries per period. Concurrent callers
 * wait for one load instead of each running their own. A failed load is not cached: it throws to the
 * caller and the next call tries again.
 */
final class StatisticsCache implements Supplier<Map<String, SessionStatistics>> {

    private final Supplier<Map<String, SessionStatistics>> loader;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;

    private Map<String, SessionStatistics> value;
    private long loadedAtNanos;

    /**
     * @param loader        loads the statistics by app (hits the database)
     * @param maxAgeSeconds how long a load is served; {@code 0} loads on every call
     * @param nanoTime      the clock, {@code System::nanoTime} outside tests
     */
    StatisticsCache(Supplier<Map<String, SessionStatistics>> loader, int maxAgeSeconds, LongSupplier nanoTime) {
        if (maxAgeSeconds < 0) {
            throw new IllegalArgumentException("metrics cache seconds cannot be negative, was " + maxAgeSeconds);
        }
        this.loader = loader;
        this.maxAgeNanos = TimeUnit.SECONDS.toNanos(maxAgeSeconds);
        this.nanoTime = nanoTime;
    }

    @Override
    public synchronized Map<String, SessionStatistics> get() {
        long now = nanoTime.getAsLong();
        if (value == null || now - loadedAtNanos >= maxAgeNanos) {
            value = Map.copyOf(loader.get());
            loadedAtNanos = now;
        }
        return value;
    }
}
