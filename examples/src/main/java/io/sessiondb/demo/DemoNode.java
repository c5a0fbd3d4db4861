package io.sessiondb.demo;

import io.sessiondb.tomcat.SessiondbStore;
import io.sessiondb.tomcat.SessiondbValve;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;

/**
 * One demo node: an embedded Tomcat serving the legacy WAR with the non-sticky setup the docs give
 * for context.xml (PersistentManager + SessiondbStore + SessiondbValve), configured in code.
 */
final class DemoNode {

    private final String name;
    private final Tomcat tomcat;

    private DemoNode(String name, Tomcat tomcat) {
        this.name = name;
        this.tomcat = tomcat;
    }

    static DemoNode start(String name, int port, Path war, String db, Path work) throws Exception {
        Tomcat tomcat = new Tomcat();
        Path base = Files.createDirectories(work.resolve(name));
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(port);
        tomcat.getConnector();
        tomcat.setAddDefaultWebXmlToWebapp(false);
        tomcat.getHost().setAutoDeploy(false);
        tomcat.getEngine().setBackgroundProcessorDelay(2);

        Context context = tomcat.addWebapp("", war.toString());
        SessiondbStore store = new SessiondbStore();
        store.setJdbcUrl(db);
        store.setAppName("legacy-webapp");
        store.setNodeName(name);
        PersistentManager manager = new PersistentManager();
        manager.setStore(store);
        manager.setProcessExpiresFrequency(1);
        context.setManager(manager);
        context.getPipeline().addValve(new SessiondbValve());
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            tomcat.destroy();
            throw e;
        }
        if (!tomcat.getConnector().getState().isAvailable()) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException(name + " could not listen on port " + port
                    + " (in use?); choose others with --ports A,B");
        }
        if (!context.getState().isAvailable()) {
            tomcat.stop();
            tomcat.destroy();
            throw new IllegalStateException(name + " could not start the webapp on port " + port + "; see the log above");
        }
        return new DemoNode(name, tomcat);
    }

    void stop() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println("sessiondb demo: " + name + " did not stop cleanly: " + e.getMessage());
        }
    }
}
