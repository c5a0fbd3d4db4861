package io.sessiondb.core;

/**
 * A session's serialized attributes exceed {@code maxSessionBytes}; nothing of it was written.
 */
public final class SessionTooLargeException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    public SessionTooLargeException(String message, String sessionId) {
        super(message, sessionId, null, false);
    }
}
