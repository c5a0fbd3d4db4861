package io.sessiondb.tomcat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary directories of the tests, under {@code target/it-work} so that whatever an embedded Tomcat
 * recreates after a test (it keeps the first {@code catalina.base} in a system property) goes away
 * with {@code mvn clean}.
 */
final class TempDirs {

    private static final Path ROOT = Path.of(System.getProperty("sessiondb.it.work", "target/it-work")).toAbsolutePath();

    private TempDirs() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(Files.createDirectories(ROOT), prefix);
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }
}
