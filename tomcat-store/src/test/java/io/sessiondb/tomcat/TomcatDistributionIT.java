package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        String[] versions = property("sessiondb.it.tomcatVersions").split(",");
        return Stream.concat(Stream.of(versions).map(v -> Arguments.of(v, "postgresql")),
                Stream.of(Arguments.of(versions[versions.length - 1], "mariadb")));
    }

    @ParameterizedTest(name = "Tomcat {0} on {1}")
    @MethodSource("versions")
    void twoCatalinaInstancesShareSessionsWithTheDocumentedConfig(String version, String database) throws Exception {
        boolean mariadb = database.equals("mariadb");
        (mariadb ? TestDatabase.mariadb() : TestDatabase.postgres()).close();
        Path home = Path.of(property("sessiondb.it.dist"), "apache-tomcat-" + version);
        assertTrue(Files.isRegularFile(home.resolve("bin/catalina.sh")), "Tomcat " + version + " unpacked at " + home);
        Path jar = Path.of(property("sessiondb.it.allJar"));
        assertTrue(Files.isRegularFile(jar), "the -all.jar is built: " + jar);
        String table = TestDatabase.uniqueTable("tomcat_dist");
        String contextXml = documentedContextXml(table, mariadb ? TestDatabase.MARIADB_URL : TestDatabase.PG_URL);
        Path work = TempDirs.create("sessiondb-dist-" + version);
        List<Catalina> nodes = new ArrayList<>();
        try {
            for (String name : List.of("n1", "n2")) {
                nodes.add(Catalina.start(home, prepareBase(home, work.resolve(name), jar, contextXml)));
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

    /** The non-sticky context.xml of docs/tomcat.md, with this test's database and table filled in. */
    static String documentedContextXml(String table, String jdbcUrl) throws IOException {
        String docs = Files.readString(Path.of(property("sessiondb.it.docs")), StandardCharsets.UTF_8);
        Matcher blocks = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(docs);
        String xml = null;
        while (blocks.find()) {
            if (blocks.group(1).contains("io.sessiondb.tomcat.SessiondbValve") && blocks.group(1).contains("<Context>")) {
                xml = blocks.group(1);
            }
        }
        assertTrue(xml != null, "docs/tomcat.md shows the non-sticky context.xml");
        xml = replaceAttribute(xml, "jdbcUrl", jdbcUrl);
        xml = replaceAttribute(xml, "username", "root");
        xml = replaceAttribute(xml, "password", "");
        xml = replaceAttribute(xml, "tableName", table);
        return xml;
    }

    private static String replaceAttribute(String xml, String name, String value) {
        Matcher m = Pattern.compile("\\b" + name + "=\"[^\"]*\"").matcher(xml);
        assertTrue(m.find(), "the documented context.xml has " + name);
        return m.replaceFirst(Matcher.quoteReplacement(name + "=\"" + value.replace("&", "&amp;") + "\""));
    }

    /** A CATALINA_BASE: the distribution's conf with free ports, the -all.jar in lib, the test webapp as "app". */
    private static Path prepareBase(Path home, Path base, Path jar, String contextXml) throws IOException {
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "work", "lib")) {
            Files.createDirectories(base.resolve(dir));
        }
        Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()));
        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml)
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + freePort() + "\"");
        Files.writeString(serverXml, server);
        Path app = base.resolve("webapps/app");
        Path classes = Path.of(property("sessiondb.it.testClasses"));
        Path testapp = Path.of("io", "sessiondb", "tomcat", "testapp");
        copyTree(classes.resolve(testapp), app.resolve("WEB-INF/classes").resolve(testapp));
        Files.createDirectories(app.resolve("META-INF"));
        Files.writeString(app.resolve("META-INF/context.xml"), contextXml);
        Files.writeString(app.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                  <servlet><servlet-name>app</servlet-name><servlet-class>io.sessiondb.tomcat.testapp.TestServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>app</servlet-name><url-pattern>/</url-pattern></servlet-mapping>
                </web-app>
                """);
        return base;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new AssertionError("system property " + name + " is not set: run through 'mvn verify -pl tomcat-store'");
        }
        return value;
    }

    /** One `catalina.sh run` process. */
    private record Catalina(Process process, Path base, int port) {

        static Catalina start(Path home, Path base) throws IOException, InterruptedException {
            String server = Files.readString(base.resolve("conf/server.xml"));
            Matcher m = Pattern.compile("address=\"127.0.0.1\" port=\"(\\d+)\"").matcher(server);
            assertTrue(m.find());
            ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run");
            builder.environment().put("CATALINA_HOME", home.toString());
            builder.environment().put("CATALINA_BASE", base.toString());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().remove("CATALINA_OPTS");
            builder.environment().remove("JAVA_OPTS");
            builder.redirectErrorStream(true).redirectOutput(base.resolve("logs/console.log").toFile());
            Catalina catalina = new Catalina(builder.start(), base, Integer.parseInt(m.group(1)));
            catalina.awaitStarted();
            return catalina;
        }

        URI uri(String query) {
            return URI.create("http://127.0.0.1:" + port + "/app/?" + query);
        }

        private void awaitStarted() throws InterruptedException {
            long deadline = System.currentTimeMillis() + 90_000;
            while (System.currentTimeMillis() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("catalina.sh exited with " + process.exitValue() + ":\n" + console());
                }
                try {
                    if (Http.get(uri("op=exists"), null).status() == 200) {
                        return;
                    }
                } catch (AssertionError notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new AssertionError("Tomcat in " + base + " did not serve the app within 90 s:\n" + console());
        }

        String console() {
            try {
                return Files.readString(base.resolve("logs/console.log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
