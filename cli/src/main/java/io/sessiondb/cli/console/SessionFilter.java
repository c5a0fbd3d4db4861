package io.sessiondb.cli.console;

import io.sessiondb.core.admin.SessionQuery;
import java.util.function.Function;

/**
 * What the sessions page lists, as its query parameters say: {@code principal=P} or
 * {@code attribute=NAME=VALUE}, optionally {@code app=A} and the keyset cursor {@code after=C}. The same
 * parameters travel in the revoke forms, so a revoke redirects back to the list it came from.
 *
 * @param app            the app, or {@code null} for every app
 * @param principal      the principal, or {@code null}
 * @param attributeName  the indexed attribute's name, or {@code null}
 * @param attributeValue its value, or {@code null}
 * @param after          the cursor of the page to show, or {@code null} for the first
 */
record SessionFilter(String app, String principal, String attributeName, String attributeValue, String after) {

    /** No filter: the sessions page shows only its search form. */
    static final SessionFilter NONE = new SessionFilter(null, null, null, null, null);

    /**
     * Reads the filter from request parameters; blank values count as absent. An {@code attribute} without
     * {@code =} is an attribute name with an empty value.
     */
    static SessionFilter from(Function<String, String> parameter) {
        String principal = blankToNull(parameter.apply("principal"));
        String attribute = blankToNull(parameter.apply("attribute"));
        String name = null;
        String value = null;
        if (principal == null && attribute != null) {
            int eq = attribute.indexOf('=');
            name = eq < 0 ? attribute : attribute.substring(0, eq);
            value = eq < 0 ? "" : attribute.substring(eq + 1);
        }
        return new SessionFilter(blankToNull(parameter.apply("app")), principal, name, value,
                blankToNull(parameter.apply("after")));
    }

    /** @return whether a principal or an attribute was given */
    boolean isSearch() {
        return principal != null || attributeName != null;
    }

    /** @return the admin query of this filter, one page of {@code limit}; only when {@link #isSearch()} */
    SessionQuery query(int limit) {
        SessionQuery query = principal != null ? SessionQuery.principal(principal)
                : SessionQuery.attribute(attributeName, attributeValue);
        return query.inApp(app).includingExpired().limit(limit).after(after);
    }

    /** @return {@code NAME=VALUE} of an attribute filter, else {@code null} */
    String attribute() {
        return attributeName == null ? null : attributeName + "=" + attributeValue;
    }

    /** @return "alice" or "tenant=acme", and the app when one is set, for headings */
    String describe() {
        String who = principal != null ? principal : attribute();
        return app == null ? who + " in every app" : who + " in " + app;
    }

    /** @return this filter on its first page */
    SessionFilter firstPage() {
        return new SessionFilter(app, principal, attributeName, attributeValue, null);
    }

    /** @return this filter on the page after {@code cursor} */
    SessionFilter page(String cursor) {
        return new SessionFilter(app, principal, attributeName, attributeValue, cursor);
    }

    /** @return the relative URL of the sessions page for this filter (URL-encoded; escape it with Html.text) */
    String url() {
        StringBuilder url = new StringBuilder("sessions");
        char sep = '?';
        if (principal != null) {
            url.append(sep).append("principal=").append(Html.url(principal));
            sep = '&';
        } else if (attributeName != null) {
            url.append(sep).append("attribute=").append(Html.url(attribute()));
            sep = '&';
        }
        if (app != null) {
            url.append(sep).append("app=").append(Html.url(app));
            sep = '&';
        }
        if (after != null) {
            url.append(sep).append("after=").append(Html.url(after));
        }
        return url.toString();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
