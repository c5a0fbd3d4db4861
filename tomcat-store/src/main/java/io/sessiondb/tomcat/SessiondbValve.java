package io.sessiondb.tomcat;

import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.SessionTooLargeException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.Context;
import org.apache.catalina.Manager;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.session.PersistentManagerBase;
import org.apache.catalina.session.StandardSession;
import org.apache.catalina.valves.ValveBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * The valve for non-sticky nodes, used in place of Tomcat's {@code PersistentValve}: every request
 * loads its session from the database, and saves it and drops it from memory when it ends, so that any
 * node sees the state the last completed request left, whichever node served it.
 *
 * <pre>{@code
 * <Valve className="io.sessiondb.tomcat.SessiondbValve"/>
 * }</pre>
 *
 * <p>Unlike {@code PersistentValve}, a request whose session cannot be loaded because the database
 * fails is answered at once with {@code 503 Service Unavailable} and a {@code Retry-After} header and
 * never reaches the webapp, so it is never handed a new, empty session (and cookie) in place of the
 * one the database still holds. A session that cannot be saved turns a response that is not yet
 * committed into the same 503, without the cookie of a session created by that request. Requests of
 * one session on one node run one at a time. Needs a {@code PersistentManager} with a
 * {@link SessiondbStore}; with any other manager it does nothing. With {@code sticky="true"} it keeps
 * sessions in memory (the sticky setup) and only turns a failed load into the same 503.
 */
public final class SessiondbValve extends ValveBase {

    private static final Log log = LogFactory.getLog(SessiondbValve.class);

    private final SessionLocks locks = new SessionLocks();
    private volatile boolean warned;
    private volatile boolean sticky;

    /** Creates the valve; it supports async requests. */
    public SessiondbValve() {
        super(true);
    }

    /**
     * {@code sticky="true"} is for the sticky setup: sessions stay in the node's memory and the manager
     * backs them up as usual; the valve only answers 503 with {@code Retry-After} (and no new session
     * cookie) to a request whose session is not in memory and cannot be loaded because the database
     * fails. Default {@code false}: the non-sticky behaviour described above.
     */
    public void setSticky(boolean sticky) {
        this.sticky = sticky;
    }

    /** @return whether the valve runs in the sticky setup's mode */
    public boolean isSticky() {
        return sticky;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        Context context = request.getContext();
        Manager manager = context == null ? null : context.getManager();
        if (!(manager instanceof PersistentManagerBase persistent) || !(persistent.getStore() instanceof SessiondbStore store)) {
            warnMisconfigured(context);
            getNext().invoke(request, response);
            return;
        }
        if (request.isAsync()) {
            getNext().invoke(request, response); // a dispatch of an async request: its first pass owns the session
            return;
        }
        if (sticky) {
            if (loadsIfNeeded(persistent, store, request.getRequestedSessionId(), response)) {
                getNext().invoke(request, response);
            }
            return;
        }
        String requestedId = request.getRequestedSessionId();
        SessionLocks.Held held = requestedId == null ? null : locks.acquire(requestedId);
        boolean swappedIn = false;
        try {
            swappedIn = requestedId == null || swapIn(persistent, store, requestedId, response);
            if (swappedIn) {
                getNext().invoke(request, response);
            }
        } finally {
            if (swappedIn && request.isAsync()) {
                store.forgetMissing();
                request.getAsyncContext().addListener(new SaveOnComplete(request, response, persistent, store, held));
            } else {
                try {
                    if (swappedIn) {
                        swapOut(request, response, persistent, store);
                    }
                } finally {
                    store.forgetMissing();
                    release(held);
                }
            }
        }
    }

    private static boolean swapIn(PersistentManagerBase manager, SessiondbStore store, String id, Response response)
            throws IOException {
        Session session;
        try {
            session = store.load(id);
        } catch (SessionStoreException e) {
            unavailable(response, store, "load", id, e);
            return false;
        }
        if (session == null) {
            store.rememberMissing(id);
        } else {
            manager.add(session);
            ((StandardSession) session).activate();
            session.access();
            session.endAccess();
        }
        return true;
    }

