package io.sessiondb.core;

/**
 * How long one kind of store operation (load or save) took: percentiles and maximum over the sliding
 * window of {@link StoreMetrics} (the last 55 to 60 seconds), and totals since the repository started.
 * Percentiles are accurate to 1% (two significant digits); all are 0 when the window holds no sample.
 *
 * @param windowCount operations timed in the window
 * @param p50Ms       median, in milliseconds
 * @param p95Ms       95th percentile, in milliseconds
 * @param p99Ms       99th percentile, in milliseconds
 * @param maxMs       the slowest operation in the window, in milliseconds
 * @param count       operations timed since start
 * @param totalMs     their summed duration since start, in milliseconds
 */
public record Latency(long windowCount, double p50Ms, double p95Ms, double p99Ms, double maxMs, long count,
                      double totalMs) {
}
