package io.sessiondb.jetty;

import io.sessiondb.jetty.webapp.DestroyListener;
import io.sessiondb.jetty.webapp.SessionServlet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.session.HouseKeeper;

/**
 * One embedded Jetty ee10 node of the test cluster: the test webapp at {@code /app} on a free port
 * of 127.0.0.1, with sessions in sessiondb (non-sticky: sessiondb's cache; sticky: Jetty's default
 * cache), scavenging every second.
 */
final class TestNode implements AutoCloseable {

    private final String name;
    private final boolean sticky;
    private final Consumer<SessiondbDataStoreFactory> configure;
    private final Map<String, Integer> destroyed = new ConcurrentHashMap<>();
    private Server server;
    private ServletContextHandler context;
    private int scavengeSeconds = 1;

    TestNode(String name, boolean sticky, Consumer<SessiondbDataStoreFactory> configure) {
        this.name = name;
        this.sticky = sticky;
        this.configure = configure;
    }

    TestNode start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        // The documented proxy setup: ForwardedRequestCustomizer decides the client address (tests send X-Forwarded-For).
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                .addCustomizer(new ForwardedRequestCustomizer());
        server.addConnector(connector);

        DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
        HouseKeeper houseKeeper = new HouseKeeper();
        houseKeeper.setIntervalSec(scavengeSeconds);
        ids.setSessionHouseKeeper(houseKeeper);
        server.addBean(ids, true);

        // The documented embedded setup.
        if (!sticky) {
            server.addBean(new SessiondbSessionCacheFactory());
        }
        SessiondbDataStoreFactory sessions = new SessiondbDataStoreFactory();
        configure.accept(sessions);
        server.addBean(sessions);

        context = new ServletContextHandler("/app", ServletContextHandler.SESSIONS);
        context.addServlet(SessionServlet.class, "/*");
        context.addEventListener(new DestroyListener(destroyed));
        server.setHandler(context);
        server.start();
        return this;
    }

    /** Sets the scavenge interval (default 1 s); call before {@link #start()}. */
    TestNode scavengeEvery(int seconds) {
        this.scavengeSeconds = seconds;
        return this;
    }

    /** @return the webapp's session data store */
    SessiondbDataStore store() {
        return (SessiondbDataStore) context.getSessionHandler().getSessionCache().getSessionDataStore();
    }

    /** Runs the webapp's scavenge now, as the house keeper does every interval. */
    void scavenge() {
        context.getSessionHandler().scavenge();
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    String name() {
        return name;
    }

    /** @return how often this node fired sessionDestroyed for the session id */
    int destroyed(String id) {
        return destroyed.getOrDefault(id, 0);
    }

    void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
