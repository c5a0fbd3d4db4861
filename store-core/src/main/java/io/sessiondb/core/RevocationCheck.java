package io.sessiondb.core;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * How a node that keeps sessions in memory between requests (a sticky setup) learns of revocations:
 * at most once per {@value #INTERVAL_MS} ms, at the start of a request, one query on the revoked
 * index ({@link SessionRepository#revokedSince}) lists the sessions of this app revoked since the
 * previous check (less {@value #CLOCK_SKEW_MS} ms, for clocks of nodes and operators that differ);
 * the adapter expires those it holds. So a request pays for it at most once a second per node, and
 * nothing when no one revoked anything beyond that one indexed query. Thread-safe: concurrent
 * requests run one check, the others go on at once.
 */
public final class RevocationCheck {

    /** Longest time between two checks of one node while it serves requests: {@value} ms. */
    public static final long INTERVAL_MS = 1000;
    /** How far back each check looks beyond the previous one: {@value} ms, the clock difference tolerated. */
    public static final long CLOCK_SKEW_MS = 5000;

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    private final AtomicLong nextCheckMs = new AtomicLong();
    private volatile long checkedUpToMs = System.currentTimeMillis();

    /**
     * Runs a check if one is due: hands the revoked ids (possibly seen before; handling one twice must
     * be harmless) to {@code revoked}. A database failure is logged at DEBUG (the store logs an outage
     * once) and the next check covers the same window again.
     */
    public void run(SessionRepository repository, Consumer<List<String>> revoked) {
        long now = System.currentTimeMillis();
        long next = nextCheckMs.get();
        if (now < next || !nextCheckMs.compareAndSet(next, now + INTERVAL_MS)) {
            return;
        }
        List<String> ids;
        try {
            ids = repository.revokedSince(checkedUpToMs - CLOCK_SKEW_MS);
        } catch (SessionStoreException e) {
            LOG.log(Level.DEBUG, "sessiondb - the check for revoked sessions failed; the next one repeats it: {0}",
                    LogText.line(e.getMessage()));
            return;
        }
        checkedUpToMs = now;
        if (!ids.isEmpty()) {
            revoked.accept(ids);
        }
    }
}
