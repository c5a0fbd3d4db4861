package io.sessiondb.cli.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A console started without a password (loopback only) answers only to loopback host names. */
class NoAuthConsoleTest {

    private static String request(int port, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /console.css HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void answersLoopbackNamesOnlyAgainstDnsRebinding() throws Exception {
        try (ConsoleServer console = ConsoleServer.start(null, "127.0.0.1", 0, null, 10)) {
            int port = console.port();
            for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST"}) {
                String response = request(port, host);
                assertTrue(response.startsWith("HTTP/1.1 200"), host + ": " + response);
                assertTrue(response.contains("Content-Security-Policy: default-src 'self'"), response);
            }
            for (String host : new String[] {"evil.example:" + port, "127.0.0.1.evil.example", "10.0.0.1"}) {
                String response = request(port, host);
                assertTrue(response.startsWith("HTTP/1.1 403"), host + ": " + response);
            }
        }
    }
}
