package io.sessiondb.tomcat;

import io.sessiondb.core.LogText;
import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.SessionTooLargeException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.session.PersistentManagerBase;
import org.apache.catalina.session.StandardSession;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * The saves of one request's session: once just before its response is committed (when the webapp
 * flushes, closes, writes its Content-Length or fills the buffer), and once more when the request
 * ends, which writes only what changed after the first (nothing, and no statement, when nothing did).
 */
final class RequestSave {

    private static final Log log = LogFactory.getLog(RequestSave.class);

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
            store.persist(session, true);
        } catch (SessionTooLargeException e) {
            log.error("sessiondb - " + LogText.line(e.getMessage()));
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

    /** Logs a failed load or save and answers 503 with {@code Retry-After}, if the response can still be replaced. */
    static void unavailable(Response response, SessiondbStore store, String operation, String id,
                                    SessionStoreException e) throws IOException {
        StoreLog.logFailure(operation + " of session " + LogText.id(id), id, e);
        fail(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, store.retryAfterSeconds(),
                "The session store is unavailable; retry shortly.\n");
    }

    /** Replaces the response, and any session cookie set in it, with an error; too late once committed. */
    static void fail(Response response, int status, int retryAfterSeconds, String message) throws IOException {
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

    /** Saves the session of an async request when it completes, then lets the next request of the session in. */
    static final class SaveOnComplete implements AsyncListener {

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
                if (held != null) {
                    held.release();
                }
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
