package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.lang.invoke.MethodType;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Tomcat and Servlet API member the drop-in jar uses exists, with the same signature, in the
 * Tomcat distribution it is for: the javax build against Tomcat 9.0, the -all.jar against Tomcat 11. The
 * distribution ITs run the common paths; this covers the rest (error paths, outage handling) without a
 * Tomcat start. It reads every class, field and method reference of the adapter's classes (javap) and
 * resolves it in the distribution's own jars.
 */
class TomcatApiIT {

    /** References absent from a version on purpose: the adapter catches the {@link NoSuchMethodError}. */
    private static final Set<String> GUARDED = Set.of(
            // SessiondbStore.enableActivityCheck: Tomcat 9.0 has only the JVM-wide system property.
            "org/apache/catalina/session/ManagerBase.setSessionActivityCheck:(Z)V");

    /** A class javap prints ("final class io.sessiondb.tomcat.X extends ..."), or a reference in its code. */
    private static final Pattern LINE = Pattern.compile(
            "^(?:[a-z]+ )*(?:class|interface) ([\\w.$]+)|// (Method|InterfaceMethod|Field) (?:([\\w/$]+)\\.)?\"?([\\w<>$]+)\"?:(\\S+)"
            + "|// class \"?\\[*L?([\\w/$]+)", Pattern.MULTILINE);
    /** The packages whose members are checked: Tomcat's, the Servlet API's, and the adapter's (for what it inherits). */
    private static final Pattern CHECKED = Pattern.compile("(org/apache|javax/servlet|jakarta/servlet|io/sessiondb/tomcat)/.*");

    @ParameterizedTest(name = "Tomcat {0}")
    @ValueSource(strings = {"9", "11"})
    void everyTomcatApiTheJarUsesExistsInTheDistribution(String major) throws Exception {
        String version = major.equals("9") ? CatalinaBase.property("sessiondb.it.tomcat9Version") : newestTomcat();
        Path jar = CatalinaBase.allJar(version);
        String otherApi = major.equals("9") ? "jakarta/servlet" : "javax/servlet";
        assertEquals(List.of(), classesNaming(jar, otherApi), "classes of the jar for Tomcat " + version + " naming " + otherApi);
        String javap = javap(jar, adapterClasses(jar));

        List<String> missing = new ArrayList<>();
        try (URLClassLoader tomcat = distributionLoader(CatalinaBase.home(version));
             URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, tomcat)) {
            Set<String> checked = new TreeSet<>();
            String current = null;
            Matcher m = LINE.matcher(javap);
            while (m.find()) {
                if (m.group(1) != null) {
                    current = m.group(1).replace('.', '/');
                } else if (m.group(6) != null) {
                    String name = m.group(6);
                    if (CHECKED.matcher(name).matches() && checked.add(name) && load(loader, name) == null) {
                        missing.add(name);
                    }
                } else {
                    String owner = m.group(3) == null ? current : m.group(3);
                    String ref = owner + "." + m.group(4) + ":" + m.group(5);
                    if (CHECKED.matcher(owner).matches() && checked.add(ref) && !GUARDED.contains(ref)
                            && !resolves(loader, m.group(2), owner, m.group(4), m.group(5))) {
                        missing.add(ref);
                    }
                }
            }
            assertTrue(checked.size() > 100, "read the references: " + checked);
        }
        assertEquals(List.of(), missing, "used by the jar for Tomcat " + version + " but not in its distribution");
    }

    private static String newestTomcat() {
        String[] versions = CatalinaBase.property("sessiondb.it.tomcatVersions").split(",");
        return versions[versions.length - 1];
    }

    /** @return the binary names of the adapter's classes in {@code jar} (the only ones that use Tomcat) */
    private static List<String> adapterClasses(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = zip.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/sessiondb/tomcat/") && n.endsWith(".class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .toList();
            assertTrue(names.contains("io.sessiondb.tomcat.SessiondbStore"), "the adapter is in " + jar);
            return names;
        }
    }

    /** @return the classes anywhere in {@code jar} (bundled libraries too) whose constants name {@code internalName} */
    private static List<String> classesNaming(Path jar, String internalName) throws IOException {
        List<String> naming = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                if (entry.getName().endsWith(".class")) {
                    String constants = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (constants.contains(internalName) || constants.contains(internalName.replace('/', '.'))) {
                        naming.add(entry.getName());
                    }
                }
            }
        }
        return naming;
    }

    private static String javap(Path jar, List<String> classes) {
        List<String> args = new ArrayList<>(List.of("-c", "-p", "-cp", jar.toString()));
        args.addAll(classes);
        StringWriter out = new StringWriter();
        int exit = ToolProvider.findFirst("javap").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        assertEquals(0, exit, out.toString());
        return out.toString();
    }

    /** Tomcat's own class loaders see lib/*.jar and bin/tomcat-juli.jar; nothing of the test's class path. */
    private static URLClassLoader distributionLoader(Path home) throws IOException {
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            for (Path p : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                urls.add(p.toUri().toURL());
            }
        }
        urls.add(home.resolve("bin/tomcat-juli.jar").toUri().toURL());
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static Class<?> load(ClassLoader loader, String internalName) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Resolves a member reference as the JVM would: declared in the class, a superclass or an interface. */
    private static boolean resolves(ClassLoader loader, String kind, String owner, String name, String descriptor) {
        Class<?> type = load(loader, owner);
        if (type == null) {
            return false;
        }
        for (Class<?> c : hierarchy(type)) {
            if (kind.equals("Field")) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getName().equals(name) && f.getType().descriptorString().equals(descriptor)) {
                        return true;
                    }
                }
            } else {
                List<Executable> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
                members.addAll(List.of(c.getDeclaredConstructors()));
                for (Executable m : members) {
                    String memberName = m instanceof Method ? m.getName() : "<init>";
                    Class<?> returns = m instanceof Method method ? method.getReturnType() : void.class;
                    if (memberName.equals(name)
                            && MethodType.methodType(returns, m.getParameterTypes()).toMethodDescriptorString().equals(descriptor)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<Class<?>> hierarchy(Class<?> type) {
        List<Class<?>> all = new ArrayList<>();
        List<Class<?>> todo = new ArrayList<>(List.of(type));
        while (!todo.isEmpty()) {
            Class<?> c = todo.remove(todo.size() - 1);
            if (c != null && !all.contains(c)) {
                all.add(c);
                todo.add(c.getSuperclass());
                todo.addAll(List.of(c.getInterfaces()));
            }
        }
        return all;
    }
}
