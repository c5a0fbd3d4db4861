package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the response the webapp writes to runs its before-commit action: once, and never after the bytes that commit. */
class CommitWatchingResponseTest {

    private final AtomicInteger fired = new AtomicInteger();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StringWriter chars = new StringWriter();
    /** What the container had received when the action ran. */
    private int bytesAtFire = -1;

    /** @return a watched response over a stub container response with a {@code bufferSize}-byte buffer */
    private CommitWatchingResponse response(int bufferSize) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                bytes.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        PrintWriter writer = new PrintWriter(chars);
        HttpServletResponse container = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getOutputStream" -> out;
                    case "getWriter" -> writer;
                    case "getBufferSize" -> bufferSize;
                    case "getCharacterEncoding" -> "UTF-8";
                    case "isCommitted" -> false;
                    default -> null;
                });
        return new CommitWatchingResponse(container, () -> {
            fired.incrementAndGet();
            bytesAtFire = bytes.size() + chars.getBuffer().length();
        });
    }

    @Test
    void firesBeforeTheWriteThatReachesTheContentLength() throws IOException {
        CommitWatchingResponse response = response(8192);
        response.setContentLength(10);
        response.getOutputStream().write(new byte[4]);
        assertEquals(0, fired.get());
        response.getOutputStream().write(new byte[6]);
        assertEquals(1, fired.get());
        assertEquals(4, bytesAtFire, "before the last bytes reached the container");
    }

    @Test
    void aContentLengthHeaderCountsToo() throws IOException {
        CommitWatchingResponse response = response(8192);
        response.setHeader("content-length", "3");
        response.getOutputStream().write(new byte[3]);
        assertEquals(1, fired.get());
    }

    @Test
    void firesBeforeTheWriteThatFillsTheBuffer() throws IOException {
        CommitWatchingResponse response = response(16);
        response.getOutputStream().write(new byte[15]);
        assertEquals(0, fired.get());
        response.getOutputStream().write(1);
        assertEquals(1, fired.get());
        assertEquals(15, bytesAtFire);
    }

    @Test
    void writerCountsMultiByteCharactersAsUtf8() throws IOException {
        CommitWatchingResponse response = response(8192);
        response.setContentLength(4); // two characters, four bytes in UTF-8
        response.getWriter().print("\u00e9\u00e9");
        assertEquals(1, fired.get(), "4 bytes written: the Content-Length is reached");
    }

    @Test
    void printlnIsCounted() throws IOException {
        CommitWatchingResponse response = response(8192);
        response.setContentLength(3);
        response.getWriter().print("ab");
        assertEquals(0, fired.get());
        response.getWriter().println();
        assertEquals(1, fired.get());
    }

    @Test
    void flushCloseSendErrorAndRedirectFireOnce() throws IOException {
        CommitWatchingResponse response = response(8192);
        response.getWriter().flush();
        assertEquals(1, fired.get());
        response.getWriter().close();
        response.getOutputStream().flush();
        response.flushBuffer();
        response.sendError(500);
        response.sendRedirect("/x");
        assertEquals(1, fired.get(), "once per request");
        assertTrue(response.fired());
    }

    @Test
    void eachCommittingCallFires() throws IOException {
        for (int i = 0; i < 5; i++) {
            fired.set(0);
            CommitWatchingResponse response = response(8192);
            switch (i) {
                case 0 -> response.getOutputStream().flush();
                case 1 -> response.getOutputStream().close();
                case 2 -> response.flushBuffer();
                case 3 -> response.sendError(404, "gone");
                default -> response.sendRedirect("/login");
            }
            assertEquals(1, fired.get(), "call " + i);
        }
    }

    @Test
    void resetStartsTheCountAgain() throws IOException {
        CommitWatchingResponse response = response(8192);
        response.setContentLength(4);
        response.getOutputStream().write(new byte[3]);
        response.reset();
        response.getOutputStream().write(new byte[3]);
        assertFalse(response.fired(), "no Content-Length after a reset, and the buffer is far");
    }
}
