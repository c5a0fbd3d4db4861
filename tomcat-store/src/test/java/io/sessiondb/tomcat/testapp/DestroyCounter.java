package io.sessiondb.tomcat.testapp;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts sessionDestroyed per session id, across every node in this JVM and per node (per servlet context). */
public final class DestroyCounter implements HttpSessionListener {

    public static final Map<String, AtomicInteger> DESTROYED = new ConcurrentHashMap<>();
    private static final Map<ServletContext, Map<String, AtomicInteger>> BY_NODE = new ConcurrentHashMap<>();

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        String id = event.getSession().getId();
        DESTROYED.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        BY_NODE.computeIfAbsent(event.getSession().getServletContext(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    /** @return how often sessionDestroyed fired for {@code id}, on any node */
    public static int count(String id) {
        AtomicInteger n = DESTROYED.get(id);
        return n == null ? 0 : n.get();
    }

    /** @return how often sessionDestroyed fired for {@code id} on the node whose webapp is {@code node} */
    public static int count(ServletContext node, String id) {
        AtomicInteger n = BY_NODE.getOrDefault(node, Map.of()).get(id);
        return n == null ? 0 : n.get();
    }
}
