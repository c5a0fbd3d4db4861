package io.sessiondb.cli.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The class loader a webapp's session attributes need: {@code WEB-INF/classes} and the jars of
 * {@code WEB-INF/lib}, from a WAR file or an exploded webapp directory. Like a container's webapp
 * loader it looks in the webapp first, except for the JDK, the Servlet API and the containers' and
 * sessiondb's own classes, which come from the parent. A WAR is extracted to a temporary directory,
 * deleted by {@link #close()}.
 */
final class WebappClassLoader extends URLClassLoader {

    private static final String[] PARENT_FIRST = {"java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
        "org.apache.catalina.", "org.apache.tomcat.", "org.apache.juli.", "org.eclipse.jetty.", "io.sessiondb."};

    private final Path extracted;

    private WebappClassLoader(URL[] urls, ClassLoader parent, Path extracted) {
        super("webapp", urls, parent);
        this.extracted = extracted;
    }

    /**
     * @param webapp a {@code .war} file or an exploded webapp directory
     * @param parent the loader of the JDK and container classes, usually this application's
     * @throws IOException when the webapp cannot be read
     * @throws IllegalArgumentException when {@code webapp} is neither a WAR nor a directory
     */
    static WebappClassLoader open(Path webapp, ClassLoader parent) throws IOException {
        if (Files.isDirectory(webapp)) {
            return new WebappClassLoader(urls(webapp), parent, null);
        }
        if (!Files.isRegularFile(webapp)) {
            throw new IllegalArgumentException("--webapp " + webapp + " is neither a WAR file nor a webapp directory");
        }
        Path dir = Files.createTempDirectory("sessiondb-webapp");
        try {
            extract(webapp, dir);
            return new WebappClassLoader(urls(dir), parent, dir);
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> found = findLoadedClass(name);
            if (found == null && !parentFirst(name)) {
                try {
                    found = findClass(name);
                } catch (ClassNotFoundException e) {
                    // not in the webapp: ask the parent
                }
            }
            if (found == null) {
                found = getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(found);
            }
            return found;
        }
    }

    /** Closes the jars and deletes the extracted WAR, if any. */
    @Override
    public void close() throws IOException {
        super.close();
        if (extracted != null) {
            delete(extracted);
        }
    }

    private static boolean parentFirst(String name) {
        for (String prefix : PARENT_FIRST) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static URL[] urls(Path webapp) throws IOException {
        List<URL> urls = new ArrayList<>();
        Path classes = webapp.resolve("WEB-INF/classes");
        if (Files.isDirectory(classes)) {
            urls.add(url(classes));
        }
        Path lib = webapp.resolve("WEB-INF/lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(p -> urls.add(url(p)));
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void extract(Path war, Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(war); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (entry.isDirectory() || !(name.startsWith("WEB-INF/classes/") || name.startsWith("WEB-INF/lib/"))) {
                    continue;
                }
                Path target = dir.resolve(name).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("the WAR " + war + " has an entry outside of it: " + name);
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
