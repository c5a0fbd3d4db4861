package io.sessiondb.tomcat;

import io.sessiondb.tomcat.testapp.DestroyCounter;
import io.sessiondb.tomcat.testapp.TestServlet;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;

/** One embedded Tomcat node on a free port of 127.0.0.1 serving the test webapp with a sessiondb store. */
final class EmbeddedNode implements AutoCloseable {

    private final Tomcat tomcat;
    private final Context context;
    private final SessiondbStore store;
    private final int port;
    private final Path base;

    private EmbeddedNode(Tomcat tomcat, Context context, SessiondbStore store, int port, Path base) {
        this.tomcat = tomcat;
        this.context = context;
        this.store = store;
        this.port = port;
        this.base = base;
    }

    /**
     * Starts a node.
     *
     * @param configure sets the store's attributes (jdbcUrl, tableName, ...)
     * @param valve     the valve in front of the webapp, or {@code null} for none (sticky setup)
     */
    static EmbeddedNode start(String name, Consumer<SessiondbStore> configure, Valve valve) throws IOException, LifecycleException {
        return start(name, configure, valve, manager -> { }, context -> { });
    }

    /** Same as {@link #start(String, Consumer, Valve)}, with the PersistentManager's attributes set by {@code managerConfig}. */
    static EmbeddedNode start(String name, Consumer<SessiondbStore> configure, Valve valve,
                              Consumer<PersistentManager> managerConfig) throws IOException, LifecycleException {
        return start(name, configure, valve, managerConfig, context -> { });
    }

    /** Same as above; {@code contextConfig} adds to the context (security, more valves) before the start. */
    static EmbeddedNode start(String name, Consumer<SessiondbStore> configure, Valve valve,
                              Consumer<PersistentManager> managerConfig, Consumer<Context> contextConfig)
            throws IOException, LifecycleException {
        Path base = TempDirs.create("sessiondb-node-" + name);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getEngine().setBackgroundProcessorDelay(1);
        Path docBase = Files.createDirectories(base.resolve("webapp"));
        Context context = tomcat.addContext("", docBase.toString());
        SessiondbStore store = new SessiondbStore();
        store.setNodeName(name);
        store.setAppName("it");
        configure.accept(store);
        PersistentManager manager = new PersistentManager();
        manager.setStore(store);
        manager.setProcessExpiresFrequency(1);
        managerConfig.accept(manager);
        context.setManager(manager);
        if (valve != null) {
            context.getPipeline().addValve(valve);
        }
        context.addApplicationListener(DestroyCounter.class.getName());
        Tomcat.addServlet(context, "app", new TestServlet());
        context.addServletMappingDecoded("/", "app");
        contextConfig.accept(context);
        tomcat.start();
        return new EmbeddedNode(tomcat, context, store, connector.getLocalPort(), base);
    }

    /** Starts a non-sticky node: PersistentManager + SessiondbStore + SessiondbValve. */
    static EmbeddedNode nonSticky(String name, Consumer<SessiondbStore> configure) throws IOException, LifecycleException {
        return start(name, configure, new SessiondbValve());
    }

    URI uri(String query) {
        return URI.create("http://127.0.0.1:" + port + "/app?" + query);
    }

    /** @return the URI of {@code path} (starting with {@code /}) with {@code query} */
    URI uri(String path, String query) {
        return URI.create("http://127.0.0.1:" + port + path + "?" + query);
    }

    /** Starts a sticky node: PersistentManager (maxIdleBackup=0) + SessiondbStore, no valve. */
    static EmbeddedNode sticky(String name, Consumer<SessiondbStore> configure) throws IOException, LifecycleException {
        return sticky(name, configure, null);
    }

    /** Starts a sticky node with {@code valve} (or none when {@code null}). */
    static EmbeddedNode sticky(String name, Consumer<SessiondbStore> configure, Valve valve)
            throws IOException, LifecycleException {
        return start(name, configure, valve, manager -> manager.setMaxIdleBackup(0), context -> { });
    }

    Context context() {
        return context;
    }

    SessiondbStore store() {
        return store;
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws LifecycleException {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            TempDirs.delete(base);
        }
    }
}
