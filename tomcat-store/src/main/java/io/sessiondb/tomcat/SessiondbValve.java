package io.sessiondb.tomcat;

import io.sessiondb.core.LogText;
import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.SessionTooLargeException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
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
 * <p>The session is saved before the response can reach the client: the webapp writes to a response
 * that saves the session just before it would be committed (a flush, a close, {@code sendError},
 * {@code sendRedirect}, the write that reaches the declared {@code Content-Length} or fills the
 * buffer), and once more when the request ends, which writes only what changed after that.
 *
 * <p>Unlike {@code PersistentValve}, a request whose session cannot be loaded because the database
 * fails is answered at once with {@code 503 Service Unavailable} and a {@code Retry-After} header and
 * never reaches the webapp, so it is never handed a new, empty session (and cookie) in place of the
 * one the database still holds. A session that cannot be saved turns a response that is not yet
 * committed into the same 503, without the cookie of a session created by that request. Requests of
 * one session on one node run one at a time. Requests whose URI matches {@link #setFilter filter}
 * (static resources by default) load and save no session. Needs a {@code PersistentManager} with a
 * {@link SessiondbStore}; with any other manager it does nothing. With {@code sticky="true"} it keeps
 * sessions in memory (the sticky setup), saves them before the response is committed, and only turns
 * a failed load into the same 503.
 */
public final class SessiondbValve extends ValveBase {

    /**
     * Default {@link #setFilter filter}: request URIs of static resources (style sheets, scripts and
     * their source maps, images, icons, fonts), matched case-insensitively.
     */
    public static final String DEFAULT_FILTER =
            "(?i).*\\.(?:css|js|mjs|map|png|jpe?g|gif|webp|avif|svg|ico|bmp|woff2?|ttf|otf|eot)";

    private static final Log log = LogFactory.getLog(SessiondbValve.class);

    private final SessionLocks locks = new SessionLocks();
    /** {@code true} for the valve the store adds itself when the context has none: it only saves before commit. */
    private final boolean internal;
    private volatile boolean warned;
    private volatile boolean sticky;
    private volatile Pattern filter = Pattern.compile(DEFAULT_FILTER);

    /** Creates the valve; it supports async requests. */
    public SessiondbValve() {
        this(false);
    }

    private SessiondbValve(boolean internal) {
        super(true);
        this.internal = internal;
        this.sticky = internal;
    }

    /**
     * @return the valve a {@link SessiondbStore} adds to a context that has no {@code SessiondbValve}:
     * sticky, it saves each request's session before the response is committed and nothing else
     */
    static SessiondbValve saveBeforeCommitOnly() {
        return new SessiondbValve(true);
    }

    /** @return whether this is the valve the store added itself */
    boolean isInternal() {
        return internal;
    }

    /**
     * {@code sticky="true"} is for the sticky setup: sessions stay in the node's memory and the manager
     * backs them up as usual; the valve saves a request's session before its response is committed, and
     * answers 503 with {@code Retry-After} (and no new session cookie) to a request whose session is not
     * in memory and cannot be loaded because the database fails. Default {@code false}: the non-sticky
     * behaviour described above.
     */
    public void setSticky(boolean sticky) {
        this.sticky = sticky;
    }

    /** @return whether the valve runs in the sticky setup's mode */
    public boolean isSticky() {
        return sticky;
    }

    /**
     * Regular expression of request URIs (decoded, without the query string, matched whole, as by
     * {@code PersistentValve}'s attribute of the same name) whose requests never load or save a session:
     * static resources. Default {@link #DEFAULT_FILTER}; {@code filter=""} turns it off, so that every
     * request loads its session.
     *
     * @throws IllegalArgumentException naming {@code filter} when the expression does not compile
     */
    public void setFilter(String filter) {
        if (filter == null || filter.isEmpty()) {
            this.filter = null;
            return;
        }
        try {
            this.filter = Pattern.compile(filter);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("filter=\"" + LogText.of(filter) + "\" is not a regular expression ("
                    + LogText.of(e.getDescription()) + "): set a Java regex such as filter=\".*\\.(?:css|js|png)\","
                    + " or filter=\"\" to load the session on every request", e);
        }
    }

    /** @return the filter expression, or {@code ""} when every request loads its session */
    public String getFilter() {
        Pattern current = filter;
        return current == null ? "" : current.pattern();
    }

    /** @return whether {@code uri} matches the {@link #setFilter filter}: its request touches no session */
    boolean isRequestWithoutSession(String uri) {
        Pattern current = filter;
        return current != null && uri != null && current.matcher(uri).matches();
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
        if (isRequestWithoutSession(request.getDecodedRequestURI())) {
            invokeWithoutSession(request, response, store);
            return;
        }
        if (sticky) {
            invokeSticky(request, response, persistent, store);
            return;
        }
        String requestedId = request.getRequestedSessionId();
        SessionLocks.Held held = requestedId == null ? null : locks.acquire(requestedId);
        boolean swappedIn = false;
        RequestSave save = new RequestSave(request, response, persistent, store, false);
        try {
            swappedIn = requestedId == null || swapIn(persistent, store, requestedId, response);
            if (swappedIn) {
                save.watch();
                getNext().invoke(request, response);
            }
        } finally {
            if (swappedIn && request.isAsync()) {
                store.forgetMissing();
                request.getAsyncContext().addListener(new SaveOnComplete(save, held));
            } else {
                try {
                    if (swappedIn) {
                        save.swapOut();
                    }
                } finally {
                    store.forgetMissing();
                    release(held);
                }
            }
        }
    }

    /**
     * A request matching {@link #setFilter filter}: no load, no save. Non-sticky, its requested session
     * is also reported missing to the lookups made while it runs (Tomcat's authenticator looks the
     * session up for every request), so that it runs no statement and answers during an outage.
     */
    private void invokeWithoutSession(Request request, Response response, SessiondbStore store)
            throws IOException, ServletException {
        String requestedId = request.getRequestedSessionId();
        if (sticky || requestedId == null) {
            getNext().invoke(request, response);
            return;
        }
        store.rememberMissing(requestedId);
        try {
            getNext().invoke(request, response);
        } finally {
            store.forgetMissing();
        }
    }

    /** Sticky mode: the session stays in memory; it is saved before the response is committed. */
    private void invokeSticky(Request request, Response response, PersistentManagerBase persistent, SessiondbStore store)
            throws IOException, ServletException {
        if (!internal && !loadsIfNeeded(persistent, store, request.getRequestedSessionId(), response)) {
            return;
        }
        RequestSave save = new RequestSave(request, response, persistent, store, true);
        save.watch();
        boolean async = false;
        try {
            getNext().invoke(request, response);
            async = request.isAsync();
        } finally {
            if (async) {
                request.getAsyncContext().addListener(new SaveOnComplete(save, null));
            } else {
                save.save();
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
            store.releaseFailedSwapIns();
            unavailable(response, store, "load", id, e);
            return false;
        }
    }

    private static void unavailable(Response response, SessiondbStore store, String operation, String id,
                                    SessionStoreException e) throws IOException {
        StoreLog.logFailure(operation + " of session " + LogText.id(id), id, e);
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
            log.warn("sessiondb - SessiondbValve in context [" + (context == null ? null : LogText.of(context.getName()))
                    + "] does nothing: it needs <Manager className=\"org.apache.catalina.session.PersistentManager\">"
                    + " with <Store className=\"io.sessiondb.tomcat.SessiondbStore\">");
        }
    }


    /**
     * The saves of one request's session: once just before its response is committed (when the webapp
     * flushes, closes, writes its Content-Length or fills the buffer), and once more when the request
     * ends, which writes only what changed after the first (nothing, and no statement, when nothing did).
     */
    private static final class RequestSave {

        private final Request request;
        private final Response response;
        private final PersistentManagerBase manager;
        private final SessiondbStore store;
        private final boolean sticky;
        /** Set when a save failed and the response was turned into an error: nothing more is saved. */
        private volatile boolean failed;

        RequestSave(Request request, Response response, PersistentManagerBase manager, SessiondbStore store, boolean sticky) {
            this.request = request;
            this.response = response;
            this.manager = manager;
            this.store = store;
            this.sticky = sticky;
        }

        /** Hands the webapp a response that saves the session before it can be committed. */
        void watch() {
            response.setResponse(new CommitWatchingResponse(response.getResponse(), this::saveBeforeCommit));
        }

        private void saveBeforeCommit() {
            try {
                save();
            } catch (IOException e) {
                log.error("sessiondb - the error response for a failed save could not be written", e);
            }
        }

        /** Saves what changed since the last save, if the request has a session and no save failed. */
        void save() throws IOException {
            if (failed) {
                return;
            }
            Session session;
            try {
                session = store.sessionOf(request, manager);
            } catch (SessionStoreException e) {
                failed(e, "load", request.getRequestedSessionId());
                return;
            }
            if (session != null && session.isValid()) {
                persist(session);
            }
        }

        /** Non-sticky mode, at the end of the request: saves, then drops the session from memory. */
        void swapOut() throws IOException {
            String requestedId = request.getRequestedSessionId();
            if (requestedId != null && !manager.isLoaded(requestedId)) {
                store.rememberMissing(requestedId); // invalidated, renamed or never found: no need to ask the database
            }
            Session session;
            try {
                session = request.getSessionInternal(false);
            } catch (SessionStoreException e) {
                unavailable(response, store, "load", requestedId, e);
                return;
            }
            if (session == null) {
                return;
            }
            try {
                if (session.isValid() && !failed) {
                    ((StandardSession) session).passivate();
                    persist(session);
                }
            } finally {
                manager.removeSuper(session);
                session.recycle();
            }
        }

        private void persist(Session session) throws IOException {
            try {
                store.persist(session);
            } catch (SessionTooLargeException e) {
                log.error("sessiondb - " + e.getMessage());
                if (!sticky) {
                    failed = true;
                    fail(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, 0, "The session is too large to be saved.\n");
                    response.setSuspended(true);
                }
            } catch (SessionStoreException e) {
                failed(e, "save", session.getIdInternal());
            }
        }

        private void failed(SessionStoreException e, String operation, String id) throws IOException {
            if (sticky) {
                // the session stays in this node's memory; the manager's background backup tries again
                StoreLog.logFailure(operation + " of session " + LogText.id(id), id, e);
                return;
            }
            failed = true;
            unavailable(response, store, operation, id, e);
            response.setSuspended(true); // what the webapp writes after this is dropped; the error is sent
        }
    }

    /** Saves the session of an async request when it completes, then lets the next request of the session in. */
    private static final class SaveOnComplete implements AsyncListener {

        private final RequestSave save;
        private final SessionLocks.Held held;

        SaveOnComplete(RequestSave save, SessionLocks.Held held) {
            this.save = save;
            this.held = held;
        }

        @Override
        public void onComplete(AsyncEvent event) throws IOException {
            try {
                if (save.sticky) {
                    save.save();
                } else {
                    save.swapOut();
                }
            } finally {
                save.store.forgetMissing();
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
