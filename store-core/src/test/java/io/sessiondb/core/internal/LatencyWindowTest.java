package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessiondb.core.Latency;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final LatencyWindow window = new LatencyWindow(clock::get);

    private void recordMs(long ms) {
        record(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    /** An operation of {@code nanos} that ends now. */
    private void record(long nanos) {
        window.record(clock.get() - nanos, clock.get());
    }

    private void advanceMs(long ms) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void percentilesAndMaxOfTheRecordedDurationsWithinOnePercent() {
        for (int ms = 1; ms <= 100; ms++) {
            recordMs(ms);
        }
        Latency latency = window.snapshot();
        assertEquals(100, latency.windowCount());
        assertEquals(50, latency.p50Ms(), 0.5);
        assertEquals(95, latency.p95Ms(), 0.95);
        assertEquals(99, latency.p99Ms(), 0.99);
        assertEquals(100, latency.maxMs(), 1);
        assertEquals(100, latency.count());
        assertEquals(5050, latency.totalMs(), 0.001);
    }

    @Test
    void emptyWindowReportsZeros() {
        assertEquals(new Latency(0, 0, 0, 0, 0, 0, 0), window.snapshot());
    }

    @Test
    void aSampleCountsForAtLeast55AndAtMost60Seconds() {
        recordMs(7);
        advanceMs(54_999);
        assertEquals(1, window.snapshot().windowCount(), "still in the window after 55 s");
        advanceMs(5_001);
        Latency later = window.snapshot();
        assertEquals(0, later.windowCount(), "forgotten after 60 s");
        assertEquals(0, later.maxMs());
        assertEquals(1, later.count(), "the total since start keeps it");
        assertEquals(7, later.totalMs(), 0.001);
    }

    @Test
    void oldSamplesAreForgottenWhenNothingReadsInBetween() {
        recordMs(500);
        advanceMs(30_000);
        recordMs(2);
        advanceMs(40_000);
        Latency latency = window.snapshot();
        assertEquals(1, latency.windowCount(), "only the sample of 40 s ago");
        assertEquals(2, latency.maxMs(), 0.02);
    }

    @Test
    void aWholeIdleWindowLeavesItEmptyAndRecordingGoesOn() {
        recordMs(3);
        advanceMs(10 * 60_000);
        recordMs(4);
        Latency latency = window.snapshot();
        assertEquals(1, latency.windowCount());
        assertEquals(4, latency.maxMs(), 0.04);
        advanceMs(61_000);
        assertEquals(0, window.snapshot().windowCount());
    }

    @Test
    void durationsBeyondTheRangeCountAsItsTop() {
        record(TimeUnit.HOURS.toNanos(2));
        record(-5);
        Latency latency = window.snapshot();
        assertEquals(2, latency.windowCount());
        assertEquals(TimeUnit.MICROSECONDS.toMillis(LatencyWindow.HIGHEST_MICROS), latency.maxMs(),
                LatencyWindow.HIGHEST_MICROS / 1000.0 / 100);
    }
}
