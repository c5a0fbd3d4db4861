package io.sessiondb.core;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * How a node that keeps sessions in memory between requests (a sticky setup) learns of revocations: at
 * the start of a request, one query on the revoked index ({@link SessionRepository#revokedSince}) lists
 * the sessions of this app revoked since the previous check (less {@value #CLOCK_SKEW_MS} ms, for clocks
 * of nodes and operators that differ); the adapter expires those it holds. With {@code revocationCheckMs}
 * 0 every request runs the check, so a revoked session is dead on this node at its very next request;
 * with more (default 1000), at most one check per that many ms per node (concurrent requests run one
 * check, the others go on at once), and a revoked session may serve requests that long. Thread-safe.
 */
public final class RevocationCheck {

    /** How far back each check looks beyond the previous one: {@value} ms, the clock difference tolerated. */
    public static final long CLOCK_SKEW_MS = 5000;

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    private final long intervalMs;
    private final AtomicLong nextCheckMs = new AtomicLong();
    private volatile long checkedUpToMs = System.currentTimeMillis();

    /** @param intervalMs {@code revocationCheckMs}: 0 checks at every call, more at most once per that many ms */
    public RevocationCheck(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /**
     * Runs a check if one is due: hands the revoked ids (possibly seen before; handling one twice must
     * be harmless) to {@code revoked}. A database failure is logged at DEBUG (the store logs an outage
     * once) and the next check covers the same window again.
     */
    public void run(SessionRepository repository, Consumer<List<String>> revoked) {
        long now = System.currentTimeMillis();
        if (intervalMs > 0) {
            long next = nextCheckMs.get();
            if (now < next || !nextCheckMs.compareAndSet(next, now + intervalMs)) {
                return;
            }
        }
        long from = checkedUpToMs;
        List<String> ids;
        try {
            ids = repository.revokedSince(from - CLOCK_SKEW_MS);
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
