package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.jetty.HttpProbe.Client;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@code jetty-home} distribution (unpacked by the build): two {@code $JETTY_BASE}s with the
 * jetty-base zip unpacked, the modules and {@code start.d/sessiondb.ini} lines of docs/jetty.md
 * (only the URL and node name replaced; a test table, ports and a 1 s scavenge added), a tiny webapp,
 * two {@code start.jar} processes driven over HTTP.
 */
class JettyHomeIT {

    private static final String TABLE = TestDatabase.uniqueTable("jetty_home");
    /** The database the nodes use: PostgreSQL, or MariaDB (whose driver the zip bundles too) in the MariaDB run. */
    private static final boolean MARIADB = "mariadb".equals(System.getProperty("sessiondb.test.jettyHomeDatabase"));
    private static final String DB_URL = MARIADB ? TestDatabase.MARIADB_URL : TestDatabase.PG_URL;
    private static final Pattern STARTED_PORT = Pattern.compile("Started \\S*ServerConnector@[0-9a-f]+\\{[^}]*}\\{127\\.0\\.0\\.1:(\\d+)}");

    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final List<Path> LOGS = new ArrayList<>();
    private static int portA;
    private static int portB;

    @BeforeAll
    static void startTwoJettys() throws Exception {
        (MARIADB ? TestDatabase.mariadb() : TestDatabase.postgres()).close();
        Path home = Paths.get(required("sessiondb.test.jettyHome"));
        Path zip = Paths.get(required("sessiondb.test.jettyBaseZip"));
        Path docs = Paths.get(required("sessiondb.test.docs"));
        assertTrue(Files.isRegularFile(home.resolve("start.jar")), "no jetty-home at " + home);
        assertTrue(Files.isRegularFile(zip), "no jetty-base zip at " + zip);
        String doc = Files.readString(docs);
        // The docs show ee10; the Jetty 12.1 run also proves the ee11 environment with the same modules.
        String environment = System.getProperty("sessiondb.test.environment", "ee10");
        String modules = documentedModules(doc).replace("ee10-deploy", environment + "-deploy");
        List<String> ini = documentedIni(doc);
        Path work = Files.createTempDirectory(Paths.get("target").toAbsolutePath(), "jetty-home-it-");
        portA = startNode(home, zip, work.resolve("baseA"), modules, ini, "A");
        portB = startNode(home, zip, work.resolve("baseB"), modules, ini, "B");
    }

    @AfterAll
    static void stopJettys() throws Exception {
        try {
            for (Process p : PROCESSES) {
                p.destroy();
            }
            for (Process p : PROCESSES) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            if (MARIADB) {
                TestDatabase.dropMariadbTables(TABLE);
            } else {
                TestDatabase.dropTables(TABLE);
            }
        }
    }

    @Test
    void twoDistributionNodesShareSessions() throws Exception {
        Client c = new Client();
        assertEquals("1", c.ok(portA, "/inc"));
        assertEquals("2", c.ok(portB, "/inc"));
        assertEquals("3", c.ok(portA, "/inc"));

        c.ok(portB, "/append?value=x");
        c.ok(portB, "/append?value=y");
        assertEquals("[x, y]", c.ok(portA, "/list"));

        String oldCookie = c.cookie();
        String newId = c.ok(portA, "/changeId");
        assertNotEquals(Client.plain(oldCookie), newId);
        assertEquals("none", new Client(oldCookie).ok(portB, "/peek"));
        assertEquals("4", c.ok(portB, "/inc"));

        assertEquals(200, HttpProbe.get(portA, "/peek", "JSESSIONID=' OR 1=1; --").status());

        assertEquals("invalidated", c.ok(portA, "/invalidate"));
        assertEquals("none", c.ok(portB, "/counter"));
    }

    @Test
    void startupLineNamesTheVersionAndTheSettingsWithSecretsMasked() throws IOException {
        String version = required("sessiondb.test.version");
        for (Path log : LOGS) {
            String text = Files.readString(log);
            assertTrue(text.contains("sessiondb " + version + " starting: table " + TABLE), "no version line in " + log + ":\n" + text);
            assertTrue(text.contains("idSecret=****") && !text.contains("change-me-to-a-long-random-secret"),
                    "the idSecret of docs/jetty.md is not masked in " + log + ":\n" + text);
        }
    }

