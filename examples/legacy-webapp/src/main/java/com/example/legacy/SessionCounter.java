package com.example.legacy;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.concurrent.atomic.AtomicLong;

/** Counts sessions created and destroyed on this node, shown on the page. */
public class SessionCounter implements HttpSessionListener {

    static final AtomicLong CREATED = new AtomicLong();
    static final AtomicLong DESTROYED = new AtomicLong();

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        CREATED.incrementAndGet();
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        DESTROYED.incrementAndGet();
        event.getSession().getServletContext().log("session destroyed: " + event.getSession().getId().substring(0, 6) + "...");
    }
}
