package io.sessiondb.jetty.webapp;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts {@code sessionDestroyed} per session id. Embedded nodes hand each listener a map of their
 * own; in a jetty-home process (one node per JVM, registered by web.xml) the counts go to a static
 * map that {@code /destroyed?id=} reads.
 */
public final class DestroyListener implements HttpSessionListener {

    private static final Map<String, Integer> DESTROYED = new ConcurrentHashMap<>();

    private final Map<String, Integer> mine;

    public DestroyListener() {
        this(DESTROYED);
    }

    public DestroyListener(Map<String, Integer> counts) {
        this.mine = counts;
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        mine.merge(event.getSession().getId(), 1, Integer::sum);
    }

    /** @return how often the session with this id was destroyed (process-wide counts) */
    public static int destroyed(String id) {
        return DESTROYED.getOrDefault(id, 0);
    }
}
