package io.sessiondb.core.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * Percentiles from a log-scale histogram that the database counts in one grouped pass, instead of
 * sorting every value. A positive value {@code v} falls in bucket {@code floor(ln(v) * }{@value #PER_E_FOLD}{@code )}
 * (the SQL is {@link #bucketOf}), zero and negative values in bucket -1; each bucket brings its count and
 * its largest value. A percentile is reported as the largest value of the bucket that holds its nearest
 * rank: never below the exact nearest-rank value, and above it by less than {@link #RELATIVE_ERROR} of
 * it (a bucket spans a ratio of e^(1/{@value #PER_E_FOLD})). The maximum is exact, and so is every
 * percentile whose bucket holds one distinct value. At most about 4,400 buckets for any {@code BIGINT}.
 */
public final class LogHistogram {

    /** Buckets per factor e: {@value}. */
    public static final int PER_E_FOLD = 100;

    /** Largest relative error of a reported percentile: e^(1/100) - 1, just over 1%. */
    public static final double RELATIVE_ERROR = Math.expm1(1.0 / PER_E_FOLD);

    private final TreeMap<Long, long[]> buckets = new TreeMap<>();
    private long count;

    /** @return the SQL bucket of {@code column} (a BIGINT), the same text on PostgreSQL, MariaDB and SQLite */
    public static String bucketOf(String column) {
        return "CASE WHEN " + column + " > 0 THEN CAST(FLOOR(LN(" + column + ") * " + PER_E_FOLD + ") AS INTEGER) ELSE -1 END";
    }

    /** Adds a bucket as the database counted it (a bucket may come in several rows: they are merged). */
    public void add(long bucket, long bucketCount, long bucketMax) {
        long[] b = buckets.computeIfAbsent(bucket, k -> new long[] {0, Long.MIN_VALUE});
        b[0] += bucketCount;
        b[1] = Math.max(b[1], bucketMax);
        count += bucketCount;
    }

    /** @return the number of values counted */
    public long count() {
        return count;
    }

    /** @return p50, p95 and the maximum, as described above; all 0 when empty */
    public RawStatistics.Percentiles percentiles() {
        if (count == 0) {
            return RawStatistics.Percentiles.NONE;
        }
        return new RawStatistics.Percentiles(at(50), at(95), buckets.lastEntry().getValue()[1]);
    }

    private long at(int percent) {
        long rank = RawStatistics.Percentiles.rank(count, percent);
        long seen = 0;
        for (Map.Entry<Long, long[]> e : buckets.entrySet()) {
            seen += e.getValue()[0];
            if (seen >= rank) {
                return e.getValue()[1];
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + count + " values");
    }
}
