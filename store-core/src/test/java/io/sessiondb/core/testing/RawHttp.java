package io.sessiondb.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.0 client over a raw socket, so that a test controls every byte of a header (control
 * characters, invalid UTF-8, 64 KiB cookies) the JDK's client refuses to send. One request per
 * connection, the response read until the server closes. Test code only.
 */
public final class RawHttp {

    /** A response: status, the first {@code Set-Cookie} header's value (or null), body. */
    public record Reply(int status, String setCookie, String body) {
    }

    private RawHttp() {
    }

    /**
     * @param target       path and query, e.g. {@code /app?op=count}, sent as written
     * @param cookieHeader the bytes of the {@code Cookie} header's value, or {@code null} for none
     */
    public static Reply get(int port, String target, byte[] cookieHeader) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (cookieHeader != null) {
                request.write("Cookie: ".getBytes(StandardCharsets.US_ASCII));
                request.write(cookieHeader);
                request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("GET " + target + " on port " + port + " failed", e);
        }
    }

    private static Reply parse(String text) throws IOException {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String setCookie = null;
        for (String line : lines) {
            if (setCookie == null && line.toLowerCase(Locale.ROOT).startsWith("set-cookie:")) {
                setCookie = line.substring("set-cookie:".length()).strip();
            }
        }
        return new Reply(status, setCookie, text.substring(end + 4));
    }
}
