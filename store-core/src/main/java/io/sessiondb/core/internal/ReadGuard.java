package io.sessiondb.core.internal;

import io.sessiondb.core.LogText;
import java.io.ObjectInputFilter;

/**
 * The filter of one attribute read: the configured pattern's class verdicts and limits
 * ({@link AttributeCodec.CachingFilter}), the container's filter after it, and a bound on the memory
 * the stream's arrays may take, from the stream's own length. Remembers why it rejected, for the log.
 *
 * <p>The memory bound: an array is allocated as soon as its length is read, before its elements, so a
 * stream of a few bytes can ask for arrays of hundreds of megabytes, nested so that each is allocated
 * before the read fails (a nested-array bomb). Every element of an array that was really written takes
 * at least one byte of the stream and at most {@value #ARRAY_BYTES_PER_STREAM_BYTE} bytes of memory (an
 * {@code Object[]} of nulls), so the arrays of one read may take at most that many bytes per stream byte,
 * plus {@value #ARRAY_BYTES_SLACK} bytes for the small tables collections make when they are read.
 */
final class ReadGuard implements ObjectInputFilter {

    static final long ARRAY_BYTES_PER_STREAM_BYTE = 8;
    static final long ARRAY_BYTES_SLACK = 64 * 1024;

    private final AttributeCodec.CachingFilter configured;
    private final ObjectInputFilter container;
    private final long maxArrayBytes;
    private long arrayBytes;
    private String rejection;
    private String rejectionKey;
    /** The last class the stream named: a limit crossed by a back reference is reported with it. */
    private Class<?> lastClass;

    ReadGuard(AttributeCodec.CachingFilter configured, ObjectInputFilter container, long streamLength) {
        this.configured = configured;
        this.container = container;
        this.maxArrayBytes = streamLength * ARRAY_BYTES_PER_STREAM_BYTE + ARRAY_BYTES_SLACK;
    }

    /** @return why this read was rejected (class and limit, sanitised), or {@code null} if it was not */
    String rejection() {
        return rejection;
    }

    /** @return the class and the kind of limit of the rejection, without the numbers: one per log warning */
    String rejectionKey() {
        return rejectionKey;
    }

    @Override
    public Status checkInput(FilterInfo info) {
        if (rejection != null) {
            return Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type != null) {
            lastClass = type;
        }
        String limit = configured.brokenLimit(info);
        if (limit == null && type != null && type.isArray() && info.arrayLength() > 0) {
            arrayBytes += info.arrayLength() * elementBytes(type.getComponentType());
            if (arrayBytes > maxArrayBytes) {
                limit = "arrays of " + arrayBytes + " bytes in a stream of " + (maxArrayBytes - ARRAY_BYTES_SLACK)
                        / ARRAY_BYTES_PER_STREAM_BYTE + " bytes, more than " + ARRAY_BYTES_PER_STREAM_BYTE + " per byte";
            }
        }
        if (limit != null) {
            return reject(lastClass, limit);
        }
        if (type == null) {
            return container == null ? Status.UNDECIDED : container.checkInput(info);
        }
        Status verdict = configured.verdict(type);
        if (verdict == Status.REJECTED) {
            return reject(type, "class not allowed by serialFilter");
        }
        if (container != null) {
            Status theirs = container.checkInput(info);
            if (theirs == Status.REJECTED) {
                return reject(type, "class not allowed by the container's filter");
            }
            if (theirs == Status.ALLOWED) {
                return theirs;
            }
        }
        return verdict;
    }

    private Status reject(Class<?> type, String why) {
        String name = type == null ? "-" : LogText.of(type.getTypeName());
        rejection = why + " (class " + name + ")";
        rejectionKey = why.replaceAll("[0-9]+", "#") + "|" + name;
        return Status.REJECTED;
    }

    private static long elementBytes(Class<?> component) {
        if (component == byte.class || component == boolean.class) {
            return 1;
        }
        if (component == char.class || component == short.class) {
            return 2;
        }
        if (component == int.class || component == float.class) {
            return 4;
        }
        return 8;
    }
}
