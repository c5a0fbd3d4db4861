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

    private final ObjectInputFilter filter;
    private final String logPrefix;
    private final StoreEvents events;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** Same as {@link #AttributeCodec(String, String, StoreEvents)} reporting to no counter. */
    public AttributeCodec(String filterPattern, String logPrefix) {
        this(filterPattern, logPrefix, StoreEvents.NONE);
    }

    /**
     * @param filterPattern an {@link ObjectInputFilter} pattern, applied to every read
     * @param logPrefix     prefix of log messages, e.g. the store name
     * @param events        told of every value that cannot be read, with the class that failed
     */
    public AttributeCodec(String filterPattern, String logPrefix, StoreEvents events) {
        this.filter = new CachingFilter(ObjectInputFilter.Config.createFilter(filterPattern), maxArray(filterPattern));
        this.logPrefix = logPrefix;
        this.events = events;
    }

    /**
     * @return the serialized value, or {@code null} when the value is not serializable (logged once
     * per attribute name and class at WARN)
     */
    public byte[] serialize(String name, Object value) {
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
     * Reads one attribute value.
     *
     * @param loader      class loader that resolves the value's classes (the webapp's)
     * @param extraFilter a filter applied after the configured one, or {@code null}
     * @return the value, or {@code null} when it cannot be read (logged at WARN once per name and reason,
     *         and reported to {@link StoreEvents#unreadableAttribute} with the class being read)
     */
    public Object deserialize(String name, byte[] bytes, ClassLoader loader, ObjectInputFilter extraFilter) {
        ObjectInputFilter effective = extraFilter == null ? filter : ObjectInputFilter.merge(filter, extraFilter);
        // Not try-with-resources: the failure needs the stream's last class. Nothing to close, it reads an array.
        LoaderObjectInputStream in = null;
        try {
            in = new LoaderObjectInputStream(new Bytes.Input(bytes), loader);
            in.setObjectInputFilter(effective);
            return in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            warnOnce(name + '|' + e.getClass().getName() + '|' + e.getMessage(),
                    "{0} - attribute ''{1}'' cannot be read and is left out of the session (it stays stored): {2}",
                    logPrefix, LogText.of(name), LogText.of(e.toString()));
            events.unreadableAttribute(in == null ? null : in.classBeingRead);
            return null;
        }
    }

    /** @return the SHA-256 of serialized bytes, the identity used to detect changed attributes */
    public static byte[] digest(byte[] bytes) {
        return sha256().digest(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
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
     * every read; the class verdict never changes, so it is computed once per class. Limits (depth,
     * references, bytes, array length) are still checked on every call, with the same result as the
     * pattern filter itself.
     */
    private static final class CachingFilter implements ObjectInputFilter {
        private final ObjectInputFilter pattern;
        private final long maxArrayLength;
        private final ClassValue<Status> verdicts = new ClassValue<>() {
            @Override
            protected Status computeValue(Class<?> type) {
                return pattern.checkInput(new Info(type, -1, 1, 1, 1));
            }
        };

        CachingFilter(ObjectInputFilter pattern, long maxArrayLength) {
            this.pattern = pattern;
            this.maxArrayLength = maxArrayLength;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            Status limits = pattern.checkInput(new Info(null, -1, info.depth(), info.references(), info.streamBytes()));
            if (limits == Status.REJECTED) {
                return limits;
            }
            Class<?> type = info.serialClass();
            if (type == null) {
                return limits;
            }
            if (type.isArray() && info.arrayLength() > maxArrayLength) {
                return Status.REJECTED;
            }
            return verdicts.get(type);
        }
    }

    /** @return the pattern's {@code maxarray} limit, the last one winning as in the JDK, or no limit */
    private static long maxArray(String filterPattern) {
        long max = Long.MAX_VALUE;
        for (String part : filterPattern.split(";")) {
            String p = part.strip();
            if (p.startsWith("maxarray=")) {
                max = Long.parseLong(p.substring("maxarray=".length()));
            }
        }
        return max;
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
