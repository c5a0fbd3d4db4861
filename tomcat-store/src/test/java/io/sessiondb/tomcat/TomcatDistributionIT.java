package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drop-in promise, on the real Tomcat distributions (10.1 and 11, unpacked by the build): copy the
 * -all.jar into lib, write the non-sticky context.xml from docs/tomcat.md, start two catalina.sh
 * instances and drive them over HTTP.
 */
class TomcatDistributionIT {

    /** Every Tomcat version on PostgreSQL, and the newest on MariaDB too: the -all.jar bundles both drivers. */
    static Stream<Arguments> versions() {
        String[] versions = CatalinaBase.property("sessiondb.it.tomcatVersions").split(",");
        return Stream.concat(Stream.of(versions).map(v -> Arguments.of(v, "postgresql")),
                Stream.of(Arguments.of(versions[versions.length - 1], "mariadb")));
    }

    @ParameterizedTest(name = "Tomcat {0} on {1}")
    @MethodSource("versions")
    void twoCatalinaInstancesShareSessionsWithTheDocumentedConfig(String version, String database) throws Exception {
        boolean mariadb = database.equals("mariadb");
        (mariadb ? TestDatabase.mariadb() : TestDatabase.postgres()).close();
        Path home = Path.of(CatalinaBase.property("sessiondb.it.dist"), "apache-tomcat-" + version);
        assertTrue(Files.isRegularFile(home.resolve("bin/catalina.sh")), "Tomcat " + version + " unpacked at " + home);
        Path jar = Path.of(CatalinaBase.property("sessiondb.it.allJar"));
        assertTrue(Files.isRegularFile(jar), "the -all.jar is built: " + jar);
        String table = TestDatabase.uniqueTable("tomcat_dist");
        String contextXml = CatalinaBase.documentedContextXml(table, mariadb ? TestDatabase.MARIADB_URL : TestDatabase.PG_URL);
        Path work = TempDirs.create("sessiondb-dist-" + version);
        List<Catalina> nodes = new ArrayList<>();
        try {
            for (String name : List.of("n1", "n2")) {
                nodes.add(Catalina.start(home, CatalinaBase.prepareBase(home, work.resolve(name), jar, contextXml)));
            }
            drive(nodes.get(0), nodes.get(1));
            for (Catalina node : nodes) {
                node.stop();
                String console = node.console();
                assertFalse(console.contains("SEVERE") || console.contains("SLF4J") || console.contains("memory leak"),
                        "a clean start and stop, with HikariCP logging through JULI and no thread left behind:\n" + console);
            }
            TempDirs.delete(work);
        } finally {
            for (Catalina node : nodes) {
                node.stop();
            }
            if (mariadb) {
                TestDatabase.dropMariadbTables(table);
            } else {
                TestDatabase.dropTables(table);
            }
        }
    }

    private static void drive(Catalina one, Catalina two) {
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
}
