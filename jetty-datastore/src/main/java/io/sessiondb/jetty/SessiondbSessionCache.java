package io.sessiondb.jetty;

import io.sessiondb.core.LogText;
import io.sessiondb.core.SessionLocking;
import io.sessiondb.core.SessionLockTimeoutException;
import io.sessiondb.core.SessionStoreException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.session.AbstractSessionCache;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionCache;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session cache of the non-sticky setup: every request loads its own copy of the session from
 * the database and the copy leaves memory with the request, so a request sees every write that
 * reached the database before it started, whichever node made it. Concurrent requests for one
 * session each save only what they changed. Made by {@link SessiondbSessionCacheFactory}.
 *
 * <p>Unlike Jetty's {@code NullSessionCache} it remembers the copies its requests hold, so that:
 * <ul>
 *   <li>a session the scavenger expires is handed back on {@link #delete}, and Jetty calls
 *   {@code sessionDestroyed} for it (exactly once: an invalidation in progress is recognized);</li>
 *   <li>{@code changeSessionId} renames the request's own copy;</li>
 *   <li>a session a request on this node is using is never expired under it (Jetty's own check looks
 *   in the cache, where this cache keeps nothing between requests).</li>
 * </ul>
 *
 * <p>With {@code lockingMode} covering a request, it takes the session's lease before the request's
 * copy is loaded and gives it up after the copy's last save, when the request leaves the session (after
 * the response and any async processing completed), so that covered requests of one session run one
 * at a time across every node. A request that cannot get the lease within {@code lockTimeoutMs} loads
 * nothing and gets 503 with {@code Retry-After} from the {@link OutageGuard}, never a new session.
 */
public final class SessiondbSessionCache extends AbstractSessionCache {

    private static final Logger LOG = LoggerFactory.getLogger(SessiondbSessionCache.class);

    private final Set<ManagedSession> inUse = ConcurrentHashMap.newKeySet();

    /** @param manager the session manager (the context's session handler) */
    public SessiondbSessionCache(SessionManager manager) {
        super(manager);
        super.setEvictionPolicy(SessionCache.EVICT_ON_SESSION_EXIT);
        setFlushOnResponseCommit(true);
    }

    /** Ignored: this cache never keeps a session past its request. */
    @Override
    public void setEvictionPolicy(int policy) {
        if (policy != SessionCache.EVICT_ON_SESSION_EXIT) {
            LOG.debug("Ignoring eviction policy {}: sessiondb's cache evicts on session exit", policy);
        }
    }

    @Override
    public ManagedSession newSession(SessionData data) {
        return new SessiondbManagedSession(getSessionManager(), data);
    }

    /** @return {@code null}: copies are never shared between requests */
    @Override
    protected ManagedSession doGet(String id) {
        return null;
    }

    @Override
    protected Session doPutIfAbsent(String id, ManagedSession session) {
        inUse.add(session);
        return null;
    }

    /** Always loads a fresh copy; first takes the session's lease when {@code lockingMode} covers the request. */
    @Override
    protected ManagedSession doComputeIfAbsent(String id, Function<String, ManagedSession> load) {
        SessionLocking.Lease lease;
        try {
            lease = takeLease(id);
        } catch (SessionStoreException e) {
            logLeaseFailure(id, e);
            OutageGuard.loadFailed(id); // the session's state is unknown, not absent: 503, no new session
            return null;
        }
        ManagedSession session = null;
        try {
            session = load.apply(id);
        } finally {
            if (lease != null && !(session instanceof SessiondbManagedSession)) {
                lease.close(); // nothing loaded (absent, expired elsewhere, failed): nothing to save under it
            }
        }
        if (session != null) {
            if (lease != null) {
                ((SessiondbManagedSession) session).holdLease(lease);
            }
            inUse.add(session);
        }
        return session;
    }

