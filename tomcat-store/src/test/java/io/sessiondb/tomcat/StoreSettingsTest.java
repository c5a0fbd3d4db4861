package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessiondbConfig;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

    private static StoreSettings withUrl() {
        StoreSettings settings = new StoreSettings();
        settings.set("jdbcUrl", "jdbc:postgresql://db:5432/app");
        return settings;
    }

    @Test
    void setRejectsABadValueNamingTheAttribute() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withUrl().set("maxPoolSize", "0"));
        assertTrue(e.getMessage().contains("maxPoolSize"), e.getMessage());
    }

    @Test
    void badValueStaysRecordedSoThatTheStartFails() {
        StoreSettings settings = withUrl();
        assertThrows(IllegalArgumentException.class, () -> settings.set("maxPoolSize", "0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.toConfig("shop", null));
        assertTrue(e.getMessage().contains("maxPoolSize"), e.getMessage());
    }

    @Test
    void notANumberNamesTheAttribute() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withUrl().set("connectionTimeoutMs", "3s"));
        assertTrue(e.getMessage().contains("connectionTimeoutMs=\"3s\""), e.getMessage());
    }

    @Test
    void createSchemaAcceptsOnlyTrueOrFalse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withUrl().set("createSchema", "yes"));
        assertTrue(e.getMessage().contains("createSchema"), e.getMessage());
    }

    @Test
    void unknownAttributeFailsTheStartNamingIt() {
        StoreSettings settings = withUrl();
        settings.setUnknown("jdbcURL", "jdbc:postgresql://db/app");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.toConfig("shop", null));
        assertTrue(e.getMessage().contains("jdbcURL"), e.getMessage());
    }

    @Test
    void missingJdbcUrlNamesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StoreSettings().toConfig("shop", null));
        assertTrue(e.getMessage().contains("jdbcUrl"), e.getMessage());
    }

    @Test
    void appNameDefaultsToTheContextName() {
        assertEquals("shop", withUrl().toConfig("shop", null).getAppName());
    }

    @Test
    void explicitAppNameWins() {
        StoreSettings settings = withUrl();
        settings.set("appName", "store");
        assertEquals("store", settings.toConfig("shop", null).getAppName());
    }

    @Test
    void everyAttributeReachesTheConfig() {
        StoreSettings settings = withUrl();
        settings.set("username", "app");
        settings.set("password", "pw");
        settings.set("tableName", "s.sessions");
        settings.set("createSchema", "false");
        settings.set("maxPoolSize", "3");
        settings.set("connectionTimeoutMs", "900");
        settings.set("touchInterval", "0");
        settings.set("principalAttribute", "user");
        settings.set("serialFilter", "maxdepth=10");
        settings.set("maxSessionBytes", "2048");
        settings.set("idSecret", "0123456789abcdef");
        settings.set("nodeName", "n1");
        SessiondbConfig config = settings.toConfig("shop", null);
        assertEquals("app", config.getUsername());
        assertEquals("pw", config.getPassword());
        assertEquals("s.sessions", config.getTableName());
        assertEquals(false, config.isCreateSchema());
        assertEquals(3, config.getMaxPoolSize());
        assertEquals(900, config.getConnectionTimeoutMs());
        assertEquals(0, config.getTouchInterval());
        assertEquals("user", config.getPrincipalAttribute());
        assertEquals("maxdepth=10", config.getSerialFilter());
        assertEquals(2048, config.getMaxSessionBytes());
        assertEquals("0123456789abcdef", config.getIdSecret());
        assertEquals("n1", config.getNodeName());
    }

    @Test
    void dataSourceNameRejectsBlank() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withUrl().set("dataSourceName", " "));
        assertTrue(e.getMessage().contains("dataSourceName"), e.getMessage());
    }
}
