package io.sessiondb.tomcat;

import io.sessiondb.core.LogText;
import io.sessiondb.core.SessionLocking;
import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.StaticResourceFilter;
import jakarta.servlet.ServletException;
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
    public static final String DEFAULT_FILTER = StaticResourceFilter.DEFAULT;

    private static final Log log = LogFactory.getLog(SessiondbValve.class);

    private final SessionLocks locks = new SessionLocks();
    /** {@code true} for the valve the store adds itself when the context has none: it only saves before commit. */
    private final boolean internal;
    private volatile boolean warned;
    private volatile boolean sticky;
    private volatile StaticResourceFilter filter = StaticResourceFilter.of(DEFAULT_FILTER, "filter");

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
        this.filter = StaticResourceFilter.of(filter, "filter");
    }

    /** @return the filter expression, or {@code ""} when every request loads its session */
    public String getFilter() {
        return filter.pattern();
    }

    /** @return whether {@code uri} matches the {@link #setFilter filter}: its request touches no session */
    boolean isRequestWithoutSession(String uri) {
        return filter.matches(uri);
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
        store.enterRequest(request);
        try {
            if (sticky) {
                invokeSticky(request, response, persistent, store);
            } else {
                invokeNonSticky(request, response, persistent, store);
            }
        } finally {
            store.exitRequest();
        }
    }

    /** Non-sticky mode: the session is loaded for the request and saved and dropped from memory at its end. */
    private void invokeNonSticky(Request request, Response response, PersistentManagerBase persistent,
                                 SessiondbStore store) throws IOException, ServletException {
        String requestedId = request.getRequestedSessionId();
        SessionLocks.Held held = requestedId == null ? null : locks.acquire(requestedId);
        boolean swappedIn = false;
        RequestSave save = new RequestSave(request, response, persistent, store, false);
        try {
            swappedIn = requestedId == null
                    || (leased(held, store, requestedId, request, response) && swapIn(persistent, store, requestedId, response));
            if (swappedIn) {
                save.watch();
                getNext().invoke(request, response);
            }
        } finally {
            if (swappedIn && request.isAsync()) {
                store.forgetMissing();
                request.getAsyncContext().addListener(new RequestSave.SaveOnComplete(save, held));
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
        store.dropRevoked(); // before the webapp can see a session an operator revoked (one indexed query)
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
                request.getAsyncContext().addListener(new RequestSave.SaveOnComplete(save, null));
            } else {
                save.save();
            }
        }
    }

    /**
     * With {@code lockingMode} covering this request, takes its session's cluster-wide lease (given up
     * with {@code held}, after the save); a lease another request held past {@code lockTimeoutMs}, or a
     * database failure, answers 503.
     *
     * @return whether the request may proceed
     */
    private static boolean leased(SessionLocks.Held held, SessiondbStore store, String id, Request request,
                                  Response response) throws IOException {
        SessionLocking locking = store.locking();
        if (locking == null || !locking.appliesTo(request.getDecodedRequestURI())) {
            return true;
        }
        try {
            held.attach(locking.acquire(id));
            return true;
        } catch (SessionStoreException e) {
            RequestSave.unavailable(response, store, "lock", id, e);
            return false;
        }
    }

    private static boolean swapIn(PersistentManagerBase manager, SessiondbStore store, String id, Response response)
            throws IOException {
        Session session;
        try {
            session = store.load(id);
        } catch (SessionStoreException e) {
            RequestSave.unavailable(response, store, "load", id, e);
            return false;
        }
        if (session == null) {
            store.rememberMissing(id);
        } else {
            manager.add(session);
            session.setNote(ExpirySweeper.IN_REQUEST_NOTE, Boolean.TRUE);
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
            RequestSave.unavailable(response, store, "load", id, e);
            return false;
        }
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
}
