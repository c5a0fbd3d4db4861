package io.sessiondb.jetty;

import org.eclipse.jetty.session.ManagedSession;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionManager;
import org.eclipse.jetty.util.thread.AutoLock;

/** A Jetty session that {@link SessiondbSessionCache} can enter on behalf of a request. */
final class SessiondbManagedSession extends ManagedSession {

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
}
