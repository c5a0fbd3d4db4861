package io.sessiondb.core.internal;

import io.sessiondb.core.LogText;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.System.Logger.Level;
import java.lang.reflect.Proxy;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Java serialization of one attribute value at a time. Reads always go through an
 * {@link ObjectInputFilter} and resolve classes with the caller's (the webapp's) class loader.
 */
public final class AttributeCodec {

    private static final System.Logger LOG = System.getLogger("io.sessiondb");
    private static final int MAX_WARNINGS = 1000;

    /** How values are written ({@code codec} setting). */
    public enum Mode {
        /** Java serialization for every value (the default). */
        JAVA,
        /** JSON only ({@link JsonValues}): no Java serialization at all; other values are not stored. */
        JSON,
        /** JSON for the values it represents, filtered Java serialization for the rest; chosen per value. */
        MIXED
    }

    private final CachingFilter filter;
    private final Mode mode;
    private final String logPrefix;
    private final StoreEvents events;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param filterPattern an {@link ObjectInputFilter} pattern, applied to every read
     * @param logPrefix     prefix of log messages, e.g. the store name
     */
    public AttributeCodec(String filterPattern, String logPrefix) {
        this(filterPattern, Mode.JAVA, logPrefix);
    }

    /**
     * @param filterPattern an {@link ObjectInputFilter} pattern, applied to every Java read
     * @param mode          how values are written
     * @param logPrefix     prefix of log messages, e.g. the store name
     */
    public AttributeCodec(String filterPattern, Mode mode, String logPrefix) {
        this(filterPattern, mode, logPrefix, StoreEvents.NONE);
    }

    /**
     * @param filterPattern an {@link ObjectInputFilter} pattern, applied to every Java read
     * @param mode          how values are written
     * @param logPrefix     prefix of log messages, e.g. the store name
     * @param events        told of every value that cannot be read, with the class that failed
     */
    public AttributeCodec(String filterPattern, Mode mode, String logPrefix, StoreEvents events) {
        this.filter = new CachingFilter(filterPattern);
        this.mode = mode;
        this.logPrefix = logPrefix;
        this.events = events;
    }

    /**
     * @return the stored form of the value, or {@code null} when it cannot be stored: not serializable,
     * or (with {@link Mode#JSON}) not representable in JSON; logged once per attribute name and class at
     * WARN, naming the attribute
     */
    public byte[] serialize(String name, Object value) {
        if (mode == Mode.JAVA) {
            return javaSerialize(name, value);
        }
        byte[] json = JsonValues.write(value);
        if (json != null || mode == Mode.MIXED) {
            return json != null ? json : javaSerialize(name, value);
        }
        warnOnce(name + '|' + value.getClass().getName(), "{0} - attribute ''{1}'' of class {2} is not representable in"
                + " JSON and is not stored (other attributes are): codec=json stores strings, booleans, Integer, Double,"
                + " Long outside the int range, and ArrayList and HashMap (string keys) of these; use codec=mixed to store"
                + " it with Java serialization", logPrefix, LogText.of(name), LogText.of(value.getClass().getName()));
        return null;
    }

