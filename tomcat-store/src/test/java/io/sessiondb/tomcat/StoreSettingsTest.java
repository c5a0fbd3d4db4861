package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessiondbConfig;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

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
    void aDataSourceObjectTakesThePlaceOfTheJdbcUrl() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        assertSame(dataSource, new StoreSettings().toConfig("shop", dataSource).getDataSource());
    }

    @Test
    void jdbcUrlAndADataSourceObjectTogetherAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> withUrl().toConfig("shop", new PGSimpleDataSource()));
        assertTrue(e.getMessage().contains("jdbcUrl and a DataSource object are both set"), e.getMessage());
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

    /** A sample value for every attribute, each different from the config's default. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("jdbcUrl", "jdbc:postgresql://db:5432/app"), Map.entry("username", "app"),
            Map.entry("password", "pw"), Map.entry("appName", "store"), Map.entry("tableName", "s.sessions"),
            Map.entry("createSchema", "false"), Map.entry("maxPoolSize", "3"), Map.entry("connectionTimeoutMs", "900"),
            Map.entry("failoverTimeoutMs", "2500"),
            Map.entry("touchInterval", "0"), Map.entry("sweepGraceSeconds", "120"), Map.entry("principalAttribute", "user"),
            Map.entry("serialFilter", "maxdepth=10"), Map.entry("maxSessionBytes", "2048"),
            Map.entry("idSecret", "0123456789abcdef"), Map.entry("nodeName", "n1"),
            Map.entry("lockingMode", "all"), Map.entry("lockingUriPattern", "/cart/.*"), Map.entry("lockTimeoutMs", "500"),
            Map.entry("codec", "mixed"), Map.entry("clientInfo", "false"),
            Map.entry("historyDays", "7"), Map.entry("revocationCheckMs", "250"), Map.entry("indexedAttributes", "tenant,sandbox"),
            Map.entry("encryptionKeys", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
            Map.entry("synchronousCommit", "false"));

    /**
     * @return the property names of {@link SessiondbConfig}'s public setters, with {@code dataSource}
     * reported as the Tomcat attribute {@code dataSourceName} that supplies it
     */
    private static Set<String> configProperties() {
        Set<String> names = new TreeSet<>();
        for (Method method : SessiondbConfig.class.getMethods()) {
            if (method.getName().startsWith("set") && method.getParameterCount() == 1
                    && method.getDeclaringClass() == SessiondbConfig.class) {
                String property = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
                names.add(property.equals("dataSource") ? "dataSourceName" : property);
            }
        }
        return names;
    }

    @Test
    void everySettingOfTheConfigIsAnAttributeOfTheStore() throws Exception {
        assertEquals(configProperties(), new TreeSet<>(StoreSettings.NAMES), "StoreSettings.NAMES against SessiondbConfig's setters");
        for (String name : configProperties()) {
            Method setter = SessiondbStore.class.getMethod("set" + Character.toUpperCase(name.charAt(0)) + name.substring(1), String.class);
            assertEquals(void.class, setter.getReturnType(), setter.toString());
        }
    }

    @Test
    void everyAttributeReachesTheConfig() throws Exception {
        StoreSettings settings = new StoreSettings();
        Set<String> sampled = new TreeSet<>(configProperties());
        sampled.remove("dataSourceName"); // looked up in JNDI at start; jdbcUrl is set instead
        sampled.remove("idSecretFile"); // exclusive with idSecret: see idSecretFileReachesTheConfig
        sampled.remove("encryptionKeyFile"); // exclusive with encryptionKeys: see encryptionKeyFileReachesTheConfig
        assertEquals(sampled, new TreeSet<>(SAMPLES.keySet()), "a sample value for every setting");
        SAMPLES.forEach(settings::set);
        SessiondbConfig config = settings.toConfig("shop", null);
        SessiondbConfig defaults = new SessiondbConfig();
        for (String name : sampled) {
            String getter = (name.equals("createSchema") || name.equals("clientInfo") || name.equals("synchronousCommit") ? "is" : "get") + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            Object value = SessiondbConfig.class.getMethod(getter).invoke(config);
            assertNotEquals(SessiondbConfig.class.getMethod(getter).invoke(defaults), value, name + " reached the config");
            assertEquals(SAMPLES.get(name), String.valueOf(value), name);
        }
    }

    @Test
    void encryptionKeyFileReachesTheConfig(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("keys"), "# current first\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
        StoreSettings settings = withUrl();
        settings.set("encryptionKeyFile", file.toString());
        SessiondbConfig config = settings.toConfig("shop", null);
        assertEquals(file.toString(), config.getEncryptionKeyFile());
        assertEquals(1, config.getEncryptionKeyList().size());
    }

    @Test
    void idSecretFileReachesTheConfig(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("id-secret"), "file-secret-0123456789abcdef\n");
        StoreSettings settings = withUrl();
        settings.set("idSecretFile", file.toString());
        SessiondbConfig config = settings.toConfig("shop", null);
        assertEquals(file.toString(), config.getIdSecretFile());
        assertEquals(java.util.List.of("file-secret-0123456789abcdef"), config.getIdSecrets());
        settings.set("idSecret", "setting-secret-0123456789");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.toConfig("shop", null));
        assertTrue(e.getMessage().startsWith("idSecret and idSecretFile are both set"), e.getMessage());
    }

    @Test
    void aDefaultAppNameLongerThanTheColumnAsksForAnAppName() {
        String longName = "h".repeat(96) + ".example/shop";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withUrl().toConfig(longName, null));
        assertTrue(e.getMessage().contains("set appName"), e.getMessage());
    }

    @Test
    void anExplicitAppNameWinsOverATooLongDefault() {
        StoreSettings settings = withUrl();
        settings.set("appName", "shop");
        assertEquals("shop", settings.toConfig("h".repeat(120) + "/shop", null).getAppName());
    }

    @Test
    void anUnknownAttributeDoesNotShowItsValue() {
        StoreSettings settings = withUrl();
        settings.setUnknown("pasword", "s3cret-value");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.toConfig("shop", null));
        assertTrue(e.getMessage().contains("pasword") && !e.getMessage().contains("s3cret-value"), e.getMessage());
    }

    @Test
    void dataSourceNameRejectsBlank() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withUrl().set("dataSourceName", " "));
        assertTrue(e.getMessage().contains("dataSourceName"), e.getMessage());
    }
}
