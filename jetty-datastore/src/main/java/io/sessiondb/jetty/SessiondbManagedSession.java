package io.sessiondb.jetty;

import io.sessiondb.core.SessionLocking;
import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionManager;
import org.eclipse.jetty.util.thread.AutoLock;

/**
 * A Jetty session that {@link SessiondbSessionCache} can enter on behalf of a request, holding the
 * session's lease ({@code lockingMode}) while the request that loaded it uses it.
 */
final class SessiondbManagedSession extends ManagedSession {

    private volatile SessionLocking.Lease lease;

    SessiondbManagedSession(SessionManager manager, SessionData data) {
        super(manager, data);
    }

    /** Tells the activation listeners, reading only the values that may be one (see {@link SessiondbSessionData}). */
    @Override
    public void onSessionActivation() {
        if (getSessionData() instanceof SessiondbSessionData data) {
            data.whileTellingActivationListeners(super::onSessionActivation);
        } else {
            super.onSessionActivation();
        }
    }

    /** Tells the passivation listeners, reading only the values that may be one. */
    @Override
    public void onSessionPassivation() {
        if (getSessionData() instanceof SessiondbSessionData data) {
            data.whileTellingActivationListeners(super::onSessionPassivation);
        } else {
            super.onSessionPassivation();
        }
    }

    /** Counts one more request using this session (released by the cache's {@code release}). */
    void enter() {
        try (AutoLock ignored = lock()) {
            use();
        }
    }

    /** @return whether this session is having its id changed right now */
    boolean isChangingId() {
        return !isValid() && !isInvalidOrInvalidating();
    }

    /** Keeps the lease taken before this copy was loaded, until {@link #giveUpLease}. */
    void holdLease(SessionLocking.Lease lease) {
        this.lease = lease;
    }

    /** Gives up the lease this copy holds, if any; call after its last save. Harmless twice. */
    void giveUpLease() {
        SessionLocking.Lease held = lease;
        lease = null;
        if (held != null) {
            held.close();
        }
    }
}
