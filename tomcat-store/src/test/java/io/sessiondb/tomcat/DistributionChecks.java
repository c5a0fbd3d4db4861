package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.tomcat.Http.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * What the ITs on the real Tomcat distributions check on two {@code catalina.sh} nodes serving the test
 * webapp with the documented non-sticky context.xml: shared sessions, in-place mutation, id change,
 * invalidation, read-your-writes, and a clean log. Used by {@link TomcatDistributionIT} (10.1, 11) and
 * {@link Tomcat9DistributionIT} (9.0).
 */
final class DistributionChecks {

    /** The idSecret of the documented context.xml: it must never reach a log. */
    private static final String DOCUMENTED_ID_SECRET = "a-long-random-secret-shared-by-all-nodes";

    private DistributionChecks() {
    }

    /** Drives one session through both nodes, then read-your-writes across them. */
    static void drive(Catalina one, Catalina two) {
        Reply first = Http.get(one.uri("op=count"), null);
        assertEquals(200, first.status(), first.body());
        String id = first.sessionId();
        assertEquals("1", first.body());
        Reply second = Http.get(two.uri("op=count"), id);
        assertEquals("2", second.body());
        assertNull(second.setSessionId());
        assertEquals("3", Http.get(one.uri("op=count"), id).body());

        assertEquals("apple", Http.get(two.uri("op=cartAdd&item=apple"), id).body());
        assertEquals("apple,pear", Http.get(one.uri("op=cartAdd&item=pear"), id).body());
        assertEquals("apple,pear", Http.get(two.uri("op=get&name=cart"), id).body());

        Reply changed = Http.get(one.uri("op=changeId"), id);
        String newId = changed.sessionId();
        assertNotEquals(id, newId);
        assertEquals("none", Http.get(two.uri("op=exists"), id).body());
        assertEquals("3", Http.get(two.uri("op=get&name=count"), newId).body());

        assertEquals("ok", Http.get(two.uri("op=invalidate"), newId).body());
        assertEquals("none", Http.get(one.uri("op=exists"), newId).body());

        // Read-your-writes after a response the webapp completed itself (Content-Length), the way frameworks answer.
        String rywId = Http.get(one.uri("op=count"), null).sessionId();
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            assertEquals("ok " + i, Http.get(one.uri("op=setWithLength&name=v&value=" + i + "&sleepMs=20"), rywId).body());
            String seen = Http.get(two.uri("op=get&name=v"), rywId).body();
            if (!seen.equals(Integer.toString(i))) {
                stale.add("try " + i + " saw " + seen);
            }
        }
        assertEquals(List.of(), stale, "node two read the session as node one's Content-Length response left it");
    }

    /**
     * Stops {@code node} and checks its console: a clean start and stop, HikariCP logging through JULI, no
     * thread left behind, and the startup line naming the sessiondb version and the settings with the
     * secrets masked.
     */
    static void stopCleanly(Catalina node) throws InterruptedException {
        node.stop();
        String console = node.console();
        assertFalse(console.contains("SEVERE") || console.contains("SLF4J") || console.contains("memory leak"),
                "a clean start and stop, with HikariCP logging through JULI and no thread left behind:\n" + console);
        String version = CatalinaBase.property("sessiondb.it.version");
        assertTrue(console.contains("sessiondb " + version + " starting: table "),
                "the startup line names the version " + version + ":\n" + console);
        assertTrue(console.contains("idSecret=****") && !console.contains(DOCUMENTED_ID_SECRET),
                "the startup line shows the settings with the idSecret masked:\n" + console);
    }
}
