package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CATALINA_BASEs for the real Tomcat distributions the build unpacks: the documented non-sticky
 * context.xml, free ports, the -all.jar in lib and the test webapp. Shared by the ITs that start
 * {@code catalina.sh} ({@link Catalina}). Tomcat 9.0 gets the javax builds of both, which the build
 * generates from the same classes with the Eclipse Transformer.
 */
final class CatalinaBase {

    private CatalinaBase() {
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

    /** @return the distribution of Tomcat {@code version} (e.g. {@code 9.0.98}) the build unpacked */
    static Path home(String version) {
        Path home = Path.of(property("sessiondb.it.dist"), "apache-tomcat-" + version);
        assertTrue(Files.isRegularFile(home.resolve("bin/catalina.sh")), "Tomcat " + version + " unpacked at " + home);
        return home;
    }

    /** @return the drop-in jar for Tomcat {@code version}: the javax build for Tomcat 9.0, the -all.jar otherwise */
    static Path allJar(String version) {
        Path jar = Path.of(property(isTomcat9(version) ? "sessiondb.it.tomcat9AllJar" : "sessiondb.it.allJar"));
        assertTrue(Files.isRegularFile(jar), "the drop-in jar is built: " + jar);
        return jar;
    }

    private static boolean isTomcat9(String version) {
        return version.startsWith("9.");
    }

    /**
     * A CATALINA_BASE: the distribution's conf with free ports, the -all.jar in lib, the test webapp as "app"
     * (its javax build, with a Java EE 8 web.xml, on Tomcat 9.0).
     */
    static Path prepareBase(Path home, Path base, Path jar, String contextXml) throws IOException {
        boolean javax = isTomcat9(home.getFileName().toString().substring("apache-tomcat-".length()));
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "work", "lib")) {
            Files.createDirectories(base.resolve(dir));
        }
        Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()));
        if (javax) {
            Files.createDirectories(base.resolve("bin"));
            Files.writeString(base.resolve("bin/setenv.sh"), tomcat9Setenv() + "\n");
        }
        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml)
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + freePort() + "\"");
        Files.writeString(serverXml, server);
        Path app = base.resolve("webapps/app");
        Path classes = Path.of(property(javax ? "sessiondb.it.javaxTestClasses" : "sessiondb.it.testClasses"));
        Path testapp = Path.of("io", "sessiondb", "tomcat", "testapp");
        copyTree(classes.resolve(testapp), app.resolve("WEB-INF/classes").resolve(testapp));
        Files.createDirectories(app.resolve("META-INF"));
        Files.writeString(app.resolve("META-INF/context.xml"), contextXml);
        Files.writeString(app.resolve("WEB-INF/web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                %s
                  <servlet><servlet-name>app</servlet-name><servlet-class>io.sessiondb.tomcat.testapp.TestServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>app</servlet-name><url-pattern>/</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(javax
                ? "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\" metadata-complete=\"true\">"
                : "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\" metadata-complete=\"true\">"));
        return base;
    }

    /**
     * @return the line README.md's "Tomcat 9" section tells a user to add to {@code bin/setenv.sh}, read from
     * the README itself so that the test runs what it says
     */
    static String tomcat9Setenv() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("\n## Tomcat 9\n");
        int block = section < 0 ? -1 : readme.indexOf("```sh\n", readme.indexOf("bin/setenv.sh", section));
        if (block < 0) {
            throw new AssertionError("README.md has no setenv.sh block in its Tomcat 9 section");
        }
        int start = block + "```sh\n".length();
        return readme.substring(start, readme.indexOf("\n```", start)).trim();
    }

    static void copyTree(Path from, Path to) throws IOException {
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new AssertionError("system property " + name + " is not set: run through 'mvn verify -pl tomcat-store'");
        }
        return value;
    }
}
