package io.sessiondb.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The proxy is deterministic under load: once {@link TcpProxy#cut()} returns, no connection through it is
 * open and no byte passes until {@link TcpProxy#restore()}, however connects race with the cut.
 */
class TcpProxyTest {

    private static final long HAMMER_MS = 3_000;
    /** On a loaded machine the clients and the cutter get little CPU: go on, up to this, until enough happened. */
    private static final long HAMMER_MAX_MS = 60_000;
    private static final int CLIENTS = 6;

    @Test
    void nothingPassesWhileCutHoweverConnectsRaceWithTheCut() throws Exception {
        try (EchoServer echo = new EchoServer(); TcpProxy proxy = new TcpProxy("127.0.0.1", echo.port())) {
            // Even phase: open. Odd phase: cut() has returned and restore() has not been called yet.
            AtomicLong phase = new AtomicLong();
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            AtomicInteger passedWhileOpen = new AtomicInteger();
            AtomicInteger cuts = new AtomicInteger();
            long start = System.currentTimeMillis();
            AtomicLong end = new AtomicLong(start + HAMMER_MAX_MS);

            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                boolean reuse = i % 2 == 0;
                clients.add(start("client-" + i, () -> hammer(proxy.port(), reuse, end, phase, violations, passedWhileOpen)));
            }
            while (System.currentTimeMillis() < end.get()) {
                if (System.currentTimeMillis() - start >= HAMMER_MS && cuts.get() > 50 && passedWhileOpen.get() > 100) {
                    end.set(System.currentTimeMillis()); // enough happened: stop the clients too
                    break;
                }
                pause();
                proxy.cut();
                phase.incrementAndGet();
                cuts.incrementAndGet();
                if (proxy.openConnections() != 0) {
                    violations.add("open connections right after cut(): " + proxy.openConnections());
                }
                pause();
                if (proxy.openConnections() != 0) {
                    violations.add("a connection opened during the cut: " + proxy.openConnections());
                }
                phase.incrementAndGet();
                proxy.restore();
            }
            for (Thread t : clients) {
                t.join(10_000);
            }

            assertEquals(List.of(), List.copyOf(violations).subList(0, Math.min(5, violations.size())),
                    violations.size() + " violations in " + cuts.get() + " cuts");
            assertTrue(cuts.get() > 50, "the proxy was cut often: " + cuts.get());
            assertTrue(passedWhileOpen.get() > 100, "traffic passed while open: " + passedWhileOpen.get());
        }
    }

    @Test
    void aConnectionMadeDuringTheCutIsClosedAtOnceAndTheNextOnePassesAfterRestore() throws Exception {
        try (EchoServer echo = new EchoServer(); TcpProxy proxy = new TcpProxy("127.0.0.1", echo.port())) {
            proxy.cut();
            try (Socket refused = connect(proxy.port())) {
                assertEquals(-1, roundTrip(refused), "closed at once, nothing echoed");
            }
            proxy.restore();
            try (Socket passes = connect(proxy.port())) {
                assertEquals(42, roundTrip(passes));
                proxy.cut();
                assertEquals(-1, roundTrip(passes), "a live connection is closed by the cut");
            }
            assertEquals(0, proxy.openConnections());
        }
    }

    private static void hammer(int port, boolean reuse, AtomicLong end, AtomicLong phase,
                               ConcurrentLinkedQueue<String> violations, AtomicInteger passedWhileOpen) {
        Socket socket = null;
        try {
            while (System.currentTimeMillis() < end.get()) {
                if (socket == null || !reuse) {
                    closeQuietly(socket);
                    socket = connect(port);
                }
                long before = phase.get();
                int answer = roundTrip(socket);
                long after = phase.get();
                if (answer == 42 && before == after && (before & 1) == 1) {
                    violations.add("a byte passed while cut (phase " + before + ", reused connection: " + reuse + ")");
                } else if (answer == 42 && (before & 1) == 0) {
                    passedWhileOpen.incrementAndGet();
                }
                if (answer != 42) {
                    closeQuietly(socket);
                    socket = null;
                }
            }
        } catch (IOException e) {
            violations.add("client failed: " + e);
        } finally {
            closeQuietly(socket);
        }
    }

    /** @return the echoed byte, or -1 when the connection was closed or reset */
    private static int roundTrip(Socket socket) {
        try {
            socket.getOutputStream().write(42);
            socket.getOutputStream().flush();
            return socket.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(ThreadLocalRandom.current().nextInt(1, 6));
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // the test only needs it gone
            }
        }
    }

    /** Echoes every byte back on every connection. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());

        EchoServer() throws IOException {
            start("echo-accept", () -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        start("echo", () -> echo(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private static void echo(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                int b;
                while ((b = in.read()) >= 0) {
                    out.write(b);
                    out.flush();
                }
            } catch (IOException e) {
                // the proxy closed the connection
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
