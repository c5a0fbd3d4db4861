package io.sessiondb.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP proxy on 127.0.0.1 that a test can cut and restore, to take "the database" away from one
 * store without stopping the server other tests use. Test code only.
 *
 * <p>Deterministic: once {@link #cut()} returns, every connection through the proxy is closed, and none
 * is forwarded until {@link #restore()}; a connection accepted while cut is closed at once (a refused
 * database). Cutting and forwarding a new connection exclude each other, so a connect that races with
 * {@code cut()} is either closed by it or refused after it, never left open.
 *
 * <p>{@link #setLatencyMs(long)} makes the database slow instead of gone: every chunk of bytes waits that
 * long before it is passed on, in each direction, so one statement's round trip costs about twice it.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Object lock = new Object();
    /** Both ends of every forwarded connection; guarded by {@link #lock}. */
    private final Set<Socket> open = new HashSet<>();
    /** Guarded by {@link #lock}. */
    private boolean cut;
    /** Delay added to every chunk forwarded, in each direction; 0 (the default) for none. */
    private volatile long latencyMs;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the local port clients connect to */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Closes every live connection and refuses new ones until {@link #restore()}. When it returns, no
     * connection through the proxy is open; one being set up when it was called has been closed.
     */
    public void cut() {
        synchronized (lock) {
            cut = true;
            for (Socket s : open) {
                closeQuietly(s);
            }
            open.clear();
        }
    }

    /** Lets connections through again. */
    public void restore() {
        synchronized (lock) {
            cut = false;
        }
    }

    /**
     * Makes every chunk forwarded from now on, in each direction, wait {@code latencyMs} first (a slow
     * network or an overloaded database); 0 restores full speed. Applies to open connections too.
     *
     * @param latencyMs delay per chunk in milliseconds, 0 or more
     * @throws IllegalArgumentException when negative
     */
    public void setLatencyMs(long latencyMs) {
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs cannot be negative: " + latencyMs);
        }
        this.latencyMs = latencyMs;
    }

    /** @return the number of open connections through the proxy (each counts once) */
    public int openConnections() {
        synchronized (lock) {
            return (int) open.stream().filter(s -> !s.isClosed()).count() / 2;
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                continue; // a failed accept affects that one client only
            }
            forward(client);
        }
    }

    /** Connects {@code client} to the target, or closes it when cut or when the target does not answer. */
    private void forward(Socket client) {
        synchronized (lock) {
            if (cut) {
                closeQuietly(client);
                return;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                // The target refuses: so does the proxy, as the client would see without it.
                closeQuietly(upstream);
                closeQuietly(client);
                return;
            }
            open.add(client);
            open.add(upstream);
            pipe(client, upstream);
            pipe(upstream, client);
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    delay();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed or the proxy was cut: either way this connection is over
            } finally {
                synchronized (lock) {
                    closeQuietly(from);
                    closeQuietly(to);
                    open.remove(from);
                    open.remove(to);
                }
            }
        }, "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Waits the configured latency; an interrupt ends this connection, as a cut does. */
    private void delay() throws IOException {
        long ms = latencyMs;
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while delaying", e);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing a socket that is going away anyway; nothing to recover
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
