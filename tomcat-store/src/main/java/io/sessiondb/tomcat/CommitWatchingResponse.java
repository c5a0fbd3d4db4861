package io.sessiondb.tomcat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;

/**
 * The response the webapp writes to, which runs an action once, just before the response can be
 * committed: before a flush, a close, {@code sendError}, {@code sendRedirect}, and before the write
 * that reaches the declared {@code Content-Length} or fills the buffer. The valve saves the session in
 * that action, so that a client never reads a response whose session change another node cannot see
 * yet. Bytes written through the writer are estimated from the characters (as UTF-8, never fewer than
 * the real count for UTF-8 and single-byte charsets), so the action may run a little early, never late.
 */
final class CommitWatchingResponse extends HttpServletResponseWrapper {

    private final Runnable beforeCommit;
    private boolean fired;
    private long contentLength = -1;
    private long written;
    private ServletOutputStream stream;
    private PrintWriter writer;

    /**
     * @param response     the response to wrap
     * @param beforeCommit runs at most once, on the thread about to commit the response; it must not throw
     */
    CommitWatchingResponse(HttpServletResponse response, Runnable beforeCommit) {
        super(response);
        this.beforeCommit = beforeCommit;
    }

    /** Runs the action now unless it ran already. */
    void fire() {
        if (!fired) {
            fired = true;
            beforeCommit.run();
        }
    }

    /** @return whether the action has run */
    boolean fired() {
        return fired;
    }

    @Override
    public void setContentLength(int len) {
        super.setContentLength(len);
        contentLength = len;
    }

    @Override
    public void setContentLengthLong(long len) {
        super.setContentLengthLong(len);
        contentLength = len;
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, value);
        trackContentLengthHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, value);
        trackContentLengthHeader(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        super.setIntHeader(name, value);
        trackContentLengthHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        super.addIntHeader(name, value);
        trackContentLengthHeader(name, Integer.toString(value));
    }

    private void trackContentLengthHeader(String name, String value) {
        if ("Content-Length".equalsIgnoreCase(name)) {
            try {
                contentLength = value == null ? -1 : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                contentLength = -1; // not a length Tomcat will honour either
            }
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        fire();
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        fire();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        fire();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        fire();
        super.sendRedirect(location);
    }

    @Override
    public void reset() {
        super.reset();
        written = 0;
        contentLength = -1;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        written = 0;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream delegate = super.getOutputStream();
        if (stream == null) {
            stream = new WatchedStream(delegate);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter delegate = super.getWriter();
        if (writer == null) {
            String encoding = getCharacterEncoding();
            int widen = encoding != null && encoding.toUpperCase(Locale.ROOT).startsWith("UTF-") && !encoding.equalsIgnoreCase("UTF-8") ? 4 : 1;
            writer = new WatchedPrintWriter(new WatchedWriter(delegate, widen), delegate);
        }
        return writer;
    }

    /** Called before {@code bytes} more bytes are handed to the container. */
    private void beforeWrite(long bytes) {
        if (fired) {
            return;
        }
        written += bytes;
        int bufferSize = getBufferSize();
        if ((contentLength >= 0 && written >= contentLength) || (bufferSize > 0 && written >= bufferSize)) {
            fire();
        }
    }

    /** @return bytes {@code chars} take in UTF-8 at most (a surrogate pair counts 6, never less than its 4) */
    private static long utf8Bytes(char[] chars, int off, int len) {
        long bytes = 0;
        for (int i = off; i < off + len; i++) {
            char c = chars[i];
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return bytes;
    }

    private final class WatchedStream extends ServletOutputStream {

        private final ServletOutputStream delegate;

        WatchedStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            beforeWrite(1);
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            beforeWrite(len);
            delegate.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            fire();
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            fire();
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }

    /** Counts what the webapp's {@link PrintWriter} passes on (every print and println ends here). */
    private final class WatchedWriter extends Writer {

        private final PrintWriter delegate;
        private final int widen;

        WatchedWriter(PrintWriter delegate, int widen) {
            this.delegate = delegate;
            this.widen = widen;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            beforeWrite(utf8Bytes(buf, off, len) * widen);
            delegate.write(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            char[] chars = new char[len];
            s.getChars(off, off + len, chars, 0);
            write(chars, 0, len);
        }

        @Override
        public void write(int c) {
            beforeWrite((c < 0x80 ? 1 : c < 0x800 ? 2 : 3) * (long) widen);
            delegate.write(c);
        }

        @Override
        public void flush() {
            fire();
            delegate.flush();
        }

        @Override
        public void close() {
            fire();
            delegate.close();
        }
    }

    /** A PrintWriter over {@link WatchedWriter} that reports the container writer's errors too. */
    private static final class WatchedPrintWriter extends PrintWriter {

        private final PrintWriter container;

        WatchedPrintWriter(Writer out, PrintWriter container) {
            super(out, false);
            this.container = container;
        }

        @Override
        public boolean checkError() {
            return super.checkError() || container.checkError();
        }
    }
}
