package io.sessiondb.jetty;

import io.sessiondb.core.SessionLocking;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.session.SessionManager;

/**
 * The session lock ({@code lockingMode}) of one context on the non-sticky cache. While a request whose
 * path the mode covers (decoded, with the context path, as Tomcat's request URI) is in the context's
 * scope, which the session handler loads its session in, {@link SessiondbSessionCache} takes the
 * session's lease before the load and gives it up once the session is saved, when the request leaves
 * it. Requests not covered, requests for static resources (the factory's filter) and loads made outside
 * a request (the scavenger's) take no lease.
 */
final class SessionLeases implements ContextHandler.ContextScopeListener {

    private final SessiondbDataStore store;
    private final SessionlessRequests sessionless;
    private final ThreadLocal<Boolean> covered = new ThreadLocal<>();

    private SessionLeases(SessiondbDataStore store, SessionlessRequests sessionless) {
        this.store = store;
        this.sessionless = sessionless;
    }

    /**
     * Listens to the scope of the context of {@code manager}.
     *
     * @param sessionless the requests that load no session, or {@code null}
     * @return the leases, or {@code null} when the manager has no context handler
     */
    static SessionLeases install(SessionManager manager, SessiondbDataStore store, SessionlessRequests sessionless) {
        if (!(manager.getContext() instanceof ContextHandler.ScopedContext scoped)) {
            return null;
        }
        SessionLeases leases = new SessionLeases(store, sessionless);
        scoped.getContextHandler().addEventListener(leases);
        return leases;
    }

    /**
     * Takes the lease of session {@code id} if the request this thread serves is covered, waiting at most
     * {@code lockTimeoutMs} for another request to give it up.
     *
     * @return the lease, to close after the session is saved; {@code null} when no lease is needed
     * @throws io.sessiondb.core.SessionLockTimeoutException when another request held it for {@code lockTimeoutMs}
     * @throws io.sessiondb.core.SessionStoreException when the database fails
     */
    SessionLocking.Lease take(String id) {
        SessionLocking locking = store.locking();
        if (locking == null || !Boolean.TRUE.equals(covered.get()) || sessionless != null && sessionless.active()) {
            return null;
        }
        return locking.acquire(id);
    }

    @Override
    public void enterScope(Context context, Request request) {
        if (request != null) {
            SessionLocking locking = store.locking();
            covered.set(locking != null && locking.appliesTo(request.getHttpURI().getDecodedPath()));
        }
    }

    @Override
    public void exitScope(Context context, Request request) {
        if (request != null) {
            covered.remove();
        }
    }
}
