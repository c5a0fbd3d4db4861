package io.sessiondb.jetty;

import org.eclipse.jetty.session.AbstractSessionCacheFactory;
import org.eclipse.jetty.session.SessionCache;
import org.eclipse.jetty.session.SessionManager;

/**
 * Makes a {@link SessiondbSessionCache} for each context: the non-sticky setup. Add it to the
 * {@code Server} as a bean next to a {@link SessiondbDataStoreFactory}, or enable the
 * {@code sessiondb-cache} Jetty module. Without it, Jetty's default cache keeps sessions in memory:
 * the sticky setup, with the database as the failover copy.
 */
public final class SessiondbSessionCacheFactory extends AbstractSessionCacheFactory {

    /** Evict on session exit, flush on response commit. */
    public SessiondbSessionCacheFactory() {
        setEvictionPolicy(SessionCache.EVICT_ON_SESSION_EXIT);
        setFlushOnResponseCommit(true);
    }

    @Override
    public SessionCache newSessionCache(SessionManager manager) {
        return new SessiondbSessionCache(manager);
    }
}
