package io.sessiondb.jetty;

import io.sessiondb.core.StaticResourceFilter;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.session.SessionManager;

/**
 * Marks the requests of one context whose path matches the factory's
 * {@link SessiondbDataStoreFactory#setFilter filter} (static resources by default): while such a
 * request is in the context's scope (which the session handler runs in), {@link SessiondbDataStore}
 * neither reads nor writes its session, so the request runs no statement and answers even while the
 * database is down. A context scope listener, because the session handler looks the session up
 * before any handler after it runs, and the handler chain cannot change while the context starts.
 */
final class SessionlessRequests implements ContextHandler.ContextScopeListener {

    private final StaticResourceFilter filter;
    private final ThreadLocal<Boolean> active = new ThreadLocal<>();

    private SessionlessRequests(StaticResourceFilter filter) {
        this.filter = filter;
    }

    /**
     * Listens to the scope of the context of {@code manager}.
     *
     * @return the marker, or {@code null} when the manager has no context handler
     */
    static SessionlessRequests install(SessionManager manager, StaticResourceFilter filter) {
        if (!(manager.getContext() instanceof ContextHandler.ScopedContext scoped)) {
            return null;
        }
        SessionlessRequests marker = new SessionlessRequests(filter);
        ContextHandler handler = scoped.getContextHandler();
        handler.addEventListener(marker);
        return marker;
    }

    /** @return whether the current thread is handling a request of this context whose path matches the filter */
    boolean active() {
        return Boolean.TRUE.equals(active.get());
    }

    @Override
    public void enterScope(Context context, Request request) {
        if (request != null) {
            String path = request.getHttpURI().getDecodedPath();
            active.set(filter.matches(path));
        }
    }

    @Override
    public void exitScope(Context context, Request request) {
        if (request != null) {
            active.remove();
        }
    }
}
