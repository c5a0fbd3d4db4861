package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardEngine;
import org.apache.catalina.core.StandardHost;
import org.junit.jupiter.api.Test;

/** The default {@code appName}: the context name on the engine's default host, host and context name elsewhere. */
class DefaultAppNameTest {

    private static Context context(String hostName, String defaultHost, String path) {
        StandardEngine engine = new StandardEngine();
        engine.setName("Catalina");
        engine.setDefaultHost(defaultHost);
        Host host = new StandardHost();
        host.setName(hostName);
        engine.addChild(host);
        Context context = new StandardContext();
        context.setName(path);
        context.setPath(path);
        host.addChild(context);
        return context;
    }

    @Test
    void defaultHostKeepsTheContextName() {
        assertEquals("shop", SessiondbStore.defaultAppName(context("localhost", "localhost", "/shop")));
    }

    @Test
    void defaultHostRootContextIsRoot() {
        assertEquals("ROOT", SessiondbStore.defaultAppName(context("localhost", "localhost", "")));
    }

    @Test
    void otherHostPrefixesItsName() {
        assertEquals("shop.example/shop", SessiondbStore.defaultAppName(context("shop.example", "localhost", "/shop")));
        assertEquals("shop.example/ROOT", SessiondbStore.defaultAppName(context("shop.example", "localhost", "")));
    }

    @Test
    void hostNamesCompareWithoutCase() {
        assertEquals("shop", SessiondbStore.defaultAppName(context("LocalHost", "localhost", "/shop")));
    }
}
