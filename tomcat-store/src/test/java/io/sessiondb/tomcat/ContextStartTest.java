package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.session.PersistentManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.IntrospectionUtils;
import org.junit.jupiter.api.Test;

/**
 * A bad or unknown {@code <Store>} attribute stops the context with a message naming it. The attributes
 * are set through {@link IntrospectionUtils}, the way Tomcat's digester applies {@code context.xml}.
 * No database is needed: the config is rejected before any connection.
 */
class ContextStartTest {

    @Test
    void misspeltAttributeStopsTheContextNamingIt() throws Exception {
        assertContextFailsNaming("jdbcURL", store -> IntrospectionUtils.setProperty(store, "jdbcURL", "jdbc:postgresql://x/y", true, null));
    }

    @Test
    void badNumberStopsTheContextNamingIt() throws Exception {
        assertContextFailsNaming("maxPoolSize", store -> IntrospectionUtils.setProperty(store, "maxPoolSize", "zero"));
    }

    @Test
    void outOfRangeValueStopsTheContextNamingIt() throws Exception {
        assertContextFailsNaming("connectionTimeoutMs", store -> IntrospectionUtils.setProperty(store, "connectionTimeoutMs", "5"));
    }

    @Test
    void missingJdbcUrlStopsTheContextNamingIt() throws Exception {
        assertContextFailsNaming("jdbcUrl", store -> store.setTableName("t_never_created"));
    }

    private static void assertContextFailsNaming(String attribute, Consumer<SessiondbStore> configure) throws Exception {
        List<String> messages = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    messages.add(String.valueOf(t.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        Tomcat tomcat = new Tomcat();
        Path base = TempDirs.create("sessiondb-config");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        try {
            Context context = tomcat.addContext("", Files.createDirectories(base.resolve("webapp")).toString());
            SessiondbStore store = new SessiondbStore();
            if (!attribute.equals("jdbcUrl")) {
                store.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/never");
            }
            configure.accept(store);
            PersistentManager manager = new PersistentManager();
            manager.setStore(store);
            context.setManager(manager);
            tomcat.start();
            assertFalse(context.getState().isAvailable(), "context state " + context.getState());
            assertTrue(messages.stream().anyMatch(m -> m.contains(attribute) && m.contains("sessiondb")),
                    "a logged error names " + attribute + ": " + messages);
        } finally {
            root.removeHandler(capture);
            tomcat.stop();
            tomcat.destroy();
            TempDirs.delete(base);
        }
    }
}
