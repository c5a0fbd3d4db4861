package io.sessiondb.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published POMs are complete: the artifacts the build publishes (copied by the build into a
 * repository layout, {@code target/published}, as {@code mvn install} would put them) are the only
 * sessiondb artifacts a tiny separate Maven project sees, and it builds and runs as a user's would. Its
 * other dependencies and the Maven plugins come from the build's own local repository, read as a
 * {@code file:} remote and never written to, so nothing is downloaded and nothing of sessiondb lands there.
 */
class PublishedPomsIT {

    private static final String VERSION = property("sessiondb.it.version");
    private static Path work;
    private static Path settings;

    @BeforeAll
    static void repositoryWithThePublishedArtifactsOnly() throws IOException {
        work = Path.of(property("sessiondb.it.work"));
        delete(work);
        Path repository = work.resolve("repository");
        copyTree(Path.of(property("sessiondb.it.published")), repository);
        assertTrue(Files.isRegularFile(repository.resolve("io/sessiondb/sessiondb-tomcat/" + VERSION
                + "/sessiondb-tomcat-" + VERSION + ".pom")), "the build published sessiondb-tomcat's POM into " + repository);
        settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror><id>build-cache</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(repository, Path.of(property("sessiondb.it.cacheRepository")).toUri()));
    }

    /** sessiondb-tomcat and sessiondb-jetty by their coordinates: HikariCP, Jackson, the driver come from the POMs. */
    @Test
    void thePlainJarsBringTheirDependencies() throws Exception {
        Path project = build("plain");
        List<String> classpath = classpath(project);
        for (String expected : List.of("sessiondb-tomcat-" + VERSION + ".jar", "sessiondb-jetty-" + VERSION + ".jar",
                "sessiondb-core-" + VERSION + ".jar", "HikariCP-", "jackson-databind-", "postgresql-")) {
            assertTrue(classpath.stream().anyMatch(p -> Path.of(p).getFileName().toString().startsWith(expected)),
                    expected + " on the consumer's class path " + classpath);
        }
        String out = run(project, classpath, work.resolve("plain.db").toString());
        assertEquals("sessions: 0", out.strip(), "the consumer started a SessionRepository on SQLite");
    }

    /**
     * The drop-in jars by their coordinates (the -all jar and its Tomcat 9.0 build): the manifest names the
     * version, and everything bundled but the JDBC drivers is relocated under io/sessiondb/.
     */
    @Test
    void theAllJarsLeakNothingUnrelocated() throws Exception {
        Path project = build("all");
        List<String> classpath = classpath(project);
        Path all = find(classpath, "sessiondb-tomcat-" + VERSION + "-all.jar");
        Path tomcat9 = find(classpath, "sessiondb-tomcat-" + VERSION + "-tomcat9-all.jar");
        assertEquals("version: " + VERSION, run(project, classpath.stream().filter(p -> !Path.of(p).equals(tomcat9)).toList()).strip());
        for (Path jar : List.of(all, tomcat9)) {
            List<String> leaked = new ArrayList<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.stream().map(e -> e.getName().replaceFirst("^META-INF/versions/\\d+/", ""))
                        .filter(n -> n.endsWith(".class") && !n.startsWith("io/sessiondb/")
                                // The JDBC drivers stay as they are: DriverManager and users name them.
                                && !n.startsWith("org/postgresql/") && !n.startsWith("org/mariadb/jdbc/"))
                        .forEach(leaked::add);
            }
            assertEquals(List.of(), leaked, "classes outside io/sessiondb/ and the JDBC drivers in " + jar);
        }
    }

    /**
     * The starter by its coordinates in a Boot 3.5 application (Boot's parent and managed versions, as in
     * README "Spring Boot"): it builds, starts on embedded Tomcat with {@code sessiondb.*} properties, and the
     * starter has started the store.
     */
    @Test
    void theStarterStartsABootApplication() throws Exception {
        Path project = build("boot");
        List<String> classpath = classpath(project);
        for (String expected : List.of("sessiondb-spring-boot-starter-" + VERSION + ".jar", "sessiondb-tomcat-" + VERSION + ".jar",
                "sessiondb-core-" + VERSION + ".jar", "tomcat-embed-core-", "HikariCP-")) {
            assertTrue(classpath.stream().anyMatch(p -> Path.of(p).getFileName().toString().startsWith(expected)),
                    expected + " on the consumer's class path " + classpath);
        }
        String out = run(project, classpath, work.resolve("boot.db").toString());
        assertTrue(out.lines().anyMatch("sessions: 0"::equals), "the Boot consumer started sessiondb's store:\n" + out);
    }

    /**
     * The CLI as README "Install" fetches it ({@code mvn dependency:copy} of its coordinates) runs with
     * {@code java -jar}, and its published POM names nothing the jar already holds.
     */
    @Test
    void theCliArtifactRunsWithJavaJar() throws Exception {
        Path directory = work.resolve("cli");
        Path log = work.resolve("cli-copy.log");
        Process mvn = new ProcessBuilder(Path.of(property("sessiondb.it.mavenHome"), "bin", "mvn").toString(), "-B",
                "-s", settings.toString(), "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
                "-Dartifact=io.sessiondb:sessiondb-cli:" + VERSION, "-DoutputDirectory=" + directory)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(mvn.waitFor(5, TimeUnit.MINUTES), "mvn dependency:copy of sessiondb-cli finished");
        assertEquals(0, mvn.exitValue(), "mvn dependency:copy of sessiondb-cli:\n" + Files.readString(log));
        Path jar = directory.resolve("sessiondb-cli-" + VERSION + ".jar");
        assertEquals("sessiondb-cli " + VERSION, javaJar(jar, "--version").strip());
        String help = javaJar(jar, "--help");
        for (String command : List.of("stats", "sessions", "revoke", "purge", "schema", "import", "check", "serve")) {
            assertTrue(help.contains("  " + command + " "), command + " in the usage:\n" + help);
        }
        String pom = Files.readString(work.resolve("repository/io/sessiondb/sessiondb-cli/" + VERSION + "/sessiondb-cli-" + VERSION + ".pom"));
        int dependencies = pom.indexOf("<dependencies>");
        List<String> used = dependencies < 0 ? List.of() : Stream.of(pom.substring(dependencies, pom.indexOf("</dependencies>"))
                .split("<dependency>")).skip(1).filter(d -> !d.contains("<scope>test</scope>")).toList();
        assertEquals(List.of(), used, "what the jar holds is no dependency of the published POM (only test ones are left)");
    }

    /** @return the standard output of {@code java -jar jar args}, which must exit 0 */
    private static String javaJar(Path jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(2, TimeUnit.MINUTES), "java -jar " + jar.getFileName() + " finished");
        assertEquals(0, java.exitValue(), "java -jar " + jar.getFileName() + " " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    private static Path find(List<String> classpath, String fileName) {
        return classpath.stream().map(Path::of).filter(p -> p.getFileName().toString().equals(fileName)).findFirst()
                .orElseThrow(() -> new AssertionError(fileName + " is not on the consumer's class path " + classpath));
    }

    private static Path build(String name) throws IOException, InterruptedException {
        Path project = work.resolve(name);
        copyTree(Path.of(property("sessiondb.it.consumers"), name), project);
        Path log = work.resolve(name + "-build.log");
        Process mvn = new ProcessBuilder(Path.of(property("sessiondb.it.mavenHome"), "bin", "mvn").toString(),
                "-B", "-s", settings.toString(), "-Dsessiondb.version=" + VERSION, "package")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(mvn.waitFor(5, TimeUnit.MINUTES), "the " + name + " consumer's build finished");
        assertEquals(0, mvn.exitValue(), "the " + name + " consumer builds:\n" + Files.readString(log));
        return project;
    }

    private static List<String> classpath(Path project) throws IOException {
        return List.of(Files.readString(project.resolve("target/classpath.txt")).strip().split(java.io.File.pathSeparator));
    }

    private static String run(Path project, List<String> classpath, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", project.resolve("target/classes") + java.io.File.pathSeparator + String.join(java.io.File.pathSeparator, classpath),
                "consumer.Check"));
        command.addAll(List.of(args));
        Process java = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(java.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(java.waitFor(2, TimeUnit.MINUTES), "the consumer ran");
        assertEquals(0, java.exitValue(), "the consumer runs:\n" + out + err);
        return out;
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

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new AssertionError("system property " + name + " is not set: run through 'mvn verify -pl release-check -am'");
        }
        return value;
    }
}
