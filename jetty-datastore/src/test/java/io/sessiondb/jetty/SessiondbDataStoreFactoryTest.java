package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessiondbConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class SessiondbDataStoreFactoryTest {

    @Test
    void setterRejectsABadValueAtOnceNamingTheProperty() {
        SessiondbDataStoreFactory f = new SessiondbDataStoreFactory();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.setMaxPoolSize(0)).getMessage().contains("maxPoolSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.setTableName("no spaces")).getMessage().contains("tableName"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.setIdSecret("short")).getMessage().contains("idSecret"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> f.setExpiryBatch(0)).getMessage().contains("expiryBatch"));
    }

    @Test
    void newConfigCarriesEverySettingAndLeavesAppNameForTheContext() {
        SessiondbDataStoreFactory f = new SessiondbDataStoreFactory("jdbc:postgresql://db:5432/x");
        f.setUsername("u");
        f.setPassword("p");
        f.setTableName("s.sessions");
        f.setCreateSchema(false);
        f.setMaxPoolSize(3);
        f.setConnectionTimeoutMs(1500);
        f.setTouchInterval(0);
        f.setPrincipalAttribute("user");
        f.setSerialFilter("maxdepth=5");
        f.setMaxSessionBytes(4096);
        f.setIdSecret("0123456789abcdef");
        f.setNodeName("n1");
        SessiondbConfig c = f.newConfig();
        assertEquals("jdbc:postgresql://db:5432/x", c.getJdbcUrl());
        assertEquals("u", c.getUsername());
        assertEquals("p", c.getPassword());
        assertEquals("s.sessions", c.getTableName());
        assertFalse(c.isCreateSchema());
        assertEquals(3, c.getMaxPoolSize());
        assertEquals(1500, c.getConnectionTimeoutMs());
        assertEquals(0, c.getTouchInterval());
        assertEquals("user", c.getPrincipalAttribute());
        assertEquals("maxdepth=5", c.getSerialFilter());
        assertEquals(4096, c.getMaxSessionBytes());
        assertEquals("0123456789abcdef", c.getIdSecret());
        assertEquals("n1", c.getNodeName());
        assertNull(c.getAppName());
        f.setAppName("shop");
        assertEquals("shop", f.newConfig().getAppName());
    }

    @Test
    void everyContextGetsItsOwnConfig() {
        SessiondbDataStoreFactory f = new SessiondbDataStoreFactory("jdbc:postgresql://db:5432/x");
        assertNotSame(f.newConfig(), f.newConfig());
    }

    @Test
    void everyStoreCoreSetterHasAFactorySetterOfTheSameName() throws Exception {
        for (Method m : SessiondbConfig.class.getMethods()) {
            if (m.getName().startsWith("set") && m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers())) {
                Method mine = SessiondbDataStoreFactory.class.getMethod(m.getName(), m.getParameterTypes());
                assertTrue(Modifier.isPublic(mine.getModifiers()), m.getName());
            }
        }
    }

    @Test
    void appNameDefaultsToTheContextPath() {
        assertEquals("ROOT", SessiondbDataStore.appNameFor("/"));
        assertEquals("ROOT", SessiondbDataStore.appNameFor(""));
        assertEquals("ROOT", SessiondbDataStore.appNameFor(null));
        assertEquals("shop", SessiondbDataStore.appNameFor("/shop"));
        assertEquals("a/b", SessiondbDataStore.appNameFor("/a/b"));
    }
}
