package io.sessiondb.core;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * How a node that keeps sessions in memory between requests (a sticky setup) learns of revocations: at
 * the start of a request, one query on the revoked index ({@link SessionRepository#revokedSince}) lists
 * the sessions of this app revoked since the previous check (less {@value #CLOCK_SKEW_MS} ms, for clocks
 * of nodes and operators that differ); the adapter expires those it holds.
 *
 * <p>With {@code revocationCheckMs} 0 (the default) a revoked session is dead on this node at its very
 * next request: every call returns only after a check sent after the call began has run, and its
 * revoked sessions are dropped. Concurrent calls share checks: a call that finds a check in flight waits
 * for it and then for the next one, which one of the waiting calls sends and which serves them all; so a
 * busy node sends about one query per query round trip, not one per request. With more, at most one check
 * per that many ms per node (concurrent calls run one check, the others go on at once), and a revoked
 * session may serve requests that long. Thread-safe.
 */
public final class RevocationCheck {

    /** How far back each check looks beyond the previous one: {@value} ms, the clock difference tolerated. */
    public static final long CLOCK_SKEW_MS = 5000;

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    /** The query of one check: the ids of the sessions revoked at or after {@code sinceMs}. */
    @FunctionalInterface
    interface Query {
        List<String> revokedSince(long sinceMs);
    }

    private final long intervalMs;
    private final AtomicLong nextCheckMs = new AtomicLong();
    /** With intervalMs 0: held while a check runs; {@link #lastSentNanos} is read and written under it. */
    private final ReentrantLock checking = new ReentrantLock();
    private long lastSentNanos;
    private boolean sentOnce;
    private volatile long checkedUpToMs = System.currentTimeMillis();

    /** @param intervalMs {@code revocationCheckMs}: 0 checks for every call, more at most once per that many ms */
    public RevocationCheck(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /**
     * Runs a check if one is due: hands the revoked ids (possibly seen before; handling one twice must
     * be harmless) to {@code revoked}. With {@code revocationCheckMs} 0, returns once a check sent after
     * this call began has run (this call's or a concurrent one's, whose {@code revoked} then handled the
     * ids). A database failure is logged at DEBUG (the store logs an outage once), and the next check
     * covers the same window again.
     */
    public void run(SessionRepository repository, Consumer<List<String>> revoked) {
        run(repository::revokedSince, revoked);
    }

    void run(Query query, Consumer<List<String>> revoked) {
        if (intervalMs > 0) {
            long now = System.currentTimeMillis();
            long next = nextCheckMs.get();
            if (now >= next && nextCheckMs.compareAndSet(next, now + intervalMs)) {
                check(query, revoked);
            }
            return;
        }
        long calledNanos = System.nanoTime();
        checking.lock();
        try {
            if (sentOnce && lastSentNanos - calledNanos > 0) {
                return; // a check sent after this call began ran while it waited
            }
            lastSentNanos = System.nanoTime();
            sentOnce = true;
            check(query, revoked); // a failed check releases the waiters too: they go on, as this call does
        } finally {
            checking.unlock();
        }
    }

    private void check(Query query, Consumer<List<String>> revoked) {
        long now = System.currentTimeMillis();
        long from = checkedUpToMs;
        List<String> ids;
        try {
            ids = query.revokedSince(from - CLOCK_SKEW_MS);
        } catch (SessionStoreException e) {
            LOG.log(Level.DEBUG, "sessiondb - the check for revoked sessions failed; the next one repeats it: {0}",
                    LogText.line(e.getMessage()));
            return;
        }
        checkedUpToMs = now; // a slower concurrent check may move it back a little: the next looks further back
        if (!ids.isEmpty()) {
            revoked.accept(ids);
        }
    }
}
