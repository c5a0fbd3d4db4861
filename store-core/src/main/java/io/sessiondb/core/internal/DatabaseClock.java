package io.sessiondb.core.internal;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongSupplier;

/**
 * The database's clock as seen from this node: every time the store writes or compares in the table is
 * on it, so that nodes whose clocks disagree still agree on when a session expires (no early expiry
 * from a node behind, no immortal session from a node ahead).
 *
 * <p>The offset (database minus node) is sampled at start and again at most every
 * {@link #RESAMPLE_MS} on a connection the store already holds, halving the round trip. Offsets under
 * {@link #TOLERANCE_MS} are taken as zero, and a new sample replaces the offset in use only when it
 * moved by more than that, so clocks kept by NTP leave every stored time exactly as the container gave it.
 */
public final class DatabaseClock {

    /** Longest time between two samples of the offset: {@value} ms. */
    public static final long RESAMPLE_MS = 60_000;
    /** Disagreement taken as none: {@value} ms. */
    public static final long TOLERANCE_MS = 1_000;

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    private final LongSupplier nodeClock;
    private final String logPrefix;
    private volatile long offsetMs;
    private volatile long sampledAtMs = Long.MIN_VALUE;

    /** @param nodeClock this node's clock, epoch milliseconds ({@code System::currentTimeMillis} but in tests) */
    public DatabaseClock(LongSupplier nodeClock, String logPrefix) {
        this.nodeClock = nodeClock;
        this.logPrefix = logPrefix;
    }

    /** @return this node's time, epoch milliseconds, as the container sees it */
    public long nodeNow() {
        return nodeClock.getAsLong();
    }

    /** @return the database's time, epoch milliseconds */
    public long now() {
        return nodeNow() + offsetMs;
    }

    /** @return a node time as database time; {@link Long#MAX_VALUE} (never) and {@link Long#MIN_VALUE} stay */
    public long toDatabase(long nodeMs) {
        return nodeMs == Long.MAX_VALUE || nodeMs == Long.MIN_VALUE ? nodeMs : nodeMs + offsetMs;
    }

    /** @return a database time as node time; {@link Long#MAX_VALUE} (never) and {@link Long#MIN_VALUE} stay */
    public long toNode(long databaseMs) {
        return databaseMs == Long.MAX_VALUE || databaseMs == Long.MIN_VALUE ? databaseMs : databaseMs - offsetMs;
    }

    /** @return the offset in use, database minus node, milliseconds */
    public long offsetMs() {
        return offsetMs;
    }

    /** Samples the offset on {@code c} when none was taken for {@link #RESAMPLE_MS}. */
    public void sampleIfDue(Connection c, Dialect dialect) throws SQLException {
        long now = nodeNow();
        if (sampledAtMs != Long.MIN_VALUE && now - sampledAtMs < RESAMPLE_MS) {
            return;
        }
        long before = nodeNow();
        long database = dialect.databaseNowMs(c);
        long after = nodeNow();
        sampledAtMs = after;
        long measured = database - (before + after) / 2;
        long inUse = offsetMs;
        long next = Math.abs(measured) < TOLERANCE_MS ? 0 : measured;
        if (Math.abs(next - inUse) > TOLERANCE_MS || (next == 0 && inUse != 0)) {
            offsetMs = next;
            LOG.log(next == 0 ? Level.INFO : Level.WARNING, next == 0
                    ? "{0} - this node''s clock agrees with the database''s again"
                    : "{0} - this node''s clock is {1} ms {2} the database''s: the store uses the database''s clock for"
                    + " every stored time and expiry decision; fix the node''s time synchronisation (NTP)",
                    logPrefix, String.valueOf(Math.abs(next)), next > 0 ? "behind" : "ahead of");
        }
    }
}
