package io.sessiondb.jetty;

import io.sessiondb.core.ClientInfo;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.session.SessionManager;

/**
 * What sessiondb does when a request enters its context's scope (which the session handler runs in,
 * before it looks the session up): records the request's client ({@code Request.getRemoteAddr}, so
 * Jetty's {@code ForwardedRequestCustomizer} decides which proxies are trusted; the {@code User-Agent}
 * header) for the loads and saves made while it runs, and lets a sticky node drop the sessions an
 * operator revoked ({@link SessiondbDataStore#dropRevoked}).
 */
final class RequestStart implements ContextHandler.ContextScopeListener {

    /** The client of the request this thread serves; one store per context, one request per thread at a time. */
    private static final ThreadLocal<Map<String, String>> CLIENT = new ThreadLocal<>();

    private final SessiondbDataStore store;
    private final LocalSessions sessions;
    private final boolean clientInfo;

    private RequestStart(SessiondbDataStore store, LocalSessions sessions, boolean clientInfo) {
        this.store = store;
        this.sessions = sessions;
        this.clientInfo = clientInfo;
    }

    /** @return whether it could listen to the scope of the context of {@code manager} */
    static boolean install(SessionManager manager, SessiondbDataStore store, LocalSessions sessions) {
        if (!(manager.getContext() instanceof ContextHandler.ScopedContext scoped)) {
            return false;
        }
        scoped.getContextHandler().addEventListener(new RequestStart(store, sessions, store.isClientInfo()));
        return true;
    }

    /** @return the client of the request this thread serves, or {@code null} outside a request (or with clientInfo off) */
    static Map<String, String> client() {
        return CLIENT.get();
    }

    @Override
    public void enterScope(Context context, Request request) {
        if (request == null) {
            return;
        }
        if (clientInfo) {
            CLIENT.set(ClientInfo.of(Request.getRemoteAddr(request), request.getHeaders().get(HttpHeader.USER_AGENT)));
        }
        store.dropRevoked(sessions);
    }

    @Override
    public void exitScope(Context context, Request request) {
        if (request != null) {
            CLIENT.remove();
        }
    }
}