    private SessionLocking.Lease takeLease(String id) {
        SessionLeases leases = getSessionDataStore() instanceof SessiondbDataStore store ? store.leases() : null;
        return leases == null ? null : leases.take(id);
    }

    private static void logLeaseFailure(String id, SessionStoreException e) {
        if (e instanceof SessionLockTimeoutException) {
            LOG.warn("sessiondb - 503 for a request of session {}: {}", LogText.id(id), LogText.line(e.getMessage()));
        } else if (e.isDatabaseUnreachable()) {
            LOG.debug("sessiondb - the lease of session {} cannot be taken: {}", LogText.id(id), LogText.line(e.getMessage()));
        } else {
            LOG.warn("sessiondb - taking the lease of session {} failed", LogText.id(id), e);
        }
    }

    @Override
    protected boolean doReplace(String id, ManagedSession oldValue, ManagedSession newValue) {
        return true;
    }

    /** @return {@code null}: copies leave memory in {@link #release} */
    @Override
    public ManagedSession doDelete(String id) {
        return null;
    }

    @Override
    public void shutdown() {
        // Nothing is kept between requests.
    }

    @Override
    public void release(ManagedSession session) throws Exception {
        try {
            super.release(session); // the last request out saves the session
        } finally {
            if (session.getRequests() <= 0 || session.isInvalidOrInvalidating()) {
                inUse.remove(session);
                giveUpLease(session);
            }
        }
    }

    /**
     * Deletes the session from the database and returns it, so that Jetty fires its listeners: the
     * copy a request on this node holds (one being invalidated first, which Jetty then skips), or a
     * copy loaded for the occasion (a session expired by the scavenger).
     */
    @Override
    public ManagedSession delete(String id) throws Exception {
        ManagedSession held = held(id, ManagedSession::isInvalidOrInvalidating);
        if (held == null) {
            held = held(id, s -> true);
        }
        if (held != null) {
            inUse.remove(held);
            try {
                getSessionDataStore().delete(id);
            } finally {
                if (held.isInvalidOrInvalidating()) {
                    giveUpLease(held); // its request is done with it; Jetty releases no expired copy it invalidates
                }
            }
            return held;
        }
        ManagedSession loaded = getAndEnter(id, false);
        try {
            getSessionDataStore().delete(id);
        } finally {
            if (loaded != null) {
                inUse.remove(loaded);
                loaded.setResident(false);
                giveUpLease(loaded);
            }
        }
        return loaded;
    }

    private static void giveUpLease(ManagedSession session) {
        if (session instanceof SessiondbManagedSession ours) {
            ours.giveUpLease();
        }
    }

    /** Leaves out of the expired sessions those a request on this node is using. */
    @Override
    public Set<String> checkExpiration(Set<String> candidates) {
        Set<String> expired = new HashSet<>(super.checkExpiration(candidates));
        expired.removeIf(this::isHeld);
        return expired;
    }

    /** @return the copies requests on this node hold right now */
    int heldCount() {
        return inUse.size();
    }

    /** @return whether a request on this node is using the session {@code id} right now */
    boolean isHeld(String id) {
        return held(id, s -> s.getRequests() > 0 && s.isValid()) != null;
    }

    /** Renames the copy of the request that asked for it (Jetty would rename a fresh copy). */
    @Override
    public ManagedSession renewSessionId(String oldId, String newId, String oldExtendedId, String newExtendedId)
            throws Exception {
        ManagedSession held = held(oldId, s -> s instanceof SessiondbManagedSession ours && ours.isChangingId());
        if (!(held instanceof SessiondbManagedSession ours)) {
            return super.renewSessionId(oldId, newId, oldExtendedId, newExtendedId);
        }
        ours.enter();
        renewSessionId(ours, newId, newExtendedId);
        return ours;
    }

    private ManagedSession held(String id, Predicate<ManagedSession> which) {
        for (ManagedSession s : inUse) {
            if (id.equals(s.getId()) && which.test(s)) {
                return s;
            }
        }
        return null;
    }
}
