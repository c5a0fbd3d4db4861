package io.sessiondb.spring.it;

import io.sessiondb.spring.it.app.SessionApp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One node: the unchanged {@link SessionApp} on its embedded server, on a free port of 127.0.0.1. */
final class BootNode implements AutoCloseable {

    /** The Boot line under test (3.5 or 4.0), and the server its execution put on the classpath. */
    static final String BOOT = System.getProperty("sessiondb.it.boot", "?");
    static final String SERVER = System.getProperty("sessiondb.it.server", "?");
    /** Spring Session JDBC's auto-configuration, excluded on sessiondb nodes: its class name differs per Boot line. */
    static final String SPRING_SESSION_AUTO_CONFIGURATION = System.getProperty("sessiondb.it.springSessionAutoConfiguration");

    private final ConfigurableApplicationContext context;
    private final int port;

    private BootNode(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** Starts a node with {@code properties} on top of the common ones (port, address, quiet logs). */
    static BootNode start(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("server.port", "0");
        all.put("server.address", "127.0.0.1");
        all.put("spring.main.banner-mode", "off");
        all.put("logging.level.root", "WARN");
        all.putAll(properties);
        return new BootNode(new SpringApplicationBuilder(SessionApp.class).properties(all).run());
    }

    /** @return the properties of a sessiondb node: the app's own DataSource unless {@code sessiondb.jdbc-url} is added */
    static Map<String, Object> sessiondb(String node, String table) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", io.sessiondb.core.testing.TestDatabase.PG_URL);
        p.put("spring.autoconfigure.exclude", SPRING_SESSION_AUTO_CONFIGURATION);
        p.put("sessiondb.table-name", table);
        p.put("sessiondb.app-name", "boot-it");
        p.put("sessiondb.node-name", node);
        p.put("sessiondb.id-secret", "boot-starter-test-secret-0123456789");
        return p;
    }

    /** @return the properties of a Spring Session JDBC node (sessiondb off) on the tables {@code table} and {@code table_ATTRIBUTES} */
    static Map<String, Object> springSession(String table) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", io.sessiondb.core.testing.TestDatabase.PG_URL);
        p.put("sessiondb.enabled", "false");
        p.put("spring.session.jdbc.initialize-schema", "never");
        p.put("spring.session.jdbc.table-name", table);
        return p;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
