package io.sessiondb.core.internal;

import io.sessiondb.core.Latency;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;

/**
 * Durations of one kind of operation over a sliding window, for percentiles: the last
 * {@value #WINDOW_MS} ms in {@value #SLICES} slices, so a sample counts for between 55 and 60 seconds.
 *
 * <p>Recording is wait-free on the request path: an HdrHistogram {@link Recorder} takes the sample, and
 * once per slice (every 5 s) one recording thread that finds the slice over, and gets the lock without
 * waiting, moves the recorder's samples into the slice and starts the next. A read does the same under
 * the lock and sums the slices. A slice is closed at the first recording or read after its end, and
 * every sample it holds was recorded before that end (a later recording would have closed it first),
 * so an idle minute empties the window even when nothing reads it.
 *
 * <p>Memory: the recorder's two histograms (25 KB each) and up to {@value #SLICES} packed slices of a
 * few KB each.
 */
public final class LatencyWindow {

    /** Length of the window: {@value} ms. */
    public static final long WINDOW_MS = 60_000;
    static final int SLICES = 12;
    /** Larger durations are recorded as this, in microseconds (10 minutes). */
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final int SIGNIFICANT_DIGITS = 2;

    private final LongSupplier nanoClock;
    private final long sliceNanos;
    private final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final ReentrantLock lock = new ReentrantLock();
    /** The closed slices, a ring; guarded by {@link #lock}, as are the fields below up to {@link #sum}. */
    private final Histogram[] closed = new Histogram[SLICES - 1];
    private int newest;
    private Histogram open = histogram();
    /** The recorder's last interval histogram, handed back to it for reuse (null until the first). */
    private Histogram interval;
    private final Histogram sum = histogram();
    private volatile long openEndsNanos;

    /** A window on {@link System#nanoTime()}. */
    public LatencyWindow() {
        this(System::nanoTime);
    }

    /** @param nanoClock the time in nanoseconds, as {@link System#nanoTime()} (tests move it by hand) */
    LatencyWindow(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.sliceNanos = TimeUnit.MILLISECONDS.toNanos(WINDOW_MS) / SLICES;
        for (int i = 0; i < closed.length; i++) {
            closed[i] = histogram();
        }
        this.openEndsNanos = nanoClock.getAsLong() + sliceNanos;
    }

    /** Packed: a slice holds a few hundred distinct durations, a few KB, where a full histogram takes 25 KB. */
    private static Histogram histogram() {
        return new PackedHistogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    /**
     * Records one operation, timed by the caller on the same clock as this window's (the end time also
     * tells whether a slice is over, so that recording reads no clock of its own).
     *
     * @param startNanos when it started, {@link System#nanoTime()}
     * @param endNanos   when it ended, {@link System#nanoTime()}; a duration below 0 counts as 0
     */
    public void record(long startNanos, long endNanos) {
        long duration = Math.max(0, endNanos - startNanos);
        count.increment();
        totalNanos.add(duration);
        if (endNanos - openEndsNanos >= 0 && lock.tryLock()) {
            try {
                closeDueSlices(endNanos);
            } finally {
                lock.unlock();
            }
        }
        recorder.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(duration), HIGHEST_MICROS));
    }

    /** @return operations recorded since this window was made */
    public long count() {
        return count.sum();
    }

    /** @return the percentiles over the window now, and the totals since this window was made */
    public Latency snapshot() {
        lock.lock();
        try {
            closeDueSlices(nanoClock.getAsLong());
            drainRecorderInto(open);
            sum.reset();
            sum.add(open);
            for (Histogram slice : closed) {
                sum.add(slice);
            }
            return new Latency(sum.getTotalCount(), millis(sum.getValueAtPercentile(50)),
                    millis(sum.getValueAtPercentile(95)), millis(sum.getValueAtPercentile(99)),
                    millis(sum.getTotalCount() == 0 ? 0 : sum.getMaxValue()), count.sum(), totalNanos.sum() / 1e6);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the open slice, and the empty ones after it, for every slice end that has passed. Lock held. */
    private void closeDueSlices(long nowNanos) {
        int closedNow = 0;
        while (nowNanos - openEndsNanos >= 0) {
            if (closedNow++ == SLICES) {
                // Idle for a whole window: every slice is empty now; skip to the slice that holds now.
                openEndsNanos += ((nowNanos - openEndsNanos) / sliceNanos + 1) * sliceNanos;
                return;
            }
            drainRecorderInto(open);
            newest = (newest + 1) % closed.length;
            Histogram oldest = closed[newest];
            closed[newest] = open;
            oldest.reset();
            open = oldest;
            openEndsNanos += sliceNanos;
        }
    }

    private void drainRecorderInto(Histogram target) {
        interval = recorder.getIntervalHistogram(interval);
        target.add(interval);
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
