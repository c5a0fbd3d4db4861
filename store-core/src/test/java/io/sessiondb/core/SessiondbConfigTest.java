package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SessiondbConfigTest {

    private final SessiondbConfig config = new SessiondbConfig();

    private static void assertRejectedNaming(String property, Executable setter) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, setter);
        assertTrue(e.getMessage().startsWith(property), "message names " + property + ": " + e.getMessage());
    }

    @Test
    void defaultsAreDocumentedConstants() {
        assertEquals("sessiondb_sessions", config.getTableName());
        assertTrue(config.isCreateSchema());
        assertEquals(SessiondbConfig.DEFAULT_MAX_POOL_SIZE, config.getMaxPoolSize());
        assertEquals(SessiondbConfig.AUTO_TOUCH_INTERVAL, config.getTouchInterval());
        assertEquals(SessiondbConfig.DEFAULT_SERIAL_FILTER, config.getSerialFilter());
        assertEquals(SessiondbConfig.DEFAULT_MAX_SESSION_BYTES, config.getMaxSessionBytes());
    }

    @Test
    void setTableNameRejectsInjectionAndBlank() {
        assertRejectedNaming("tableName", () -> config.setTableName("sessions; DROP TABLE users"));
        assertRejectedNaming("tableName", () -> config.setTableName(""));
        assertRejectedNaming("tableName", () -> config.setTableName("1sessions"));
        assertRejectedNaming("tableName", () -> config.setTableName("a.b.c"));
        assertRejectedNaming("tableName", () -> config.setTableName("x".repeat(41)));
        assertRejectedNaming("tableName", () -> config.setTableName("\"quoted\""));
    }

    @Test
    void operationsSettingsHaveDocumentedDefaultsAndNameTheirProperty() {
        assertTrue(config.isClientInfo());
        assertEquals(SessiondbConfig.DEFAULT_HISTORY_DAYS, config.getHistoryDays());
        assertEquals("", config.getIndexedAttributes());
        assertRejectedNaming("historyDays", () -> config.setHistoryDays(-1));
        assertRejectedNaming("historyDays", () -> config.setHistoryDays(SessiondbConfig.MAX_HISTORY_DAYS + 1));
        assertRejectedNaming("indexedAttributes", () -> config.setIndexedAttributes("tenant," + "x".repeat(256)));
        config.setIndexedAttributes(" tenant, ,sandbox,tenant ");
        assertEquals(java.util.List.of("tenant", "sandbox"), config.getIndexedAttributeNames());
        assertEquals("tenant,sandbox", config.getIndexedAttributes());
        config.setHistoryDays(0);
        assertEquals(0, config.getHistoryDays());
    }

    @Test
    void revocationCheckMsDefaultsToEveryRequestAndNamesItsProperty() {
        assertEquals(0, config.getRevocationCheckMs());
        assertRejectedNaming("revocationCheckMs", () -> config.setRevocationCheckMs(-1));
        assertRejectedNaming("revocationCheckMs",
                () -> config.setRevocationCheckMs(SessiondbConfig.MAX_REVOCATION_CHECK_MS + 1));
        config.setRevocationCheckMs(1000);
        assertEquals(1000, config.getRevocationCheckMs());
    }

    @Test
    void setTableNameAcceptsPlainAndSchemaQualifiedNames() {
        config.setTableName("my_sessions");
        assertEquals("my_sessions", config.getTableName());
        config.setTableName("app_schema.my_sessions");
        assertEquals("app_schema.my_sessions", config.getTableName());
    }

    @Test
    void numericSettersNameTheirProperty() {
        assertRejectedNaming("maxPoolSize", () -> config.setMaxPoolSize(0));
        assertRejectedNaming("connectionTimeoutMs", () -> config.setConnectionTimeoutMs(10));
        assertRejectedNaming("touchInterval", () -> config.setTouchInterval(-2));
        assertRejectedNaming("maxSessionBytes", () -> config.setMaxSessionBytes(10));
        assertRejectedNaming("sweepGraceSeconds", () -> config.setSweepGraceSeconds(-1));
        assertRejectedNaming("failoverTimeoutMs", () -> config.setFailoverTimeoutMs(-1));
    }

    @Test
    void failoverTimeoutDefaultsToTenSecondsAndZeroTurnsItOff() {
        assertEquals(SessiondbConfig.DEFAULT_FAILOVER_TIMEOUT_MS, config.getFailoverTimeoutMs());
        assertEquals(10_000, SessiondbConfig.DEFAULT_FAILOVER_TIMEOUT_MS);
        config.setFailoverTimeoutMs(0);
        assertEquals(0, config.getFailoverTimeoutMs());
    }

    @Test
    void otherSettersNameTheirProperty() {
        assertRejectedNaming("appName", () -> config.setAppName(" "));
        assertRejectedNaming("appName", () -> config.setAppName("x".repeat(101)));
        assertRejectedNaming("serialFilter", () -> config.setSerialFilter("maxdepth=abc"));
        assertRejectedNaming("serialFilter", () -> config.setSerialFilter(""));
        assertRejectedNaming("idSecret", () -> config.setIdSecret("short"));
        assertRejectedNaming("nodeName", () -> config.setNodeName(""));
    }

    @Test
    void validateRequiresAConnectionAndAnApp() {
        IllegalStateException noDb = assertThrows(IllegalStateException.class, config::validate);
        assertTrue(noDb.getMessage().startsWith("jdbcUrl or dataSource is required"), noDb.getMessage());
        config.setJdbcUrl("postgresql://host/db");
        config.setAppName("shop");
        IllegalStateException badUrl = assertThrows(IllegalStateException.class, config::validate);
        assertTrue(badUrl.getMessage().startsWith("jdbcUrl"), badUrl.getMessage());
        config.setJdbcUrl("jdbc:postgresql://host/db");
        config.validate();
    }

    @Test
    void validateRequiresAppName() {
        config.setJdbcUrl("jdbc:postgresql://host/db");
        IllegalStateException e = assertThrows(IllegalStateException.class, config::validate);
        assertTrue(e.getMessage().startsWith("appName is required"), e.getMessage());
    }

    @Test
    void sealedConfigRefusesChanges() {
        config.setJdbcUrl("jdbc:postgresql://host/db");
        config.setAppName("shop");
        config.seal();
        assertThrows(IllegalStateException.class, () -> config.setMaxPoolSize(3));
    }

    @Test
    void toStringMasksPasswordAndSecret() {
        config.setPassword("hunter2-password");
        config.setIdSecret("a-very-secret-key-of-32-chars!!");
        String text = config.toString();
        assertFalse(text.contains("hunter2"), text);
        assertFalse(text.contains("a-very-secret"), text);
        assertTrue(text.contains("password=****"), text);
    }

    @Test
    void toStringMasksEverySecretInTheUrl() {
        config.setJdbcUrl("jdbc:postgresql://db/app?user=u&password=hunter2-url&sslpassword=key-pass&x_secret=s3");
        String text = config.toString();
        assertFalse(text.contains("hunter2"), text);
        assertFalse(text.contains("key-pass"), text);
        assertFalse(text.contains("s3}"), text);
        assertTrue(text.contains("sslpassword=****"), text);
        assertTrue(text.contains("password=****"), text);
        config.setJdbcUrl("jdbc:mysql://root:hunter2-info@db/app");
        assertFalse(config.toString().contains("hunter2"), config.toString());
    }

    @Test
    void aPasswordInTheUrlIsTakenOutOfIt() {
        config.setJdbcUrl("jdbc:postgresql://db/app?user=u&password=hunter2&ssl=true");
        assertEquals("jdbc:postgresql://db/app?user=u&ssl=true", config.getJdbcUrl());
        assertEquals("hunter2", config.getPassword());
        config.setJdbcUrl("jdbc:postgresql://db/app");
        assertEquals(null, config.getPassword(), "a new URL replaces the password it brought");
    }

    @Test
    void thePasswordSetTwiceDifferentlyIsRejectedNamingIt() {
        config.setAppName("shop");
        config.setJdbcUrl("jdbc:postgresql://db/app?password=pw-first");
        config.setPassword("pw-first");
        config.validate();
        config.setPassword("pw-second");
        IllegalStateException e = assertThrows(IllegalStateException.class, config::validate);
        assertTrue(e.getMessage().startsWith("password is set twice"), e.getMessage());
        assertFalse(e.getMessage().contains("pw-"), e.getMessage());
    }

    @Test
    void theDefaultNodeNameIsResolvedLazilyAndOnce() {
        AtomicInteger resolved = new AtomicInteger();
        SessiondbConfig lazy = new SessiondbConfig(() -> {
            resolved.incrementAndGet();
            return "host-" + "h".repeat(120);
        });
        lazy.setJdbcUrl("jdbc:postgresql://db/app");
        lazy.setAppName("shop");
        lazy.setMaxPoolSize(3);
        assertFalse(lazy.toString().isEmpty());
        assertEquals(0, resolved.get(), "construction, setters and toString do not resolve the host name");
        lazy.validate();
        assertEquals(1, resolved.get(), "validate resolves it");
        assertEquals(100, lazy.getNodeName().length(), "cut to 100 characters");
        assertEquals(1, resolved.get(), "once");
    }

    @Test
    void anExplicitNodeNameIsNeverResolved() {
        AtomicInteger resolved = new AtomicInteger();
        SessiondbConfig named = new SessiondbConfig(() -> {
            resolved.incrementAndGet();
            return "host";
        });
        named.setNodeName("node-a");
        assertEquals("node-a", named.getNodeName());
        assertEquals(0, resolved.get());
    }

    @Test
    void aRejectedTableNameIsQuotedOnOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.setTableName("t\r\nFORGED line"));
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
        assertTrue(e.getMessage().startsWith("tableName 't??FORGED line'"), e.getMessage());
    }
    private static final String SECRET_A = "secret-a-0123456789abcdef";
    private static final String SECRET_B = "secret-b-0123456789abcdef";

    private static SessiondbConfig withEnvironment(java.util.Map<String, String> env) {
        SessiondbConfig c = new SessiondbConfig(() -> "host", env::get);
        c.setJdbcUrl("jdbc:postgresql://db/app");
        c.setAppName("shop");
        return c;
    }

    @Test
    void idSecretIsAListTheFirstForWrites() {
        SessiondbConfig c = withEnvironment(java.util.Map.of());
        c.setIdSecret(SECRET_A + " , " + SECRET_B);
        assertEquals(java.util.List.of(SECRET_A, SECRET_B), c.getIdSecrets());
    }

    @Test
    void aShortSecretInTheListIsRejectedNamingIdSecretWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config.setIdSecret(SECRET_A + ",short-secret"));
        assertTrue(e.getMessage().startsWith("idSecret"), e.getMessage());
        assertTrue(e.getMessage().contains("number 2"), e.getMessage());
        assertFalse(e.getMessage().contains("short-secret") || e.getMessage().contains(SECRET_A), e.getMessage());
    }

    @Test
    void theEnvironmentVariableIsUsedWhenNothingIsSet() {
        SessiondbConfig c = withEnvironment(java.util.Map.of("SESSIONDB_ID_SECRET", SECRET_B + "," + SECRET_A));
        assertEquals(java.util.List.of(SECRET_B, SECRET_A), c.getIdSecrets());
        c.setIdSecret(SECRET_A);
        assertEquals(java.util.List.of(SECRET_A), c.getIdSecrets(), "the setting wins over the environment");
        SessiondbConfig bad = withEnvironment(java.util.Map.of("SESSIONDB_ID_SECRET", "too-short"));
        IllegalStateException e = assertThrows(IllegalStateException.class, bad::validate);
        assertTrue(e.getMessage().contains("SESSIONDB_ID_SECRET"), e.getMessage());
    }

    @Test
    void noSecretAnywhereGivesAnEmptyList() {
        SessiondbConfig c = withEnvironment(java.util.Map.of());
        c.validate();
        assertTrue(c.getIdSecrets().isEmpty());
    }

    @Test
    void idSecretFileHoldsOneSecretPerLineWithComments(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("id-secret");
        java.nio.file.Files.writeString(file, "# current first\n" + SECRET_B + "\n\n" + SECRET_A + "\n");
        SessiondbConfig c = withEnvironment(java.util.Map.of("SESSIONDB_ID_SECRET", "ignored-0123456789abcdef"));
        c.setIdSecretFile(file.toString());
        c.seal();
        assertEquals(java.util.List.of(SECRET_B, SECRET_A), c.getIdSecrets());
        assertFalse(c.toString().contains(SECRET_A), c.toString());
    }

    @Test
    void anUnusableIdSecretFileFailsTheStartNamingIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SessiondbConfig missing = withEnvironment(java.util.Map.of());
        missing.setIdSecretFile(dir.resolve("nope").toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, missing::validate);
        assertTrue(e.getMessage().startsWith("idSecretFile"), e.getMessage());
        java.nio.file.Path empty = java.nio.file.Files.writeString(dir.resolve("empty"), "# nothing\n");
        SessiondbConfig none = withEnvironment(java.util.Map.of());
        none.setIdSecretFile(empty.toString());
        assertTrue(assertThrows(IllegalStateException.class, none::validate).getMessage().contains("holds no secret"));
        SessiondbConfig both = withEnvironment(java.util.Map.of());
        both.setIdSecretFile(empty.toString());
        both.setIdSecret(SECRET_A);
        assertTrue(assertThrows(IllegalStateException.class, both::validate).getMessage()
                .startsWith("idSecret and idSecretFile are both set"));
    }

    private static final String KEY_A = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = java.util.Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void encryptionKeysAreAListTheFirstForWritesAndNeverShown() {
        SessiondbConfig c = withEnvironment(java.util.Map.of());
        c.setEncryptionKeys(KEY_B + " , " + KEY_A);
        c.seal();
        assertEquals(2, c.getEncryptionKeyList().size());
        assertEquals("0123456789abcdef0123456789abcdef", new String(c.getEncryptionKeyList().get(0)));
        assertFalse(c.toString().contains(KEY_B), c.toString());
    }

    @Test
    void anEncryptionKeyOfTheWrongLengthIsRejectedNamingTheSettingAndTheFixWithoutShowingIt() {
        String short16 = java.util.Base64.getEncoder().encodeToString(new byte[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config.setEncryptionKeys(KEY_A + "," + short16));
        assertTrue(e.getMessage().startsWith("encryptionKeys: key number 2 is 16 bytes long, not 32"), e.getMessage());
        assertTrue(e.getMessage().contains("openssl rand -base64 32"), e.getMessage());
        assertFalse(e.getMessage().contains(short16), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config.setEncryptionKeys("not base64!"))
                .getMessage().startsWith("encryptionKeys: key number 1 is not base64"));
    }

    @Test
    void theEncryptionKeyVariableIsUsedWhenNothingIsSetAndABadOneFailsTheStart() {
        SessiondbConfig c = withEnvironment(java.util.Map.of("SESSIONDB_ENCRYPTION_KEY", KEY_A));
        assertEquals(1, c.getEncryptionKeyList().size());
        SessiondbConfig bad = withEnvironment(java.util.Map.of("SESSIONDB_ENCRYPTION_KEY", "c2hvcnQ="));
        IllegalStateException e = assertThrows(IllegalStateException.class, bad::validate);
        assertTrue(e.getMessage().startsWith("environment variable SESSIONDB_ENCRYPTION_KEY: key number 1"), e.getMessage());
        assertTrue(withEnvironment(java.util.Map.of()).getEncryptionKeyList().isEmpty());
    }

    @Test
    void anUnusableEncryptionKeyFileFailsTheStartNamingIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SessiondbConfig missing = withEnvironment(java.util.Map.of());
        missing.setEncryptionKeyFile(dir.resolve("nope").toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, missing::validate);
        assertTrue(e.getMessage().startsWith("encryptionKeyFile " + dir.resolve("nope") + " cannot be read"), e.getMessage());
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("keys"), "# current first\n" + KEY_B + "\n\n" + KEY_A + "\n");
        SessiondbConfig good = withEnvironment(java.util.Map.of());
        good.setEncryptionKeyFile(file.toString());
        good.seal();
        assertEquals(2, good.getEncryptionKeyList().size());
        SessiondbConfig both = withEnvironment(java.util.Map.of());
        both.setEncryptionKeyFile(file.toString());
        both.setEncryptionKeys(KEY_A);
        assertTrue(assertThrows(IllegalStateException.class, both::validate).getMessage()
                .startsWith("encryptionKeys and encryptionKeyFile are both set"));
    }

    @Test
    void codecIsJavaJsonOrMixedAndNamesItselfOtherwise() {
        assertEquals("java", config.getCodec());
        config.setCodec("mixed");
        assertEquals("mixed", config.getCodec());
        assertRejectedNaming("codec", () -> config.setCodec("xml"));
        assertRejectedNaming("codec", () -> config.setCodec(null));
    }
}
