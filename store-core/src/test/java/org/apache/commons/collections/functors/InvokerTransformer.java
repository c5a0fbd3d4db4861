package org.apache.commons.collections.functors;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A harmless stand-in with the name of a well-known gadget class, for the serial filter tests; its
 * {@code readObject} records that it ran, so a test can prove the default filter never instantiated it.
 */
public final class InvokerTransformer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How many times an InvokerTransformer was deserialized in this JVM. */
    public static final AtomicInteger READS = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        READS.incrementAndGet();
    }
}
