package io.sessiondb.core.admin;

import java.util.List;

/**
 * One page of {@link SessionAdmin#sessions}.
 *
 * @param sessions the sessions, newest activity first
 * @param next     opaque cursor for the next page ({@link SessionQuery#after}), or {@code null} on the last page
 */
public record SessionPage(List<SessionInfo> sessions, String next) {

    public SessionPage {
        sessions = List.copyOf(sessions);
    }
}
