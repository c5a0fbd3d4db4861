package io.sessiondb.jetty;

import org.eclipse.jetty.session.DefaultSessionCache;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionCache;
import org.eclipse.jetty.session.SessionManager;
import org.eclipse.jetty.util.thread.AutoLock;

/**
 * What {@link SessiondbDataStore} needs to know about the sessions a context's cache holds on this
 * node: which ones requests are using (never expired under them), and how to drop a copy whose
 * session another node already expired or invalidated (its listeners ran there, so they must not run
 * again here). Knows sessiondb's non-sticky cache and Jetty's default (sticky) cache; with any other
 * cache nothing is in use and nothing is dropped.
 */
final class LocalSessions {

    private final SessionManager manager;

    LocalSessions(SessionManager manager) {
        this.manager = manager;
    }

    /**
     * @return the sessions the cache holds in memory on this node (sessiondb's cache: those requests are
     *         using; Jetty's default cache: every one it keeps), 0 with any other cache
     */
    long count() {
        SessionCache cache = manager.getSessionCache();
        if (cache instanceof SessiondbSessionCache ours) {
            return ours.heldCount();
        }
        if (cache instanceof DefaultSessionCache sticky) {
            return sticky.getSessionsCurrent();
        }
        return 0;
    }

    /** @return whether a request on this node is using session {@code id} right now */
    boolean inUse(String id) {
        SessionCache cache = manager.getSessionCache();
        if (cache instanceof SessiondbSessionCache ours) {
            return ours.isHeld(id);
        }
        if (cache instanceof DefaultSessionCache sticky) {
            ManagedSession session = sticky.doGet(id);
            return session != null && session.getRequests() > 0;
        }
        return false;
    }

    /** @return whether the context's cache keeps sessions between requests (Jetty's default cache: sticky) */
    boolean keepsSessions() {
        return manager.getSessionCache() instanceof DefaultSessionCache;
    }

    /** @return whether the cache keeps a copy of session {@code id} */
    boolean holds(String id) {
        return manager.getSessionCache() instanceof DefaultSessionCache sticky && sticky.doGet(id) != null;
    }

    /**
     * Invalidates the copy of session {@code id} the cache keeps: Jetty fires its listeners here and
     * deletes it from the store. For a revoked session whose expiry claim this node won.
     */
    void invalidate(String id) {
        if (manager.getSessionCache() instanceof DefaultSessionCache sticky) {
            ManagedSession session = sticky.doGet(id);
            if (session != null) {
                try {
                    session.invalidate();
                } catch (IllegalStateException alreadyInvalid) {
                    // invalidated meanwhile (by its own request): its listeners fired then
                }
            }
        }
    }

    /**
     * Drops, without listeners, the copy this node keeps of a session that was stored under {@code id}
     * and is gone from the database now: another node expired or invalidated it and ran its listeners.
     *
     * @return whether a copy was dropped; {@code false} when there is none, a request is using it, or
     * it was never stored (then Jetty expires it here, the only place it ever was)
     */
    boolean dropRemovedElsewhere(String id) {
        if (!(manager.getSessionCache() instanceof DefaultSessionCache sticky)) {
            return false;
        }
        ManagedSession session = sticky.doGet(id);
        if (session == null || !(session.getSessionData() instanceof SessiondbSessionData data)
                || data.baselineFor(id) == null) {
            return false;
        }
        try (AutoLock ignored = session.lock()) {
            if (session.getRequests() > 0 || sticky.doDelete(id) != session) {
                return false;
            }
            session.setResident(false);
            return true;
        }
    }
}