    private byte[] javaSerialize(String name, Object value) {
        Bytes.Output bytes = new Bytes.Output(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException | InvalidClassException e) {
            warnOnce(name + '|' + value.getClass().getName(), "{0} - attribute ''{1}'' of class {2} is not serializable"
                    + " and is not stored (other attributes are): {3}", logPrefix, LogText.of(name),
                    LogText.of(value.getClass().getName()), LogText.of(e.toString()));
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("serializing attribute '" + LogText.of(name) + "' failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * What {@link #read} made of stored bytes.
     *
     * @param value       the value, or {@code null} when it could not be read
     * @param quarantined whether it was not read because the filter rejected it: a class not allowed,
     *                    or a limit broken (depth, references, bytes, array length or memory)
     */
    public record Read(Object value, boolean quarantined) {
    }

    /** Same as {@link #read}, the value only: {@code null} when it cannot be read. */
    public Object deserialize(String name, byte[] bytes, ClassLoader loader, ObjectInputFilter extraFilter) {
        return read(name, bytes, loader, extraFilter).value();
    }

    /**
     * Reads one attribute value through the configured filter and {@code extraFilter}. A value the
     * filters reject is quarantined: not instantiated, logged at WARN once per class and limit (class
     * and limit named, sanitised), the read ending as soon as the limit is crossed, so that a hostile
     * stream costs no more than its own size. A value that cannot be read for another reason (corrupt
     * bytes, a class the webapp lacks) is logged at WARN once per name and reason.
     *
     * @param loader      class loader that resolves the value's classes (the webapp's)
     * @param extraFilter a filter applied after the configured one (the container's), or {@code null}
     */
    public Read read(String name, byte[] bytes, ClassLoader loader, ObjectInputFilter extraFilter) {
        if (!JsonValues.isJavaSerialization(bytes) && (mode != Mode.JAVA || JsonValues.looksLikeJson(bytes))) {
            return readJson(name, bytes); // also with codec=java: values written before a switch back from mixed
        }
        if (mode == Mode.JSON) {
            warnOnce("quarantine|codec=json|" + name, "{0} - attribute ''{1}'' is quarantined: it is stored in Java"
                    + " serialization and codec=json reads none; it is left out of the session and stays stored (use"
                    + " codec=mixed to read it)", logPrefix, LogText.of(name));
            events.unreadableAttribute(null);
            return new Read(null, true);
        }
        ReadGuard guard = new ReadGuard(filter, extraFilter, bytes.length);
        // Not try-with-resources: a failure reports the stream's last class. Nothing to close: it reads an array.
        LoaderObjectInputStream in = null;
        try {
            in = new LoaderObjectInputStream(new Bytes.Input(bytes), loader);
            in.setObjectInputFilter(guard);
            return new Read(in.readObject(), false);
        } catch (IOException | ClassNotFoundException | RuntimeException | StackOverflowError e) {
            events.unreadableAttribute(in == null ? null : in.classBeingRead);
            String rejection = guard.rejection();
            if (rejection != null) {
                warnOnce("quarantine|" + guard.rejectionKey(), "{0} - attribute ''{1}'' is quarantined: {2}; it is left out of the"
                        + " session and stays stored (logged once per class and limit, then at DEBUG)",
                        logPrefix, LogText.of(name), rejection);
                return new Read(null, true);
            }
            warnOnce(name + '|' + e.getClass().getName() + '|' + e.getMessage(),
                    "{0} - attribute ''{1}'' cannot be read and is left out of the session (it stays stored): {2}",
                    logPrefix, LogText.of(name), LogText.of(e.toString()));
            return new Read(null, false);
        }
    }

    private Read readJson(String name, byte[] bytes) {
        try {
            return new Read(JsonValues.read(bytes), false);
        } catch (IOException | RuntimeException e) {
            warnOnce(name + "|json|" + e.getClass().getName(), "{0} - attribute ''{1}'' cannot be read as JSON and is left"
                    + " out of the session (it stays stored): {2}", logPrefix, LogText.of(name), LogText.line(e.getMessage()));
            events.unreadableAttribute(null);
            return new Read(null, false);
        }
    }

    /**
     * The class of a stored value as far as the head of its bytes tells, without reading it: the Java
     * serialization stream header {@code AC ED 00 05}, then an object ({@code TC_OBJECT}) of a new class
     * description ({@code TC_CLASSDESC}) whose name follows as modified UTF-8 (Java Object Serialization
     * Specification, section 6.4).
     *
     * @return the class name of a plain object; {@code ""} for a value that is no object of a webapp class
     * (a string, an array, null, a JSON value); {@code null} when the head does not tell (an enum, a proxy,
     * anything else)
     */
    public static String headClassName(byte[] bytes) {
        if (!JsonValues.isJavaSerialization(bytes)) {
            return JsonValues.looksLikeJson(bytes) ? "" : null;
        }
        if (bytes.length < 7 || bytes[2] != 0 || bytes[3] != 5) {
            return null;
        }
        switch (bytes[4]) {
            case 0x70, 0x74, 0x75, 0x7c: // TC_NULL, TC_STRING, TC_ARRAY, TC_LONGSTRING
                return "";
            case 0x73: // TC_OBJECT
                break;
            default:
                return null;
        }
        if (bytes[5] != 0x72) { // TC_CLASSDESC
            return null;
        }
        try {
            return new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes, 6, bytes.length - 6)).readUTF();
        } catch (IOException e) {
            return null;
        }
    }

    /** @return the SHA-256 of serialized bytes, the identity used to detect changed attributes */
    public static byte[] digest(byte[] bytes) {
        return sha256().digest(bytes);
    }

    /** A fresh SHA-256, cloned from this one: {@code getInstance} looks the provider up on every call. */
    private static final MessageDigest SHA256 = newSha256();

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** @return a new SHA-256 digest, for one thread */
    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private void warnOnce(String key, String format, Object... args) {
        if (warned.size() < MAX_WARNINGS && warned.add(key)) {
            LOG.log(Level.WARNING, format, args);
        } else {
            LOG.log(Level.DEBUG, format, args);
        }
    }

    /**
     * The JDK's pattern filter walks every pattern for every class it meets, through a stream, on
     * every read; the class verdict never changes, so it is computed once per class. The limits of the
     * pattern (depth, references, bytes, array length) are checked here on every call, with the same
     * result as the pattern filter itself, so that a rejection can say which limit was crossed.
     */
    static final class CachingFilter {
        private final ObjectInputFilter pattern;
        private final long maxDepth;
        private final long maxRefs;
        private final long maxBytes;
        private final long maxArrayLength;
        private final ClassValue<ObjectInputFilter.Status> verdicts = new ClassValue<>() {
            @Override
            protected ObjectInputFilter.Status computeValue(Class<?> type) {
                return pattern.checkInput(new Info(type, -1, 1, 1, 1));
            }
        };

        CachingFilter(String filterPattern) {
            this.pattern = ObjectInputFilter.Config.createFilter(filterPattern);
            this.maxDepth = limit(filterPattern, "maxdepth=");
            this.maxRefs = limit(filterPattern, "maxrefs=");
            this.maxBytes = limit(filterPattern, "maxbytes=");
            this.maxArrayLength = limit(filterPattern, "maxarray=");
        }

        /** @return why {@code info} breaks a limit, or {@code null} when it is within all of them */
        String brokenLimit(ObjectInputFilter.FilterInfo info) {
            if (info.depth() > maxDepth) {
                return "graph deeper than maxdepth=" + maxDepth;
            }
            if (info.references() > maxRefs) {
                return "more objects than maxrefs=" + maxRefs;
            }
            if (info.streamBytes() > maxBytes) {
                return "longer than maxbytes=" + maxBytes;
            }
            if (info.serialClass() != null && info.serialClass().isArray() && info.arrayLength() > maxArrayLength) {
                return "array of " + info.arrayLength() + " elements, more than maxarray=" + maxArrayLength;
            }
            return null;
        }

        ObjectInputFilter.Status verdict(Class<?> type) {
            return verdicts.get(type);
        }

        /** @return the pattern's limit {@code key}, the last one winning as in the JDK, or no limit */
        private static long limit(String filterPattern, String key) {
            long max = Long.MAX_VALUE;
            for (String part : filterPattern.split(";")) {
                String p = part.strip();
                if (p.startsWith(key)) {
                    max = Long.parseLong(p.substring(key.length()));
                }
            }
            return max;
        }
    }

    private record Info(Class<?> serialClass, long arrayLength, long depth, long references, long streamBytes)
            implements ObjectInputFilter.FilterInfo {
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;
        /** The class named last by the stream: when a read fails, the one that failed (missing, filtered, broken). */
        String classBeingRead;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            classBeingRead = desc.getName();
            if (loader == null) {
                return super.resolveClass(desc);
            }
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc); // primitives and JDK classes
            }
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            classBeingRead = "proxy" + java.util.Arrays.toString(interfaces);
            if (loader == null) {
                return super.resolveProxyClass(interfaces);
            }
            Class<?>[] resolved = new Class<?>[interfaces.length];
            for (int i = 0; i < interfaces.length; i++) {
                resolved[i] = Class.forName(interfaces[i], false, loader);
            }
            return Proxy.getProxyClass(loader, resolved);
        }
    }
}