    @Test
    void expiredSessionFiresItsListenerOnceAcrossDistributionNodes() throws Exception {
        Client c = new Client();
        c.ok(portA, "/short?seconds=2");
        String id = c.sessionId();
        long deadline = System.currentTimeMillis() + 30_000;
        while (destroyed(id) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
        }
        Thread.sleep(3_000);
        assertEquals(1, destroyed(id));
        assertEquals("none", c.ok(portB, "/peek"));
    }

    private static int destroyed(String id) {
        Client probe = new Client();
        return Integer.parseInt(probe.ok(portA, "/destroyed?id=" + id)) + Integer.parseInt(probe.ok(portB, "/destroyed?id=" + id));
    }

    private static int startNode(Path home, Path zip, Path base, String modules, List<String> ini, String node)
            throws Exception {
        Files.createDirectories(base);
        unzip(zip, base);
        run(home, base, base.resolve("add-modules.log"), "--add-modules=" + modules).waitFor(60, TimeUnit.SECONDS);
        Path sessiondbIni = base.resolve("start.d/sessiondb.ini");
        assertTrue(Files.isRegularFile(sessiondbIni), "--add-modules did not create " + sessiondbIni + ": "
                + Files.readString(base.resolve("add-modules.log")));
        List<String> lines = new ArrayList<>();
        for (String line : ini) {
            if (line.startsWith("sessiondb.jdbcUrl=")) {
                line = "sessiondb.jdbcUrl=" + DB_URL;
            } else if (line.startsWith("sessiondb.nodeName=")) {
                line = "sessiondb.nodeName=" + node;
            }
            lines.add(line);
        }
        lines.add("sessiondb.tableName=" + TABLE);
        Files.write(sessiondbIni, lines, StandardOpenOption.APPEND);
        writeWebapp(base.resolve("webapps/app"));
        Path log = base.resolve("jetty.log");
        Process jetty = run(home, base, log, "jetty.http.host=127.0.0.1", "jetty.http.port=0",
                "jetty.sessionScavengeInterval.seconds=1");
        PROCESSES.add(jetty);
        LOGS.add(log);
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            Matcher m = STARTED_PORT.matcher(text);
            if (m.find() && text.contains("Started oejs.Server@")) {
                return Integer.parseInt(m.group(1));
            }
            assertTrue(jetty.isAlive(), "jetty " + node + " exited: " + text);
            Thread.sleep(200);
        }
        throw new AssertionError("jetty " + node + " did not start in 60 s: " + Files.readString(log));
    }

    private static Process run(Path home, Path base, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", home.resolve("start.jar").toString(), "jetty.home=" + home, "jetty.base=" + base));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static void writeWebapp(Path webapp) throws IOException {
        Path classes = Paths.get(required("sessiondb.test.classes"));
        Path target = webapp.resolve("WEB-INF/classes/io/sessiondb/jetty/webapp");
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(classes.resolve("io/sessiondb/jetty/webapp"))) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <listener><listener-class>io.sessiondb.jetty.webapp.DestroyListener</listener-class></listener>
                  <servlet><servlet-name>s</servlet-name><servlet-class>io.sessiondb.jetty.webapp.SessionServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>s</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
                </web-app>
                """, StandardCharsets.UTF_8);
    }

    /** @return the modules of the non-sticky {@code --add-modules=} line in docs/jetty.md */
    static String documentedModules(String doc) {
        Matcher m = Pattern.compile("start\\.jar --add-modules=(\\S*sessiondb-cache\\S*)").matcher(doc);
        assertTrue(m.find(), "docs/jetty.md shows no non-sticky --add-modules line");
        return m.group(1);
    }

    /** @return the lines of the first {@code ini} block in docs/jetty.md */
    static List<String> documentedIni(String doc) {
        Matcher m = Pattern.compile("```ini\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/jetty.md shows no ini block");
        List<String> lines = m.group(1).lines().filter(l -> !l.isBlank()).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("sessiondb.jdbcUrl=")), "the ini block sets no jdbcUrl");
        return lines;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("zip entry outside the base: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(z, out);
                }
            }
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new AssertionError("system property " + property + " is not set: run through 'mvn verify'");
        }
        return value;
    }
}
