package io.sessiondb.core.testing;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a deserialization gadget: a serializable class outside any allow-list whose
 * {@code readObject} records that it ran. A real gadget does its harm there; a test proves the filter
 * stopped it by {@link #READS} staying at zero. Test code only.
 */
public final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How many times a Gadget was deserialized in this JVM. */
    public static final AtomicInteger READS = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        READS.incrementAndGet();
    }
}
