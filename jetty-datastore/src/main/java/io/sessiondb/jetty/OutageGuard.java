package io.sessiondb.jetty;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.session.SessionManager;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.StringUtil;

/**
 * Answers 503 with {@code Retry-After} to a request whose session could not be loaded because the
 * database is unreachable (or failed the read).
 *
 * <p>Why it is needed: Jetty's {@code AbstractSessionManager.getManagedSession} logs any exception
 * from the session store and treats the session as absent, so the webapp would see no session and,
 * on {@code getSession(true)}, hand out a new session cookie that replaces (and orphans) the real one.
 * The guard sits right after the session handler: {@link SessiondbDataStore#doLoad} marks the thread
 * when a load fails, and the guard stops such a request before any
 * servlet sees it. Once the database is back, the same cookie finds the same session.
 */
public final class OutageGuard extends Handler.Wrapper {

    private static final ThreadLocal<String> FAILED_LOAD = new ThreadLocal<>();
    private static final byte[] BODY = "Session store unavailable, retry shortly\n".getBytes(StandardCharsets.UTF_8);

    private final SessionManager manager;
    private final int retryAfterSeconds;

    /** @param retryAfterSeconds the {@code Retry-After} of the 503, {@link io.sessiondb.core.SessiondbConfig#retryAfterSeconds()} */
    OutageGuard(SessionManager manager, int retryAfterSeconds) {
        this.manager = manager;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Puts a guard right after {@code sessionHandler}, unless one is there already.
     *
     * @return whether a guard was inserted
     */
    static boolean install(Handler.Singleton sessionHandler, SessionManager manager, int retryAfterSeconds) {
        if (sessionHandler.getHandler() instanceof OutageGuard) {
            return false;
        }
        sessionHandler.insertHandler(new OutageGuard(manager, retryAfterSeconds));
        return true;
    }

    static void loadStarted() {
        FAILED_LOAD.remove();
    }

    static void loadFailed(String id) {
        FAILED_LOAD.set(id);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String failedId = FAILED_LOAD.get();
        FAILED_LOAD.remove();
        if (failedId != null && manager.getManagedSession(request) == null && requests(request, failedId)) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(retryAfterSeconds));
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
            response.write(true, ByteBuffer.wrap(BODY), callback);
            return true;
        }
        try {
            return super.handle(request, response, callback);
        } finally {
            FAILED_LOAD.remove();
        }
    }

    /** @return whether the request carries {@code id} as its session id, in a cookie or a URI parameter */
    private boolean requests(Request request, String id) {
        String cookieName = manager.getSessionCookie();
        List<HttpCookie> cookies = Request.getCookies(request);
        for (HttpCookie cookie : cookies == null ? List.<HttpCookie>of() : cookies) {
            if (cookie.getName().equalsIgnoreCase(cookieName) && id.equals(plainId(cookie.getValue()))) {
                return true;
            }
        }
        String params = request.getHttpURI().getParam();
        String prefix = manager.getSessionIdPathParameterName() + "=";
        if (StringUtil.isNotBlank(params)) {
            for (String p : params.split(";")) {
                if (p.startsWith(prefix) && id.equals(plainId(p.substring(prefix.length()).trim()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private String plainId(String extendedId) {
        return manager.getSessionIdManager().getId(extendedId);
    }
}