    /**
     * Sticky mode: a session not in memory is loaded now (the manager keeps it), so that a database
     * failure becomes a 503 here instead of an error inside the webapp.
     *
     * @return whether the request may proceed
     */
    private static boolean loadsIfNeeded(PersistentManagerBase manager, SessiondbStore store, String id,
                                         Response response) throws IOException {
        if (id == null || manager.isLoaded(id)) {
            return true;
        }
        try {
            manager.findSession(id);
            return true;
        } catch (SessionStoreException e) {
            unavailable(response, store, "load", id, e);
            return false;
        }
    }

    private static void swapOut(Request request, Response response, PersistentManagerBase manager, SessiondbStore store)
            throws IOException {
        String requestedId = request.getRequestedSessionId();
        if (requestedId != null && !manager.isLoaded(requestedId)) {
            store.rememberMissing(requestedId); // invalidated, renamed or never found: no need to ask the database
        }
        Session session;
        try {
            session = request.getSessionInternal(false);
        } catch (SessionStoreException e) {
            unavailable(response, store, "load", request.getRequestedSessionId(), e);
            return;
        }
        if (session == null) {
            return;
        }
        try {
            if (session.isValid()) {
                ((StandardSession) session).passivate();
                store.persist(session);
            }
        } catch (SessionTooLargeException e) {
            log.error("sessiondb - " + e.getMessage());
            fail(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, 0, "The session is too large to be saved.\n");
        } catch (SessionStoreException e) {
            unavailable(response, store, "save", session.getIdInternal(), e);
        } finally {
            manager.removeSuper(session);
            session.recycle();
        }
    }

    private static void unavailable(Response response, SessiondbStore store, String operation, String id,
                                    SessionStoreException e) throws IOException {
        StoreLog.logFailure(operation + " of session " + StoreLog.shortId(id), id, e);
        fail(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, store.retryAfterSeconds(),
                "The session store is unavailable; retry shortly.\n");
    }

    /** Replaces the response, and any session cookie set in it, with an error; too late once committed. */
    private static void fail(Response response, int status, int retryAfterSeconds, String message) throws IOException {
        if (response.isCommitted()) {
            log.debug("sessiondb - the response was committed before the session could be saved");
            return;
        }
        try {
            response.reset();
        } catch (IllegalStateException e) {
            log.debug("sessiondb - the response cannot be reset", e);
            return;
        }
        response.setStatus(status);
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(message);
    }

    private static void release(SessionLocks.Held held) {
        if (held != null) {
            held.release();
        }
    }

    private void warnMisconfigured(Context context) {
        if (!warned) {
            warned = true;
            log.warn("sessiondb - SessiondbValve in context [" + (context == null ? null : context.getName())
                    + "] does nothing: it needs <Manager className=\"org.apache.catalina.session.PersistentManager\">"
                    + " with <Store className=\"io.sessiondb.tomcat.SessiondbStore\">");
        }
    }

    /** Saves the session of an async request when it completes, then lets the next request of the session in. */
    private static final class SaveOnComplete implements AsyncListener {

        private final Request request;
        private final Response response;
        private final PersistentManagerBase manager;
        private final SessiondbStore store;
        private final SessionLocks.Held held;

        SaveOnComplete(Request request, Response response, PersistentManagerBase manager, SessiondbStore store,
                       SessionLocks.Held held) {
            this.request = request;
            this.response = response;
            this.manager = manager;
            this.store = store;
            this.held = held;
        }

        @Override
        public void onComplete(AsyncEvent event) throws IOException {
            try {
                swapOut(request, response, manager, store);
            } finally {
                store.forgetMissing();
                release(held);
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
