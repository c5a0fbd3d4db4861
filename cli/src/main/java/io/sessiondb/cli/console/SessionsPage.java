package io.sessiondb.cli.console;

import io.sessiondb.core.admin.SessionInfo;
import io.sessiondb.core.admin.SessionPage;

/**
 * The sessions page ({@code /sessions}): the search form and, for a principal or an attribute value, its
 * sessions with a Revoke button each and one Revoke all. Shows what an operator needs to recognise a
 * session (short id, status, address, device, times, size) and never the session id or an attribute value.
 */
final class SessionsPage {

    private static final int USER_AGENT_CHARS = 60;

    private SessionsPage() {
    }

    /** The page with only the search form (no principal or attribute given). */
    static String renderForm(SessionFilter filter) {
        return Html.page("Sessions", "<h1>Sessions</h1>\n" + searchForm(filter));
    }

    /**
     * The page for a search.
     *
     * @param revoked   sessions the previous POST revoked, shown as a notice, or {@code -1} for none
     * @param csrfToken the token every form of the page carries
     */
    static String render(SessionFilter filter, SessionPage page, int revoked, String csrfToken) {
        StringBuilder body = new StringBuilder(16384);
        body.append("<h1>Sessions of ").append(Html.text(filter.describe())).append("</h1>\n");
        if (revoked >= 0) {
            body.append("<p class=\"notice\" role=\"status\">Revoked ").append(revoked)
                    .append(revoked == 1 ? " session." : " sessions.").append("</p>\n");
        }
        body.append(searchForm(filter));
        if (page.sessions().isEmpty()) {
            body.append("<p class=\"empty\">No sessions").append(filter.after() == null ? "" : " on this page").append(".</p>\n");
        } else {
            body.append(table(filter, page, csrfToken));
        }
        if (page.next() != null) {
            body.append("<p><a class=\"next\" href=\"").append(Html.text(filter.page(page.next()).url()))
                    .append("\">Next page</a></p>\n");
        }
        if (filter.after() != null) {
            body.append("<p><a href=\"").append(Html.text(filter.firstPage().url())).append("\">First page</a></p>\n");
        }
        body.append(revokeAllForm(filter, csrfToken));
        return Html.page("Sessions of " + filter.describe(), body.toString());
    }

    /** The search form: principal or NAME=VALUE of an indexed attribute, and the app. Also on the overview. */
    static String searchForm(SessionFilter filter) {
        return "<form class=\"search\" method=\"get\" action=\"sessions\">\n"
                + "<label>Principal <input name=\"principal\" id=\"principal\" value=\""
                + Html.text(filter.principal()) + "\"></label>\n"
                + "<label>or attribute <input name=\"attribute\" id=\"attribute\" placeholder=\"NAME=VALUE\" value=\""
                + Html.text(filter.attribute()) + "\"></label>\n"
                + "<label>App <input name=\"app\" id=\"app\" placeholder=\"every app\" value=\""
                + Html.text(filter.app()) + "\"></label>\n"
                + "<button type=\"submit\" id=\"search\">Search</button>\n</form>\n";
    }

    private static String table(SessionFilter filter, SessionPage page, String csrfToken) {
        StringBuilder out = new StringBuilder(8192);
        out.append("<table class=\"sessions\">\n<thead><tr><th>Session</th><th>App</th><th>Principal</th>")
                .append("<th>Status</th><th>Address</th><th>Device</th><th>Created</th><th>Last access</th>")
                .append("<th>Node</th><th>Size</th><th></th></tr></thead>\n<tbody>\n");
        for (SessionInfo s : page.sessions()) {
            out.append("<tr id=\"s-").append(Html.text(s.id())).append("\" class=\"").append(s.status().label()).append("\">")
                    .append(cell("id", s.id()))
                    .append(cell("app", s.app()))
                    .append(cell("principal", s.principal()))
                    .append(cell("status", s.status().label()))
                    .append(cell("address", s.clientAddress()))
                    .append(device(s))
                    .append(cell("time", Html.time(s.created())))
                    .append(cell("time", Html.time(s.lastAccess())))
                    .append(cell("node", s.lastNode()))
                    .append(cell("size", Html.bytes(s.bytes()) + " in " + s.attributes()
                            + (s.attributes() == 1 ? " attribute" : " attributes")))
                    .append("<td>").append(s.status() == SessionInfo.Status.REVOKED ? "" : revokeForm(filter, s, csrfToken))
                    .append("</td></tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    private static String device(SessionInfo s) {
        String type = s.clientType() == null ? "unknown" : s.clientType();
        String agent = s.userAgent() == null ? "" : s.userAgent();
        String shortAgent = agent.length() <= USER_AGENT_CHARS ? agent : agent.substring(0, USER_AGENT_CHARS - 1) + "…";
        return "<td class=\"device\"><span class=\"type\">" + Html.text(type) + "</span> <span class=\"agent\" title=\""
                + Html.text(agent) + "\">" + Html.text(shortAgent) + "</span></td>";
    }

    private static String cell(String cssClass, String value) {
        return "<td class=\"" + cssClass + "\">" + Html.text(value) + "</td>";
    }

    private static String revokeForm(SessionFilter filter, SessionInfo s, String csrfToken) {
        return "<form method=\"post\" action=\"revoke\" class=\"revoke\">" + hidden("csrf", csrfToken)
                + hidden("session", s.id()) + filterFields(filter)
                + "<button type=\"submit\" class=\"revoke\" name=\"revoke\" value=\"" + Html.text(s.id())
                + "\">Revoke</button></form>";
    }

    private static String revokeAllForm(SessionFilter filter, String csrfToken) {
        return "<form method=\"post\" action=\"revoke\" class=\"revoke-all\" data-confirm=\"Revoke every session of "
                + Html.text(filter.describe()) + "?\">" + hidden("csrf", csrfToken) + hidden("all", "true")
                + filterFields(filter)
                + "<button type=\"submit\" id=\"revoke-all\" class=\"danger\">Revoke all sessions of "
                + Html.text(filter.describe()) + "</button></form>\n";
    }

    /** The filter travels with every revoke: Revoke all acts on it, and the redirect goes back to it. */
    private static String filterFields(SessionFilter filter) {
        return hidden("principal", filter.principal()) + hidden("attribute", filter.attribute()) + hidden("app", filter.app());
    }

    private static String hidden(String name, String value) {
        if (value == null) {
            return "";
        }
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.text(value) + "\">";
    }
}
