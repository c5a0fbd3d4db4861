package io.sessiondb.jetty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tiny HTTP/1.1 client over a raw socket, so that a test controls every byte of the Cookie header
 * (junk ids, NUL escapes, non-ASCII) and sees every Set-Cookie. One request per connection.
 */
final class HttpProbe {

    /** A response: status, the value of the session cookie set (or null), Retry-After, body. */
    record Reply(int status, String setSessionCookie, String retryAfter, String body) {
    }

    private HttpProbe() {
    }

    static Reply get(int port, String path, String cookieHeader) {
        return get(port, "127.0.0.1:" + port, path, cookieHeader);
    }

    /** GET {@code /app<path>} with the given {@code Host} header (a virtual host). */
    static Reply get(int port, String host, String path, String cookieHeader) {
        return get(port, host, path, cookieHeader, Map.of());
    }

    /** GET {@code /app<path>} as a client sending these extra headers (User-Agent, X-Forwarded-For). */
    static Reply getAs(int port, String path, String cookieHeader, Map<String, String> headers) {
        return get(port, "127.0.0.1:" + port, path, cookieHeader, headers);
    }

    private static Reply get(int port, String host, String path, String cookieHeader, Map<String, String> headers) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("GET /app" + path + " HTTP/1.1\r\nHost: " + host + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (cookieHeader != null) {
                request.write("Cookie: ".getBytes(StandardCharsets.US_ASCII));
                request.write(cookieHeader.getBytes(StandardCharsets.UTF_8));
                request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            for (Map.Entry<String, String> h : headers.entrySet()) {
                request.write((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            request.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " on port " + port + " failed", e);
        }
    }

    private static Reply parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String setCookie = null;
        String retryAfter = null;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("set-cookie") && value.startsWith("JSESSIONID=")) {
                setCookie = value.substring("JSESSIONID=".length()).split(";")[0];
            } else if (name.equals("retry-after")) {
                retryAfter = value;
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        String body = text.substring(end + 4);
        if (chunked) {
            body = dechunk(body);
        }
        return new Reply(status, setCookie, retryAfter, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", pos);
            int size = Integer.parseInt(body.substring(pos, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            pos = lineEnd + 2 + size + 2;
        }
    }

    /** A browser-like client: keeps the session cookie it was given and sends it back. */
    static final class Client {
        private volatile String sessionCookie;
        private final List<String> cookiesSeen = new ArrayList<>();

        Client() {
        }

        Client(String sessionCookie) {
            this.sessionCookie = sessionCookie;
        }

        Reply get(int port, String path) {
            Reply reply = HttpProbe.get(port, path, sessionCookie == null ? null : "JSESSIONID=" + sessionCookie);
            if (reply.setSessionCookie() != null) {
                synchronized (cookiesSeen) {
                    cookiesSeen.add(reply.setSessionCookie());
                }
                sessionCookie = reply.setSessionCookie();
            }
            return reply;
        }

        /** @return the body, failing unless the status is 200 */
        String ok(int port, String path) {
            Reply reply = get(port, path);
            if (reply.status() != 200) {
                throw new AssertionError("GET " + path + " on " + port + " answered " + reply.status() + ": " + reply.body());
            }
            return reply.body();
        }

        String cookie() {
            return sessionCookie;
        }

        /** @return the session id without Jetty's worker suffix */
        String sessionId() {
            return plain(sessionCookie);
        }

        static String plain(String cookieValue) {
            if (cookieValue == null) {
                return null;
            }
            int dot = cookieValue.indexOf('.');
            return dot < 0 ? cookieValue : cookieValue.substring(0, dot);
        }
    }
}
