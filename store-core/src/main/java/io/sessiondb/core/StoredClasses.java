package io.sessiondb.core;

import io.sessiondb.core.internal.SerialFilters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The classes named in stored attribute bytes, found without instantiating anything: every class the
 * stream names is refused at resolution, and Java serialization then skips that object's data and
 * reads on, so even a hostile stream runs no code of its classes. For building an allow-list
 * ({@code serialFilter=allow:...}) from the sessions that are live: feed every attribute to a
 * {@link Census}, print its {@link Census#classes() classes} and {@link Census#allowSetting()}.
 * Not thread-safe.
 */
public final class StoredClasses {

    private StoredClasses() {
    }

    /**
     * @param attributeBytes one attribute's stored value (Java serialization)
     * @return the classes the stream names, in the JDK's binary names ({@code com.example.Cart},
     *         {@code [Ljava.lang.String;}, with an array's element class too); empty when the bytes are not a
     *         serialization stream
     */
    public static Set<String> of(byte[] attributeBytes) {
        Set<String> names = new TreeSet<>();
        try (ObjectInputStream in = new NamingStream(attributeBytes, names)) {
            in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            // Expected: every class was refused. What was named before the stream ended is the answer.
        }
        return names;
    }

    /** Counts, over many attributes, how many name each class. */
    public static final class Census {
        private final Map<String, Integer> counts = new TreeMap<>();

        /** Adds the classes of one attribute's stored value. */
        public void add(byte[] attributeBytes) {
            for (String name : of(attributeBytes)) {
                counts.merge(name, 1, Integer::sum);
            }
        }

        /** @return each class found, with the number of attributes that name it, sorted by class name */
        public Map<String, Integer> classes() {
            return Map.copyOf(counts);
        }

        /**
         * @return a {@code serialFilter} value allowing the classes found that the {@code allow:} form does not
         *         already allow (the JDK's value types and collections): each such class's package, e.g.
         *         {@code allow:com.example.*,com.example.cart.*}; {@code null} when the JDK's suffice. Review it:
         *         a class a gadget chain uses should be fixed in the webapp, not allowed.
         */
        public String allowSetting() {
            Set<String> packages = new TreeSet<>();
            for (String name : counts.keySet()) {
                String element = name.replaceFirst("^\\[+L?", "").replaceFirst(";$", "");
                if (element.length() <= 1 || allowedByJdkList(element)) {
                    continue; // a primitive array, or a JDK value type
                }
                int dot = element.lastIndexOf('.');
                packages.add(dot < 0 ? element : element.substring(0, dot) + ".*");
            }
            return packages.isEmpty() ? null : SerialFilters.ALLOW_PREFIX + String.join(",", packages);
        }

        private static boolean allowedByJdkList(String className) {
            for (String pattern : SerialFilters.JDK_VALUES.split(";")) {
                if (pattern.equals(className) || pattern.endsWith(".*") && className.startsWith(pattern.substring(0, pattern.length() - 1))
                        && className.indexOf('.', pattern.length() - 1) < 0
                        || pattern.endsWith("$*") && className.startsWith(pattern.substring(0, pattern.length() - 1))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Records every class name and proxy interface it meets and refuses to resolve any. */
    private static final class NamingStream extends ObjectInputStream {
        private final Set<String> names;

        NamingStream(byte[] bytes, Set<String> names) throws IOException {
            super(new ByteArrayInputStream(bytes));
            this.names = names;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
            String name = desc.getName();
            names.add(name);
            if (name.startsWith("[") && name.endsWith(";")) {
                names.add(name.substring(name.indexOf('L') + 1, name.length() - 1)); // an array's element class
            } else if (name.matches("\\[+[BCDFIJSZ]")) {
                // An array of primitives runs no code; refused, its bytes would be misread as objects.
                return Class.forName(name, false, null);
            }
            throw new ClassNotFoundException(desc.getName());
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws ClassNotFoundException {
            for (String i : interfaces) {
                names.add(i);
            }
            throw new ClassNotFoundException("proxy");
        }
    }
}
