package io.sessiondb.tomcat;

import io.sessiondb.core.LogText;
import io.sessiondb.core.UnreadableSessionException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Sessions whose stored row cannot be read as a whole (see {@link UnreadableSessionException}). The store
 * reports such a session as absent, as Jetty does and as Tomcat's own stores do (they drop it): it is not
 * an outage, and a 503 with Retry-After would lock its user out until it expires. The row is left as it is
 * for an operator to look at. Each is logged once at WARN (sanitised), then at DEBUG.
 */
final class UnreadableSessions {

    private static final Log log = LogFactory.getLog(UnreadableSessions.class);
    /** Bounds the memory of ids already logged; past it, repeats are logged again (at WARN). */
    private static final int MAX_REMEMBERED = 1_000;

    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** Logs {@code e} for session {@code id}: at WARN the first time, at DEBUG after. */
    void report(String id, UnreadableSessionException e) {
        if (warned.size() >= MAX_REMEMBERED) {
            warned.clear();
        }
        if (warned.add(id)) {
            log.warn("sessiondb - " + LogText.line(e.getMessage()) + "; the request continues without session " + LogText.id(id));
        } else if (log.isDebugEnabled()) {
            log.debug("sessiondb - session " + LogText.id(id) + " is still unreadable; reported absent");
        }
    }
}
