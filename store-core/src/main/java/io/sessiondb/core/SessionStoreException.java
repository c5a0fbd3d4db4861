package io.sessiondb.core;

/**
 * A session could not be read or written because the database failed or is unreachable. Carries the
 * cause and the session id. sessiondb never reports an unreachable database as "no session".
 */
public class SessionStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient String sessionId;
    private final boolean databaseUnreachable;

    public SessionStoreException(String message, String sessionId, Throwable cause, boolean databaseUnreachable) {
        super(message, cause);
        this.sessionId = sessionId;
        this.databaseUnreachable = databaseUnreachable;
    }

    /** @return the session id the failed operation was about, or {@code null} for table-wide operations */
    public String getSessionId() {
        return sessionId;
    }

    /**
     * @return whether no connection could be had: an outage, already logged once by the store, that a
     * container answers with 503 and a retry, not with a new session
     */
    public boolean isDatabaseUnreachable() {
        return databaseUnreachable;
    }
}
