package io.sessiondb.cli.console;

import io.sessiondb.core.admin.SessionAdmin;
import io.sessiondb.core.admin.SessionStatistics;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The admin console and {@code /metrics} on an embedded Jetty: one connector on {@code bind:port}, one
 * handler ({@link ConsoleHandler}). Start it with {@link #start}, stop it with {@link #close()}; it does
 * not close the {@link SessionAdmin}.
 */
public final class ConsoleServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private ConsoleServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts the console.
     *
     * @param admin               the table it shows
     * @param bind                the address to listen on, e.g. {@code 127.0.0.1}
     * @param port                the port, {@code 0} for any free one ({@link #port()} tells which)
     * @param adminPassword       the password of user {@code admin}, or {@code null} for no authentication
     *                            (the caller allows that only on a loopback address)
     * @param metricsCacheSeconds how long {@code /metrics} serves one load of the statistics, 0 or more
     * @throws Exception when Jetty cannot start (port taken, address not local)
     */
    public static ConsoleServer start(SessionAdmin admin, String bind, int port, String adminPassword,
                                      int metricsCacheSeconds) throws Exception {
        StatisticsCache statistics = new StatisticsCache(() -> statisticsByApp(admin), metricsCacheSeconds, System::nanoTime);
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("sessiondb-console");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new ConsoleHandler(admin, adminPassword == null ? null : new BasicAuth(adminPassword), statistics));
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);
        server.setStopAtShutdown(true);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return new ConsoleServer(server, connector);
    }

    private static Map<String, SessionStatistics> statisticsByApp(SessionAdmin admin) {
        Map<String, SessionStatistics> byApp = new TreeMap<>();
        for (String app : admin.apps()) {
            byApp.put(app, admin.statistics(app));
        }
        return byApp;
    }

    /** @return the port it listens on */
    public int port() {
        return connector.getLocalPort();
    }

    /** Blocks until the server stops (Ctrl-C: Jetty's shutdown hook stops it). */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
