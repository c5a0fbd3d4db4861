package io.sessiondb.tomcat.testapp;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts sessionDestroyed per session id, across every node in this JVM. */
public final class DestroyCounter implements HttpSessionListener {

    public static final Map<String, AtomicInteger> DESTROYED = new ConcurrentHashMap<>();

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        DESTROYED.computeIfAbsent(event.getSession().getId(), k -> new AtomicInteger()).incrementAndGet();
    }

    public static int count(String id) {
        AtomicInteger n = DESTROYED.get(id);
        return n == null ? 0 : n.get();
    }
}
