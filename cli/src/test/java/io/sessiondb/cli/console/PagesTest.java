package io.sessiondb.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.admin.SessionInfo.Status;
import io.sessiondb.core.admin.SessionPage;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Rendering with canned records: escaping, forms, charts. The real stack is tested in ConsoleIT and ConsoleBrowserIT. */
class PagesTest {

    private static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";

    @Test
    void hostileValuesRenderAsTextOnTheSessionsPage() {
        SessionFilter filter = new SessionFilter(CannedData.HOSTILE, CannedData.HOSTILE, null, null, null);
        SessionPage page = new SessionPage(List.of(CannedData.session("0123456789abcdef", CannedData.HOSTILE, Status.ACTIVE)),
                "\"><script>");

        String html = SessionsPage.render(filter, page, 2, "tok\"en");

        assertFalse(html.contains("<script>alert"), html);
        assertFalse(html.contains("\"><script>"), html);
        assertTrue(html.contains(ESCAPED), html);
        assertTrue(html.contains("value=\"tok&quot;en\""), "the CSRF token is an escaped attribute value");
        assertTrue(html.contains("Revoked 2 sessions."), html);
        assertEquals(1, count(html, "<script"), "only the console's own script tag: " + html);
    }

    @Test
    void everyRevokeFormPostsTheTokenAndTheFilter() {
        SessionFilter filter = SessionFilter.from(Map.of("attribute", "tenant=acme=1", "app", "shop")::get);
        SessionPage page = new SessionPage(List.of(
                CannedData.session("aaaaaaaaaaaaaaaa", "alice", Status.ACTIVE),
                CannedData.session("bbbbbbbbbbbbbbbb", "bob", Status.REVOKED)), null);

        String html = SessionsPage.render(filter, page, -1, "TOKEN");

        Matcher forms = Pattern.compile("<form method=\"post\"[^>]*>(.*?)</form>", Pattern.DOTALL).matcher(html);
        int posts = 0;
        while (forms.find()) {
            posts++;
            String form = forms.group(1);
            assertTrue(form.contains("name=\"csrf\" value=\"TOKEN\""), form);
            assertTrue(form.contains("name=\"attribute\" value=\"tenant=acme=1\""), form);
            assertTrue(form.contains("name=\"app\" value=\"shop\""), form);
        }
        assertEquals(2, posts, "one Revoke (the revoked session has none) and one Revoke all: " + html);
        assertTrue(html.contains("name=\"session\" value=\"aaaaaaaaaaaaaaaa\""), html);
        assertFalse(html.contains("name=\"session\" value=\"bbbbbbbbbbbbbbbb\""), html);
        assertFalse(html.contains("Next page"), html);
        assertFalse(html.contains("notice"), html);
    }

    @Test
    void nextPageLinkCarriesTheCursorEncoded() {
        SessionFilter filter = new SessionFilter(null, "a b&c", null, null, null);
        String html = SessionsPage.render(filter, new SessionPage(List.of(), "c/u+r=s"), -1, "T");
        assertTrue(html.contains("href=\"sessions?principal=a+b%26c&amp;after=c%2Fu%2Br%3Ds\""), html);
    }

    @Test
    void overviewDrawsEveryChartAndEscapesNames() {
        String html = OverviewPage.render(List.of("shop", CannedData.HOSTILE), null,
                CannedData.statistics(7, Map.of("desktop", 4L, "mobile", 3L), Map.of(CannedData.HOSTILE, 7L)));

        assertEquals(4, count(html, "<svg "), html);
        assertFalse(html.contains("<script>alert"), html);
        assertTrue(html.contains(ESCAPED), html);
        assertTrue(html.contains("<title>desktop: 4</title>"), html);
        assertTrue(html.contains("<title>" + ESCAPED + ": 7</title>"), html);
        assertEquals(30 + 12 + 2 + 1, count(html, "<rect class=\"bar\""), "30 days, 12 weeks, 2 client types, 1 node");
        assertTrue(html.contains("<span class=\"value\">7</span><span class=\"label\">Active sessions</span>"), html);
    }

    @Test
    void attributeFilterSplitsAtTheFirstEquals() {
        SessionFilter filter = SessionFilter.from(Map.of("attribute", "tenant=a=b")::get);
        assertEquals("tenant", filter.attributeName());
        assertEquals("a=b", filter.attributeValue());
        assertEquals("sessions?attribute=tenant%3Da%3Db", filter.url());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
