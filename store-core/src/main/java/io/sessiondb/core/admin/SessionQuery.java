package io.sessiondb.core.admin;

/**
 * What {@link SessionAdmin#sessions} lists: the sessions of one principal, or of one value of an
 * indexed attribute, in one app or all, newest activity first, one page at a time.
 *
 * <p>Build with {@link #principal(String)} or {@link #attribute(String, String)}, then narrow:
 * {@code SessionQuery.principal("alice").inApp("shop").limit(100).after(page.next())}.
 *
 * @param app             the app, or {@code null} for every app sharing the table
 * @param principal       the principal, or {@code null} when listing by attribute
 * @param attributeName   an attribute named in {@code indexedAttributes}, or {@code null} when listing by principal
 * @param attributeValue  its value as text
 * @param includeExpired  also list sessions that expired and are not yet swept (revoked ones are always listed
 *                        until swept)
 * @param limit           page size, 1 to {@link #MAX_LIMIT}
 * @param after           the {@link SessionPage#next()} cursor of the previous page, or {@code null} for the first
 */
public record SessionQuery(String app, String principal, String attributeName, String attributeValue,
                           boolean includeExpired, int limit, String after) {

    /** Default page size: {@value}. */
    public static final int DEFAULT_LIMIT = 100;
    /** Largest page size: {@value}. */
    public static final int MAX_LIMIT = 1000;

    public SessionQuery {
        if ((principal == null) == (attributeName == null)) {
            throw new IllegalArgumentException("a session query names either a principal or an indexed attribute");
        }
        if (attributeName != null && attributeValue == null) {
            throw new IllegalArgumentException("attribute query for " + attributeName + " has no value");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    public static SessionQuery principal(String principal) {
        return new SessionQuery(null, principal, null, null, false, DEFAULT_LIMIT, null);
    }

    public static SessionQuery attribute(String name, String value) {
        return new SessionQuery(null, null, name, value, false, DEFAULT_LIMIT, null);
    }

    public SessionQuery inApp(String app) {
        return new SessionQuery(app, principal, attributeName, attributeValue, includeExpired, limit, after);
    }

    public SessionQuery includingExpired() {
        return new SessionQuery(app, principal, attributeName, attributeValue, true, limit, after);
    }

    public SessionQuery limit(int limit) {
        return new SessionQuery(app, principal, attributeName, attributeValue, includeExpired, limit, after);
    }

    public SessionQuery after(String cursor) {
        return new SessionQuery(app, principal, attributeName, attributeValue, includeExpired, limit, cursor);
    }
}
