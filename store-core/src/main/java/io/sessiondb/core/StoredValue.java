package io.sessiondb.core;

import io.sessiondb.core.internal.AttributeCodec;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An attribute value as {@link SessionRepository#loadLazily} returns it: its stored bytes, deserialized
 * on the first call of {@link #value()}, at most once. An adapter keeps it in the session in place of
 * the value and swaps in the value when the webapp first asks for it; a request that reads one of twenty
 * attributes then deserializes one.
 *
 * <p>Handed back to {@link SessionRepository#save} inside a {@link SessionSnapshot}, a value never
 * {@linkplain #isUntouched() handed out} is unchanged by definition: it is neither serialized nor
 * written, and its stored bytes stay the baseline. A value that cannot be read (quarantined by the serial
 * filter, a class the webapp lacks, corrupt bytes) is discovered at that first call: {@link #value()}
 * returns {@code null}, the read is counted and logged once as at an eager load, and the attribute
 * behaves as absent while it stays stored.
 *
 * <p>Thread-safe: concurrent first calls deserialize once.
 */
public final class StoredValue {

    private final String name;
    private final byte[] bytes;
    private final Function<byte[], Object> decoder;
    private final ClassLoader loader;
    private Object value;
    private boolean decoded;

    /**
     * @param decoder reads the bytes, returning {@code null} (after counting and logging) when they cannot be read
     * @param loader  the class loader the decoder resolves classes with, for {@link #mayBe}
     */
    StoredValue(String name, byte[] bytes, Function<byte[], Object> decoder, ClassLoader loader) {
        this.name = name;
        this.bytes = bytes;
        this.decoder = decoder;
        this.loader = loader;
    }

    /** @return the attribute's name */
    public String name() {
        return name;
    }

    /**
     * @return the value, deserialized on the first call; {@code null} when it cannot be read (the
     * attribute then behaves as absent and stays stored)
     */
    public synchronized Object value() {
        if (!decoded) {
            value = decoder.apply(bytes);
            decoded = true;
        }
        return value;
    }

    /** @return the value {@link #value()} returned, without reading it: {@code null} when it was never called */
    synchronized Object decodedValue() {
        return value;
    }

    /** @return whether {@link #value()} was never called, or returned {@code null}: the stored bytes are the value */
    public synchronized boolean isUntouched() {
        return !decoded || value == null;
    }

    /** @return whether {@link #value()} was called and found the value unreadable */
    public synchronized boolean isUnreadable() {
        return decoded && value == null;
    }

    /**
     * Tells, without deserializing, whether the value may be an instance of {@code type}, e.g. an
     * {@code HttpSessionActivationListener} that must hear of an activation.
     *
     * @return false only when the value is certainly not a {@code type}; see {@link #mayBe(Predicate)}
     */
    public boolean mayBe(Class<?> type) {
        return mayBe(type::isAssignableFrom);
    }

    /**
     * Tells, without deserializing, whether the value's class may pass {@code test}. It reads the class
     * named at the head of the stored stream and resolves it (not initialized) with the webapp's class
     * loader, as a read would before the filter sees it.
     *
     * @return false only when the value certainly does not pass: a string, an array or JSON, or an object
     * whose class fails {@code test}; true when it passes, or when that cannot be told without reading it
     */
    public boolean mayBe(Predicate<Class<?>> test) {
        String className = AttributeCodec.headClassName(bytes);
        if (className == null) {
            return true;
        }
        if (className.isEmpty()) {
            return false;
        }
        try {
            return test.test(Class.forName(className, false, loader == null ? getClass().getClassLoader() : loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return true; // the read will say what is wrong
        }
    }

    /** @return the stored bytes; not copied, never to be changed */
    byte[] bytes() {
        return bytes;
    }

    /** @return the value itself for anything but a {@code StoredValue}, else its {@link #value()} */
    public static Object unwrap(Object maybeStored) {
        return maybeStored instanceof StoredValue stored ? stored.value() : maybeStored;
    }
}
