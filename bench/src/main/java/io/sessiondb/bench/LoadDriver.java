package io.sessiondb.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop HTTP/1.1 load driver: each connection is one user with its own session (the cookie
 * of its first response), sending requests back to back on a kept-alive socket to 127.0.0.1.
 */
final class LoadDriver {

    private LoadDriver() {
    }

    /** @return requests per second over {@code seconds}, after a warm-up of a third of that */
    static double run(int port, String path, int connections, int seconds) throws Exception {
        measure(port, path, connections, Math.max(1, seconds / 3));
        return measure(port, path, connections, seconds);
    }

    private static double measure(int port, String path, int connections, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        List<Thread> users = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread user = new Thread(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    String cookie = null;
                    while (!stop.get()) {
                        String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "\r\n";
                        out.write(request.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        String setCookie = readResponse(in);
                        if (setCookie != null) {
                            cookie = setCookie;
                        }
                        done.increment();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            users.add(user);
            user.start();
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long count = done.sum();
        for (Thread user : users) {
            user.join(10_000);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("load driver failed on port " + port, failures.get(0));
        }
        return count / elapsed;
    }

    /** Reads one response; fails on a status other than 200. @return the JSESSIONID cookie it sets, or null */
    private static String readResponse(InputStream in) throws IOException {
        String status = readLine(in);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected response: " + status);
        }
        int length = -1;
        boolean chunked = false;
        String cookie = null;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("set-cookie:") && line.contains("JSESSIONID=")) {
                String value = line.substring(line.indexOf("JSESSIONID="));
                int end = value.indexOf(';');
                cookie = end < 0 ? value : value.substring(0, end);
            }
        }
        if (chunked) {
            int size;
            while ((size = Integer.parseInt(readLine(in).strip(), 16)) > 0) {
                in.readNBytes(size);
                readLine(in);
            }
            readLine(in);
        } else if (length > 0) {
            in.readNBytes(length);
        }
        return cookie;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
