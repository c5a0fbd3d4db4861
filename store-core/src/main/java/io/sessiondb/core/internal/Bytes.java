package io.sessiondb.core.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Byte-array streams without the locking of {@link java.io.ByteArrayInputStream} and
 * {@link java.io.ByteArrayOutputStream}: object streams read and write them a byte at a time, and
 * each stream here is confined to one thread.
 */
final class Bytes {

    private Bytes() {
    }

    static final class Input extends InputStream {
        private final byte[] buffer;
        private int position;

        Input(byte[] buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return position < buffer.length ? buffer[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int n = Math.min(length, buffer.length - position);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return buffer.length - position;
        }
    }

    static final class Output extends OutputStream {
        private byte[] buffer;
        private int size;

        Output(int initialCapacity) {
            buffer = new byte[initialCapacity];
        }

        @Override
        public void write(int b) {
            ensure(size + 1);
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int length) {
            ensure(size + length);
            System.arraycopy(source, offset, buffer, size, length);
            size += length;
        }

        private void ensure(int capacity) {
            if (capacity > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(capacity, buffer.length * 2));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }
    }
}
