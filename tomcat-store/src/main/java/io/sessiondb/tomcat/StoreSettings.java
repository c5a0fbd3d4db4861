package io.sessiondb.tomcat;

import io.sessiondb.core.LogText;
import io.sessiondb.core.SessiondbConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The attribute values a {@code <Store>} element was given, kept as text until the store starts, so
 * that a bad value fails the context start with a message naming the attribute instead of being
 * logged and dropped by Tomcat's digester. Each value is also checked at once by the setter of one
 * scratch {@link SessiondbConfig} shared by every store of the JVM (built once, never started), so
 * that embedded code calling a setter with a bad value fails at the call, and a setter costs no more
 * than the config's own check.
 */
final class StoreSettings {

    /** Attribute names of {@code SessiondbStore} that are handed on to {@link SessiondbConfig}. */
    static final List<String> NAMES = List.of("jdbcUrl", "username", "password", "dataSourceName", "appName",
            "tableName", "createSchema", "maxPoolSize", "connectionTimeoutMs", "failoverTimeoutMs", "touchInterval", "sweepGraceSeconds",
            "principalAttribute",
            "serialFilter", "maxSessionBytes", "idSecret", "nodeName", "lockingMode", "lockingUriPattern", "lockTimeoutMs",
            "idSecretFile", "codec", "clientInfo", "historyDays", "encryptionKeys", "encryptionKeyFile",
            "revocationCheckMs", "synchronousCommit",
            "indexedAttributes");

    /** Longest {@code appName}, in characters: the width of the {@code app} column. */
    static final int MAX_APP_NAME_CHARS = 100;

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> unknown = new LinkedHashMap<>();

    /**
     * Records a value, then checks it on its own. A bad value stays recorded, so that the start fails
     * even when the caller (Tomcat's digester) only logs the exception.
     *
     * @throws IllegalArgumentException naming the attribute when the value is plainly bad
     */
    void set(String name, String value) {
        values.put(name, value);
        Scratch.check(name, value);
    }

    /** The config every {@link #set} checks its value with; each setter only checks its own value. */
    private static final class Scratch {

        private static final SessiondbConfig CONFIG = new SessiondbConfig();

        private Scratch() {
        }

        static void check(String name, String value) {
            synchronized (CONFIG) {
                apply(CONFIG, name, value);
            }
        }
    }

    /** Records an attribute this store does not know; the start then fails naming it. */
    void setUnknown(String name, String value) {
        unknown.put(name, value);
    }

    String get(String name) {
        return values.get(name);
    }

    /**
     * Builds the config for one start.
     *
     * @param defaultAppName used when {@code appName} is not set (see {@link SessiondbStore#defaultAppName})
     * @param dataSource     the DataSource looked up for {@code dataSourceName} or set as an object, or {@code null}
     * @throws IllegalArgumentException naming the attribute when a value or a combination is bad
     */
    SessiondbConfig toConfig(String defaultAppName, DataSource dataSource) {
        if (!unknown.isEmpty()) {
            String name = unknown.keySet().iterator().next();
            throw new IllegalArgumentException("unknown attribute " + LogText.of(name)
                    + " (its value is not shown: it may be a misspelt secret); the attributes are " + String.join(", ", NAMES));
        }
        if (values.get("jdbcUrl") == null && values.get("dataSourceName") == null && dataSource == null) {
            throw new IllegalArgumentException("jdbcUrl or dataSourceName is required:"
                    + " set jdbcUrl=\"jdbc:postgresql://host:5432/db\" or dataSourceName=\"jdbc/sessions\"");
        }
        if (values.get("jdbcUrl") != null && (values.get("dataSourceName") != null || dataSource != null)) {
            throw new IllegalArgumentException("jdbcUrl and " + (dataSource != null && values.get("dataSourceName") == null
                    ? "a DataSource object" : "dataSourceName") + " are both set: set only one");
        }
        if (values.get("appName") == null && defaultAppName.length() > MAX_APP_NAME_CHARS) {
            throw new IllegalArgumentException("the default appName \"" + LogText.of(defaultAppName) + "\" (host and context"
                    + " name) is longer than the " + MAX_APP_NAME_CHARS + " characters the app column holds:"
                    + " set appName on the <Store> to a shorter name, the same on every node");
        }
        SessiondbConfig config = new SessiondbConfig();
        if (values.get("appName") == null) {
            config.setAppName(defaultAppName);
        }
        values.forEach((name, value) -> apply(config, name, value));
        if (dataSource != null) {
            config.setDataSource(dataSource);
        }
        try {
            config.validate();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return config;
    }

    private static void apply(SessiondbConfig config, String name, String value) {
        try {
            switch (name) {
                case "jdbcUrl" -> config.setJdbcUrl(value);
                case "username" -> config.setUsername(value);
                case "password" -> config.setPassword(value);
                case "dataSourceName" -> checkNotBlank(name, value);
                case "appName" -> config.setAppName(value);
                case "tableName" -> config.setTableName(value);
                case "createSchema" -> config.setCreateSchema(parseBoolean(name, value));
                case "maxPoolSize" -> config.setMaxPoolSize(parseInt(name, value));
                case "connectionTimeoutMs" -> config.setConnectionTimeoutMs(parseLong(name, value));
                case "failoverTimeoutMs" -> config.setFailoverTimeoutMs(parseLong(name, value));
                case "touchInterval" -> config.setTouchInterval(parseInt(name, value));
                case "sweepGraceSeconds" -> config.setSweepGraceSeconds(parseInt(name, value));
                case "principalAttribute" -> config.setPrincipalAttribute(value);
                case "serialFilter" -> config.setSerialFilter(value);
                case "maxSessionBytes" -> config.setMaxSessionBytes(parseInt(name, value));
                case "idSecret" -> config.setIdSecret(value);
                case "nodeName" -> config.setNodeName(value);
                case "lockingMode" -> config.setLockingMode(value);
                case "lockingUriPattern" -> config.setLockingUriPattern(value);
                case "lockTimeoutMs" -> config.setLockTimeoutMs(parseLong(name, value));
                case "idSecretFile" -> config.setIdSecretFile(value);
                case "encryptionKeys" -> config.setEncryptionKeys(value);
                case "encryptionKeyFile" -> config.setEncryptionKeyFile(value);
                case "codec" -> config.setCodec(value);
                case "clientInfo" -> config.setClientInfo(parseBoolean(name, value));
                case "historyDays" -> config.setHistoryDays(parseInt(name, value));
                case "revocationCheckMs" -> config.setRevocationCheckMs(parseLong(name, value));
                case "synchronousCommit" -> config.setSynchronousCommit(parseBoolean(name, value));
                case "indexedAttributes" -> config.setIndexedAttributes(value);
                default -> throw new IllegalArgumentException("unknown attribute " + name);
            }
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(message != null && message.contains(name) ? message
                    : name + "=\"" + LogText.of(value) + "\" is invalid: " + message, e);
        }
    }

    private static void checkNotBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " cannot be blank");
        }
    }

    private static boolean parseBoolean(String name, String value) {
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(name + "=\"" + LogText.of(value) + "\" is not true or false");
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + "=\"" + LogText.of(value) + "\" is not a whole number", e);
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + "=\"" + LogText.of(value) + "\" is not a whole number", e);
        }
    }
}
