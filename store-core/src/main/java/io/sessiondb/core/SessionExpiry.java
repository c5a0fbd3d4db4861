package io.sessiondb.core;

import java.io.ObjectInputFilter;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The expiry protocol of sessiondb, the same for every container: expired sessions are claimed in
 * the database (each claim is won by exactly one node), a claim on a session that turns out to be in
 * use on this node is released (unless an operator revoked it: a revoked session is expired even in use) (in one statement: the row is never deleted), and the destroy
 * listeners of every other claimed session fire once before its row is deleted.
 *
 * <p>The container supplies only what it alone knows: whether a session is in use on this node
 * ({@link InUse}), and how to fire its listeners ({@link Listeners}). Thread-safe.
 */
public final class SessionExpiry {

    /** What {@link Container#accessedHere} answers for a session this node does not hold. */
    public static final long NOT_IN_USE = -1;

    /** What the container knows of its own sessions: whether one is in use on this node. */
    @FunctionalInterface
    public interface InUse {

        /**
         * Must not fire listeners or change the session.
         *
         * @return the epoch millisecond of the latest access to session {@code id} on this node when a
         * request on this node holds it, or this node keeps it in memory and it has not expired there;
         * otherwise {@link #NOT_IN_USE}
         */
        long accessedHere(String id);
    }

    /**
     * How the container fires a session's destroy listeners, for containers that let the protocol
     * expire sessions ({@link #sweep}, {@link #expire}). A container whose own machinery fires the
     * listeners and then deletes the session (Jetty's scavenger) uses only the claims.
     */
    @FunctionalInterface
    public interface Listeners {

        /**
         * Fires the destroy listeners of an expired session this node won: those of the copy this node
         * holds in memory if it has one, else those of {@code stored}. The protocol deletes the row
         * afterwards; the container does not need to.
         *
         * @param stored the session as stored, read after the claim
         */
        void fire(String id, LoadedSession stored);
    }

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    private final SessionRepository repository;
    private final InUse inUse;

    /** @param inUse tells whether a session is in use on this node */
    public SessionExpiry(SessionRepository repository, InUse inUse) {
        this.repository = repository;
        this.inUse = inUse;
    }

    /**
     * Claims up to {@code limit} expired sessions of this app, releases those in use on this node, and
     * returns the others: the caller fires their listeners and deletes them (as Jetty's scavenger does),
     * or hands each to {@link #expireClaimed}.
     *
     * @throws SessionStoreException when the database fails
     */
    public List<String> claim(int limit) {
        return claim(Long.MAX_VALUE, limit);
    }

    /**
     * Same as {@link #claim(int)}, taking only sessions that expired at or before {@code expiredBeforeMs}.
     *
     * @throws SessionStoreException when the database fails
     */
    public List<String> claim(long expiredBeforeMs, int limit) {
        List<String> claimed = repository.claimExpired(expiredBeforeMs, limit);
        List<String> toExpire = new ArrayList<>(claimed.size());
        for (String id : claimed) {
            if (!releasedInUse(id)) {
                toExpire.add(id);
            }
        }
        return toExpire;
    }

    /**
     * Claims one expired session (a request found it expired, or the container asks about it).
     *
     * @return whether this node won the claim and the session is not in use here: the caller expires it
     * @throws SessionStoreException when the database fails
     */
    public boolean claim(String id) {
        return repository.claimExpired(id) && !releasedInUse(id);
    }

    /**
     * Claims and expires up to {@code maxBatches} batches of {@code batchSize} expired sessions. A
     * failure with one session is logged and the sweep goes on; the claim lapses and the session is
     * expired by a later sweep.
     *
     * @return the number of sessions expired
     * @throws SessionStoreException when the database fails while claiming
     */
    public int sweep(int batchSize, int maxBatches, ClassLoader loader, ObjectInputFilter filter,
                     Listeners listeners) {
        int expired = 0;
        for (int batch = 0; batch < maxBatches; batch++) {
            List<String> ids = claim(batchSize);
            for (String id : ids) {
                try {
                    if (expireClaimed(id, loader, filter, listeners)) {
                        expired++;
                    }
                } catch (SessionStoreException e) {
                    LOG.log(Level.WARNING, "sessiondb - expiring session {0} failed; a later sweep retries it: {1}",
                            LogText.id(id), LogText.line(e.getMessage()));
                }
            }
            if (ids.size() < batchSize) {
                break;
            }
        }
        return expired;
    }

    /**
     * Expires a session this node claimed: reads it, releases the claim if its stored expiry moved into
     * the future after all, otherwise fires its listeners and deletes it.
     *
     * @return whether the session was expired here
     */
    public boolean expireClaimed(String id, ClassLoader loader, ObjectInputFilter filter, Listeners listeners) {
        Optional<LoadedSession> stored = repository.load(id, loader, filter);
        if (stored.isEmpty()) {
            return false; // deleted meanwhile (invalidated): nothing to fire
        }
        return expire(stored.get(), listeners);
    }

    /**
     * Expires a loaded session this node has won the claim of (see {@link #claim(String)}).
     *
     * @return whether its listeners fired here
     */
    public boolean expire(LoadedSession stored, Listeners listeners) {
        String id = stored.session().id();
        if (!stored.revoked() && stored.session().expiryMs() > System.currentTimeMillis()) {
            repository.releaseClaim(id, stored.session().lastAccessedMs());
            return false;
        }
        try {
            listeners.fire(id, stored);
        } finally {
            repository.delete(id);
        }
        return true;
    }

    /**
     * A revoked session is never released, in use or not: {@code releaseClaim} refuses it, and it is
     * expired here (its listeners fire on this node's copy).
     */
    private boolean releasedInUse(String id) {
        long accessed = inUse.accessedHere(id);
        if (accessed == NOT_IN_USE) {
            return false;
        }
        if (!repository.releaseClaim(id, accessed)) {
            LOG.log(Level.DEBUG, "sessiondb - session {0} is in use on this node but revoked; expiring it", LogText.id(id));
            return false;
        }
        LOG.log(Level.DEBUG, "sessiondb - session {0} expired in the database but is in use on this node; claim released",
                LogText.id(id));
        return true;
    }
}
