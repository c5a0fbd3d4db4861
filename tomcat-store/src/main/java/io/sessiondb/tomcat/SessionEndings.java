package io.sessiondb.tomcat;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Arrays;
import org.apache.catalina.Context;

/**
 * Tells a session that ends from a session whose id changes, which Tomcat's {@code PersistentManager}
 * both report as {@code Store.remove(id)}: {@code StandardSession.expire} (invalidation, expiry) calls
 * the context's session listeners, this one among them, on the same thread just before it removes the
 * session; {@code StandardSession.setId} (login, {@code changeSessionId}) removes the old id with no
 * listener called. Thread-safe: the mark is per thread.
 */
final class SessionEndings implements HttpSessionListener {

    private final ThreadLocal<String> ending = new ThreadLocal<>();

    /**
     * Adds this listener to the context's session listeners, after the webapp's own (the context sets
     * those before it starts its manager, which starts the store).
     */
    void listenTo(Context context) {
        Object[] listeners = context.getApplicationLifecycleListeners();
        if (Arrays.asList(listeners).contains(this)) {
            return;
        }
        Object[] with = Arrays.copyOf(listeners, listeners.length + 1);
        with[listeners.length] = this;
        context.setApplicationLifecycleListeners(with);
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        ending.set(event.getSession().getId());
    }

    /** @return whether session {@code id} is ending on this thread (and forgets it): false for an id change */
    boolean take(String id) {
        String marked = ending.get();
        ending.remove();
        return id.equals(marked);
    }
}
