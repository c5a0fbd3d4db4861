package io.sessiondb.tomcat;

import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionExpiry;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionStoreException;
import java.io.ObjectInputFilter;
import org.apache.catalina.Manager;
import org.apache.catalina.Session;
import org.apache.catalina.session.PersistentManagerBase;
import org.apache.catalina.session.StandardSession;

/**
 * Tomcat's side of store-core's {@link SessionExpiry} protocol: tells it whether this node holds a
 * session (a request holds it, or it is in the manager's memory and not expired there) and fires a
 * session's listeners through Tomcat's own {@link StandardSession#expire(boolean)}. The claims, the release of a claim on a session
 * in use here, and the delete are store-core's.
 */
final class ExpirySweeper implements SessionExpiry.InUse, SessionExpiry.Listeners {

    /**
     * Note of a session the non-sticky valve put in the manager's memory for a request: it is in use
     * here until the request ends (the note goes with the session when the valve swaps it out).
     */
    static final String IN_REQUEST_NOTE = "io.sessiondb.tomcat.inRequest";

    private static final int BATCH = 100;
    private static final int MAX_BATCHES_PER_SWEEP = 10;

    private final SessionExpiry expiry;
    private final SessionRepository repository;
    private final SessionMapper mapper;
    private final Manager manager;
    /** The id whose listeners this thread is firing: its row is deleted once, by the protocol. */
    private final ThreadLocal<String> expiring = new ThreadLocal<>();

    ExpirySweeper(SessionRepository repository, SessionMapper mapper, Manager manager) {
        this.expiry = new SessionExpiry(repository, this);
        this.repository = repository;
        this.mapper = mapper;
        this.manager = manager;
    }

    /** Claims and expires up to {@value #MAX_BATCHES_PER_SWEEP} batches of {@value #BATCH} expired sessions. */
    void sweep(ClassLoader loader, ObjectInputFilter filter) {
        try {
            expiry.sweep(BATCH, MAX_BATCHES_PER_SWEEP, loader, filter, this);
            repository.pruneHistory();
        } catch (SessionStoreException e) {
            StoreLog.logFailure("claim expired sessions", null, e);
        }
    }

    /**
     * A request loaded an expired session: fires its listeners if this node wins the claim.
     *
     * @throws SessionStoreException when the database fails
     */
    void expireLoaded(LoadedSession loaded) {
        if (expiry.claim(loaded.session().id())) {
            expiry.expire(loaded, this);
        }
    }

    /**
     * A session this node holds in memory was revoked: claims its expiry and, if this node wins, fires
     * its listeners on the copy here and deletes it (the protocol expires a revoked session even in
     * use). If another node won, that node fires them: the copy here is dropped without listeners.
     */
    void expireRevoked(String id, ClassLoader loader, ObjectInputFilter filter) {
        try {
            if (expiry.claim(id)) {
                expiry.expireClaimed(id, loader, filter, this);
                return;
            }
            StandardSession copy = inMemory(id);
            if (copy != null) {
                expiring.set(id);
                try {
                    copy.expire(false); // out of memory, no listeners; the row is the winner's to delete
                } finally {
                    expiring.remove();
                }
            }
        } catch (SessionStoreException e) {
            StoreLog.logFailure("expire a revoked session", id, e);
        }
    }

    /** @return whether {@code id} is the session whose listeners this thread is firing (its row is deleted by the protocol) */
    boolean isExpiring(String id) {
        return id.equals(expiring.get());
    }

    @Override
    public long accessedHere(String id) {
        StandardSession session = inMemory(id);
        if (session == null) {
            return SessionExpiry.NOT_IN_USE;
        }
        if (session.getNote(IN_REQUEST_NOTE) != null) {
            return System.currentTimeMillis(); // a request on this node holds it
        }
        int maxInactiveSeconds = session.getMaxInactiveInterval();
        if (maxInactiveSeconds > 0 && session.getIdleTimeInternal() >= maxInactiveSeconds * 1000L) {
            return SessionExpiry.NOT_IN_USE; // expired here too: the protocol expires it
        }
        return Math.max(session.getThisAccessedTimeInternal(), session.getLastAccessedTimeInternal());
    }

    /** Expires this node's copy when it holds one (it is newer than the stored one), else the stored session. */
    @Override
    public void fire(String id, LoadedSession stored) {
        StandardSession inMemory = inMemory(id);
        StandardSession session = inMemory != null ? inMemory : mapper.toSession(stored, manager);
        expiring.set(id);
        try {
            session.expire(true); // fires the listeners; PersistentManager's Store.remove is skipped (isExpiring)
        } finally {
            expiring.remove();
        }
    }

    private StandardSession inMemory(String id) {
        if (!(manager instanceof PersistentManagerBase pm) || !pm.isLoaded(id)) {
            return null;
        }
        try {
            Session session = pm.findSession(id);
            return session instanceof StandardSession standard ? standard : null;
        } catch (java.io.IOException e) {
            return null; // isLoaded said it is in memory, where findSession reads no store
        }
    }
}
