package io.sessiondb.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Java serialization streams an attacker who can write the session table would store as attribute
 * values, written byte by byte (no JVM could build these graphs to serialize them). Test code only.
 */
public final class HostileStreams {

    private static final byte TC_NULL = 0x70;
    private static final byte TC_REFERENCE = 0x71;
    private static final byte TC_ARRAY = 0x75;
    private static final int BASE_HANDLE = 0x7e0000;

    private HostileStreams() {
    }

    /**
     * A nested-array bomb: {@code depth} {@code Object[]}s, each declaring {@code length} elements and
     * holding the next as its first, the stream ending after the innermost header. A reader allocates
     * every array when it reads its length, before its elements: {@code depth * length} references for a
     * stream of about {@code 10 * depth} bytes, then fails on the missing rest.
     */
    public static byte[] nestedArrayBomb(int depth, int length) {
        return nestedArrays(depth, length, false);
    }

    /** A deep graph: {@code depth} nested {@code Object[1]}s, the innermost holding null; a complete stream. */
    public static byte[] deepArrays(int depth) {
        return nestedArrays(depth, 1, true);
    }

    private static byte[] nestedArrays(int depth, int length, boolean complete) {
        byte[] empty = serialize(new Object[0]);
        // magic(2) version(2) TC_ARRAY, the class descriptor ..., length(4): keep the descriptor.
        byte[] descriptor = Arrays.copyOfRange(empty, 5, empty.length - 4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(empty, 0, 4);
            for (int level = 0; level < depth; level++) {
                out.writeByte(TC_ARRAY);
                if (level == 0) {
                    out.write(descriptor);
                } else {
                    out.writeByte(TC_REFERENCE);
                    out.writeInt(BASE_HANDLE);
                }
                out.writeInt(length);
            }
            if (complete) {
                out.writeByte(TC_NULL);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @return the Java serialization of {@code value} */
    public static byte[] serialize(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
