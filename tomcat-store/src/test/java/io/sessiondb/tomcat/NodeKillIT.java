package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import io.sessiondb.tomcat.testapp.SlowWriteServlet;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two real Tomcat 11 nodes ({@code catalina.sh run}, the documented non-sticky context.xml): slow writes
 * (five attributes, a sleep before each) are in flight on node A when A is killed with SIGKILL. Node B
 * then serves every session, and each is entirely as before its request or entirely after it: never some
 * of one request's changes without the others. A request A acknowledged (200) is entirely there. Then the
 * same when the kill lands inside the save itself: the test holds a row lock that A's save statement
 * waits for, kills A while the statement is open on the server, and releases the lock.
 */
class NodeKillIT {

    private static final int SESSIONS = 6;
    /** Session i's write sleeps (i + 1) × this before each of its five attributes: 0.75 s … 4.5 s in all. */
    private static final long STEP_MS = 150;
    private static final long KILL_AFTER_MS = 2_000;

    @Test
    void killingANodeMidRequestLeavesEverySessionWholeAndServedByTheOther() throws Exception {
        TestDatabase.postgres().close();
        String[] versions = CatalinaBase.property("sessiondb.it.tomcatVersions").split(",");
        String version = versions[versions.length - 1];
        Path home = Path.of(CatalinaBase.property("sessiondb.it.dist"), "apache-tomcat-" + version);
        assertTrue(version.startsWith("11."), "the newest distribution is Tomcat 11: " + version);
        Path jar = Path.of(CatalinaBase.property("sessiondb.it.allJar"));
        String table = TestDatabase.uniqueTable("tomcat_kill");
        String contextXml = CatalinaBase.documentedContextXml(table, TestDatabase.PG_URL);
        Path work = TempDirs.create("sessiondb-kill");
        List<Catalina> nodes = new ArrayList<>();
        try {
            for (String name : List.of("a", "b")) {
                Path base = CatalinaBase.prepareBase(home, work.resolve(name), jar, contextXml);
                addSlowServlet(base);
                nodes.add(Catalina.start(home, base));
            }
            Catalina a = nodes.get(0);
            Catalina b = nodes.get(1);

            String[] ids = new String[SESSIONS];
            for (int i = 0; i < SESSIONS; i++) {
                Reply created = Http.get(slow(a, "gen=0&stepMs=0"), null);
                assertEquals("ok 0", created.body());
                ids[i] = created.sessionId();
                assertEquals(all("0"), Http.get(slow(b, "op=state"), ids[i]).body(), "B sees the session before the kill");
            }

            List<CompletableFuture<Reply>> inFlight = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                String id = ids[i];
                URI uri = slow(a, "gen=1&stepMs=" + STEP_MS * (i + 1));
                inFlight.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return Http.get(uri, id);
                    } catch (AssertionError connectionLost) {
                        return null; // the node died under the request: no answer
                    }
                }));
            }
            Thread.sleep(KILL_AFTER_MS);
            a.kill();

            List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
            int acknowledged = 0;
            for (int i = 0; i < SESSIONS; i++) {
                Reply answer = inFlight.get(i).get(30, TimeUnit.SECONDS);
                boolean acked = answer != null && answer.status() == 200;
                acknowledged += acked ? 1 : 0;
                Reply state = Http.get(slow(b, "op=state"), ids[i]);
                assertEquals(200, state.status(), "B serves session " + i + ": " + state.body());
                assertNull(state.setSessionId(), "B serves session " + i + " under its own cookie");
                outcomes.add("session " + i + (acked ? " acknowledged" : " in flight") + ": " + state.body());
                assertTrue(state.body().equals(all("0")) || state.body().equals(all("1")),
                        "session " + i + " is entirely before or entirely after its request: " + state.body());
                if (acked) {
                    assertEquals(all("1"), state.body(), "an acknowledged write is entirely there");
                }
                Reply next = Http.get(slow(b, "gen=2&stepMs=0"), ids[i]);
                assertEquals("ok 2", next.body(), "B writes session " + i + " after the kill");
                assertEquals(all("2"), Http.get(slow(b, "op=state"), ids[i]).body());
            }
            System.out.println("NodeKillIT: " + String.join("; ", outcomes));
            assertTrue(acknowledged < SESSIONS, "at least one write was in flight when A was killed: " + outcomes);
            nodes.get(1).stop();
            TempDirs.delete(work);
        } finally {
            for (Catalina node : nodes) {
                node.stop();
            }
            TestDatabase.dropTables(table);
        }
    }

    @Test
    void killingANodeWhileItsSaveIsOpenInTheDatabaseLeavesTheSessionWhole() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("tomcat_kill_save");
        Path work = TempDirs.create("sessiondb-kill-save");
        List<Catalina> nodes = new ArrayList<>();
        try (Connection lock = TestDatabase.postgres(); Connection watch = TestDatabase.postgres()) {
            startNodes(work, table, nodes);
            Catalina a = nodes.get(0);
            Catalina b = nodes.get(1);
            Reply created = Http.get(slow(a, "gen=0&stepMs=0"), null);
            assertEquals("ok 0", created.body());
            String id = created.sessionId();

            // Lock the last attribute's row: A's save statement writes the session row and the first
            // attributes, then waits for this lock with its work half done and uncommitted.
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.execute("SELECT 1 FROM " + table + "_attributes WHERE name = 'a" + (SlowWriteServlet.ATTRIBUTES - 1)
                        + "' FOR UPDATE");
            }
            CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return Http.get(slow(a, "gen=1&stepMs=0"), id);
                } catch (AssertionError connectionLost) {
                    return null; // the node died under the request: no answer
                }
            });
            assertTrue(waitForLockWaits(watch, table, true), "A's save waits for the test's row lock");
            a.kill();
            Reply answer = inFlight.get(30, TimeUnit.SECONDS);
            assertTrue(answer == null || answer.status() != 200, "A could not have acknowledged a save it never finished");
            assertTrue(waitForLockWaits(watch, table, true), "A's save statement is still open on the server after the kill");
            lock.rollback();
            assertTrue(waitForLockWaits(watch, table, false), "A's orphaned save finished once the lock was released");

            Reply state = Http.get(slow(b, "op=state"), id);
            assertEquals(200, state.status(), "B serves the session: " + state.body());
            assertNull(state.setSessionId(), "B serves it under its own cookie");
            System.out.println("NodeKillIT: killed during the save: " + state.body());
            assertTrue(state.body().equals(all("0")) || state.body().equals(all("1")),
                    "the session is entirely before or entirely after the killed save: " + state.body());
            assertEquals("ok 2", Http.get(slow(b, "gen=2&stepMs=0"), id).body(), "B writes the session after the kill");
            assertEquals(all("2"), Http.get(slow(b, "op=state"), id).body());
            b.stop();
            TempDirs.delete(work);
        } finally {
            for (Catalina node : nodes) {
                node.stop();
            }
            TestDatabase.dropTables(table);
        }
    }

    private static void startNodes(Path work, String table, List<Catalina> nodes) throws Exception {
        String[] versions = CatalinaBase.property("sessiondb.it.tomcatVersions").split(",");
        String version = versions[versions.length - 1];
        Path home = Path.of(CatalinaBase.property("sessiondb.it.dist"), "apache-tomcat-" + version);
        assertTrue(version.startsWith("11."), "the newest distribution is Tomcat 11: " + version);
        Path jar = Path.of(CatalinaBase.property("sessiondb.it.allJar"));
        String contextXml = CatalinaBase.documentedContextXml(table, TestDatabase.PG_URL);
        for (String name : List.of("a", "b")) {
            Path base = CatalinaBase.prepareBase(home, work.resolve(name), jar, contextXml);
            addSlowServlet(base);
            nodes.add(Catalina.start(home, base));
        }
    }

    /**
     * Waits up to 20 s until a statement on {@code table}'s attributes is ({@code waiting}) or is no longer
     * waiting for a lock.
     *
     * @return whether it came to that
     */
    private static boolean waitForLockWaits(Connection watch, String table, boolean waiting) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        do {
            try (PreparedStatement ps = watch.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND query LIKE ?")) {
                ps.setString(1, "%" + table + "_attributes%");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if ((rs.getInt(1) > 0) == waiting) {
                        return true;
                    }
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() - until < 0);
        return false;
    }

    private static String all(String gen) {
        return String.join(",", Collections.nCopies(SlowWriteServlet.ATTRIBUTES, gen));
    }

    private static URI slow(Catalina node, String query) {
        return URI.create("http://127.0.0.1:" + node.port() + "/app/slow?" + query);
    }

    /** Maps {@link SlowWriteServlet} at /slow next to the test webapp's servlet. */
    private static void addSlowServlet(Path base) throws java.io.IOException {
        Path webXml = base.resolve("webapps/app/WEB-INF/web.xml");
        String xml = Files.readString(webXml).replace("</web-app>", """
                  <servlet><servlet-name>slow</servlet-name><servlet-class>io.sessiondb.tomcat.testapp.SlowWriteServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>slow</servlet-name><url-pattern>/slow</url-pattern></servlet-mapping>
                </web-app>""");
        Files.writeString(webXml, xml);
    }
}
