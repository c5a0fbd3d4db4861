package io.sessiondb.core;

/**
 * A request waited {@code lockTimeoutMs} for its session's lease ({@link SessionLocking}) while another
 * request held it. Containers answer 503 with {@code Retry-After}; the session is untouched.
 */
public final class SessionLockTimeoutException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    public SessionLockTimeoutException(String message, String sessionId) {
        super(message, sessionId, null, false);
    }
}
