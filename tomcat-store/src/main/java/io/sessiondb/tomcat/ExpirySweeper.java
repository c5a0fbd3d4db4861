package io.sessiondb.tomcat;

import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SaveResult;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionStoreException;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.util.List;
import java.util.Optional;
import org.apache.catalina.Manager;
import org.apache.catalina.Session;
import org.apache.catalina.session.PersistentManagerBase;
import org.apache.catalina.session.StandardSession;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Expires sessions through the database's claims, so that each expired session's destroy listeners
 * fire once in the cluster: the sweep claims a batch of expired sessions (an index range scan), and a
 * request that finds an expired session must win that session's claim first.
 */
final class ExpirySweeper {

    private static final Log log = LogFactory.getLog(ExpirySweeper.class);
    private static final int BATCH = 100;
    private static final int MAX_BATCHES_PER_SWEEP = 10;

    private final SessionRepository repository;
    private final SessionMapper mapper;
    private final Manager manager;

    ExpirySweeper(SessionRepository repository, SessionMapper mapper, Manager manager) {
        this.repository = repository;
        this.mapper = mapper;
        this.manager = manager;
    }

    /** Claims and expires up to {@value #MAX_BATCHES_PER_SWEEP} batches of {@value #BATCH} expired sessions. */
    void sweep(ClassLoader loader, ObjectInputFilter filter) {
        for (int batch = 0; batch < MAX_BATCHES_PER_SWEEP; batch++) {
            List<String> ids;
            try {
                ids = repository.claimExpired(BATCH);
            } catch (SessionStoreException e) {
                StoreLog.logFailure("claim expired sessions", null, e);
                return;
            }
            ids.forEach(id -> expireClaimed(id, loader, filter));
            if (ids.size() < BATCH) {
                return;
            }
        }
    }

    /**
     * A request loaded an expired session: fires its listeners if this node wins the claim.
     *
     * @throws SessionStoreException when the database fails
     */
    void expireLoaded(LoadedSession loaded) {
        if (repository.claimExpired(loaded.session().id())) {
            expire(mapper.toSession(loaded, manager));
        }
    }

    private void expireClaimed(String id, ClassLoader loader, ObjectInputFilter filter) {
        try {
            Session inMemory = manager instanceof PersistentManagerBase pm && pm.isLoaded(id) ? manager.findSession(id) : null;
            if (inMemory != null) {
                keepLiveSession((StandardSession) inMemory);
                return;
            }
            Optional<LoadedSession> loaded = repository.load(id, loader, filter);
            if (loaded.isPresent()) {
                expire(mapper.toSession(loaded.get(), manager));
            }
        } catch (SessionStoreException e) {
            StoreLog.logFailure("expire session " + StoreLog.shortId(id), id, e);
        } catch (IOException | RuntimeException e) {
            log.error("sessiondb - expiring session " + StoreLog.shortId(id) + " failed", e);
        }
    }

    /**
     * This node holds the session in memory (sticky setup, or a request in flight), where its access
     * time is newer than in the database. If it is still valid here it is in use: write it afresh
     * instead of expiring it. If not, {@code isValid()} has just expired it here and fired its listeners.
     */
    private void keepLiveSession(StandardSession session) {
        String id = session.getIdInternal();
        boolean valid = session.isValid();
        repository.delete(id);
        if (valid) {
            SaveResult result = repository.save(mapper.snapshot(session), null);
            session.setNote(StoredState.NOTE, new StoredState(id, result.baseline()));
        }
    }

    private void expire(SessiondbSession session) {
        String id = session.getIdInternal();
        session.expire(true); // fires the listeners; PersistentManager also removes it from the store
        repository.delete(id);
    }
}
