package io.sessiondb.tomcat;

import io.sessiondb.core.LogText;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.session.PersistentManagerBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * The ids whose {@code Store.load} threw. Tomcat's {@code PersistentManagerBase.swapIn} (10.1 and 11)
 * takes a lock object per id from a map and removes it after the load, but not in a {@code finally}:
 * a load that throws leaves the id's entry in the map for good. {@link #release} removes those entries
 * through Tomcat's own API: for each id not in memory it runs a swap-in whose load returns nothing at
 * once (no query), and that swap-in removes the entry as a normal one does.
 */
final class FailedSwapIns {

    private static final Log log = LogFactory.getLog(FailedSwapIns.class);

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    /** Set on the thread running {@link #release}: the store's load must then return nothing. */
    private final ThreadLocal<Boolean> releasing = new ThreadLocal<>();

    /** Records that loading {@code id} threw. */
    void failed(String id) {
        ids.add(id);
    }

    /** @return whether the current thread is releasing a lock, i.e. the load it runs must return {@code null} */
    boolean releasing() {
        return Boolean.TRUE.equals(releasing.get());
    }

    /**
     * Releases the swap-in lock of every recorded id whose session is not in memory; an id in memory
     * stays recorded for a later call (its lock goes with the next swap-in after it leaves memory).
     */
    void release(PersistentManagerBase manager) {
        for (String id : ids) {
            if (manager.isLoaded(id)) {
                continue;
            }
            ids.remove(id);
            releasing.set(Boolean.TRUE);
            try {
                manager.findSession(id);
            } catch (IOException | RuntimeException e) {
                log.warn("sessiondb - releasing Tomcat's swap-in lock of session " + LogText.id(id) + " failed", e);
            } finally {
                releasing.remove();
            }
        }
    }

    /** Forgets every recorded id (the manager is not a {@code PersistentManagerBase}: it has no such locks). */
    void clear() {
        ids.clear();
    }
}
