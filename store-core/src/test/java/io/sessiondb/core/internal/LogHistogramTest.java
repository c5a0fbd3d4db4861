package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogHistogramTest {

    @Test
    void emptyHistogramReportsZeros() {
        assertEquals(RawStatistics.Percentiles.NONE, new LogHistogram().percentiles());
    }

    @Test
    void oneDistinctValuePerBucketIsExact() {
        LogHistogram h = new LogHistogram();
        for (long v = 10; v <= 200; v += 10) { // 10..200: each its own bucket
            h.add(bucket(v), 1, v);
        }
        assertEquals(new RawStatistics.Percentiles(100, 190, 200), h.percentiles());
    }

    @Test
    void bucketsGivenInSeveralRowsAreMerged() {
        LogHistogram h = new LogHistogram();
        h.add(bucket(5), 2, 5);
        h.add(bucket(7), 1, 7);
        h.add(bucket(5), 1, 5);
        assertEquals(4, h.count());
        assertEquals(new RawStatistics.Percentiles(5, 7, 7), h.percentiles());
    }

    @Test
    void zeroAndNegativeValuesSortFirst() {
        LogHistogram h = new LogHistogram();
        h.add(-1, 3, 0);
        h.add(bucket(1), 1, 1);
        assertEquals(new RawStatistics.Percentiles(0, 1, 1), h.percentiles());
    }

    @Test
    void reportedPercentileIsNeverBelowTheExactOneAndWithinTheBound() {
        Random random = new Random(13);
        List<Long> values = new ArrayList<>();
        LogHistogram h = new LogHistogram();
        for (int i = 0; i < 100_000; i++) {
            long v = 1 + (long) Math.exp(random.nextDouble() * 20);
            values.add(v);
            h.add(bucket(v), 1, v);
        }
        Collections.sort(values);
        RawStatistics.Percentiles p = h.percentiles();
        long exact50 = values.get((int) RawStatistics.Percentiles.rank(values.size(), 50) - 1);
        long exact95 = values.get((int) RawStatistics.Percentiles.rank(values.size(), 95) - 1);
        assertWithin(exact50, p.p50());
        assertWithin(exact95, p.p95());
        assertEquals(values.get(values.size() - 1), p.max());
    }

    private static void assertWithin(long exact, long reported) {
        assertTrue(reported >= exact && reported <= exact * (1 + LogHistogram.RELATIVE_ERROR),
                reported + " is not within " + LogHistogram.RELATIVE_ERROR + " above " + exact);
    }

    /** The bucket the SQL of {@link LogHistogram#bucketOf} computes. */
    private static long bucket(long v) {
        return v > 0 ? (long) Math.floor(Math.log(v) * LogHistogram.PER_E_FOLD) : -1;
    }
}
