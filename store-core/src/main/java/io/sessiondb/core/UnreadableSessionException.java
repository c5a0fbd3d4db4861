package io.sessiondb.core;

/**
 * A stored session cannot be read as a whole: its row holds a value sessiondb cannot interpret (a
 * metadata document that is not a JSON object of strings). Thrown by {@link SessionRepository#load};
 * the row is left as it is. Not an outage: {@link #isDatabaseUnreachable()} is false. An attribute
 * that cannot be read is not this: it is left out of the loaded session and the rest loads
 * ({@link LoadedSession#unreadable()}).
 */
public final class UnreadableSessionException extends SessionStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message   names the session (shortened, via {@link LogText#id}) and what is wrong
     * @param sessionId the session id
     * @param cause     the parse failure
     */
    public UnreadableSessionException(String message, String sessionId, Throwable cause) {
        super(message, sessionId, cause, false);
    }
}
