package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessiondbConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
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

    /** A value for each {@link SessiondbConfig} setter, other than its default; a new setter must be added here. */
    private static final Map<String, Object> SAMPLES = Map.ofEntries(
            Map.entry("setJdbcUrl", "jdbc:postgresql://db:5432/x"),
            Map.entry("setUsername", "u"),
            Map.entry("setPassword", "p"),
            Map.entry("setDataSource", dataSource()),
            Map.entry("setAppName", "shop"),
            Map.entry("setTableName", "s.sessions"),
            Map.entry("setCreateSchema", false),
            Map.entry("setMaxPoolSize", 3),
            Map.entry("setConnectionTimeoutMs", 1500L),
            Map.entry("setFailoverTimeoutMs", 2500L),
            Map.entry("setTouchInterval", 7),
            Map.entry("setSweepGraceSeconds", 45),
            Map.entry("setPrincipalAttribute", "user"),
            Map.entry("setSerialFilter", "maxdepth=5"),
            Map.entry("setMaxSessionBytes", 4096),
            Map.entry("setIdSecret", "0123456789abcdef"),
            Map.entry("setNodeName", "n1"),
            Map.entry("setIdSecretFile", "/etc/sessiondb/id-secret"),
            Map.entry("setEncryptionKeys", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
            Map.entry("setEncryptionKeyFile", "/etc/sessiondb/encryption-keys"),
            Map.entry("setCodec", "json"),
            Map.entry("setClientInfo", false),
            Map.entry("setHistoryDays", 7),
            Map.entry("setIndexedAttributes", "tenant,sandbox"),
            Map.entry("setLockingMode", "all"),
            Map.entry("setLockingUriPattern", "/app/cart/.*"),
            Map.entry("setLockTimeoutMs", 2500L),
            Map.entry("setRevocationCheckMs", 250L),
            Map.entry("setSynchronousCommit", false));

    /** @return every public instance setter of {@link SessiondbConfig} */
    static List<Method> configSetters() {
        return Arrays.stream(SessiondbConfig.class.getMethods())
                .filter(m -> m.getName().startsWith("set") && m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers()))
                .toList();
    }

    @Test
    void newConfigCarriesEverySettingOfSessiondbConfig() throws Exception {
        List<Method> setters = configSetters();
        assertTrue(setters.size() >= 16, "setters: " + setters);
        SessiondbConfig defaults = new SessiondbConfig();
        for (Method setter : setters) {
            Object sample = SAMPLES.get(setter.getName());
            assertNotNull(sample, "no sample value for SessiondbConfig." + setter.getName() + ": add one to SAMPLES");
            Method getter = getter(setter);
            assertNotEquals(getter.invoke(defaults), sample, setter.getName() + ": the sample is the default");
            SessiondbDataStoreFactory f = new SessiondbDataStoreFactory();
            Method mine;
            try {
                mine = SessiondbDataStoreFactory.class.getMethod(setter.getName(), setter.getParameterTypes());
            } catch (NoSuchMethodException e) {
                throw new AssertionError("SessiondbDataStoreFactory has no " + setter.getName(), e);
            }
            mine.invoke(f, sample);
            assertEquals(sample, getter.invoke(f.newConfig()), setter.getName() + " does not reach the config");
        }
    }

    @Test
    void appNameStaysUnsetForTheContextUnlessSet() {
        assertNull(new SessiondbDataStoreFactory("jdbc:postgresql://db:5432/x").newConfig().getAppName());
    }

    private static Method getter(Method setter) throws NoSuchMethodException {
        String property = setter.getName().substring(3);
        try {
            return SessiondbConfig.class.getMethod("get" + property);
        } catch (NoSuchMethodException e) {
            return SessiondbConfig.class.getMethod("is" + property);
        }
    }

    private static DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(SessiondbDataStoreFactoryTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "sample DataSource";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void filterDefaultsToStaticResourcesAndEmptyTurnsItOff() {
        SessiondbDataStoreFactory f = new SessiondbDataStoreFactory();
        assertEquals(SessiondbDataStoreFactory.DEFAULT_FILTER, f.getFilter());
        Pattern p = Pattern.compile(f.getFilter());
        assertTrue(p.matcher("/app/css/site.CSS").matches());
        assertTrue(p.matcher("/img/logo.png").matches());
        assertFalse(p.matcher("/app/cart").matches());
        assertFalse(p.matcher("/app/css.jsp").matches());
        f.setFilter("");
        assertEquals("", f.getFilter());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.setFilter("*.css"));
        assertTrue(e.getMessage().contains("filter"), e.getMessage());
    }

    @Test
    void everyContextGetsItsOwnConfig() {
        SessiondbDataStoreFactory f = new SessiondbDataStoreFactory("jdbc:postgresql://db:5432/x");
        assertNotSame(f.newConfig(), f.newConfig());
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
