package io.sessiondb.spring;

import java.util.Locale;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sessiondb.*} properties of a Spring Boot application (relaxed binding: {@code sessiondb.jdbc-url},
 * {@code sessiondb.jdbcUrl} and {@code SESSIONDB_JDBCURL} are one property). Each is the sessiondb setting of
 * the same name (README, "Configuration"); a property left unset keeps sessiondb's default. Values are
 * checked when the embedded server is created, and a bad one fails the start naming the property.
 */
@ConfigurationProperties("sessiondb")
public class SessiondbProperties {

    /** {@code false} leaves the embedded server's sessions as Boot configures them. */
    private boolean enabled = true;
    /** JDBC URL of the session database; unset, the application's own {@code DataSource} bean is used. */
    private String jdbcUrl;
    /** Database user for {@code jdbc-url}. */
    private String username;
    /** Database password for {@code jdbc-url}; never logged. */
    private String password;
    /** Identity of the application in the shared table; default {@code ROOT} (the root context). */
    private String appName;
    /** Session table, default {@code sessiondb_sessions}, optionally {@code schema.table}. */
    private String tableName;
    /** Create (and upgrade) the tables at start; default {@code true}. */
    private Boolean createSchema;
    /** Largest number of pooled connections (with {@code jdbc-url} only); default 10. */
    private Integer maxPoolSize;
    /** Longest wait for a connection in milliseconds; default 3000. */
    private Long connectionTimeoutMs;
    /** Milliseconds an operation rides through a database failover before the 503; default 10000, 0 off. */
    private Long failoverTimeoutMs;
    /** Seconds between writes of the access time of an unchanged session; default -1 (automatic). */
    private Integer touchInterval;
    /** Seconds the expiry sweep waits past a stored expiry; default 0. */
    private Integer sweepGraceSeconds;
    /** Session attribute naming the user when the container has no principal. */
    private String principalAttribute;
    /** {@code ObjectInputFilter} pattern for attribute reads; default a reject list of known gadget classes. */
    private String serialFilter;
    /** Largest serialized session in bytes; default 8 MiB. */
    private Integer maxSessionBytes;
    /** Key for the session-id digest, the same on every node; set it in production. Never logged. */
    private String idSecret;
    /** File holding the idSecrets, one per line, instead of {@code id-secret}. */
    private String idSecretFile;
    /** Keys (32 random bytes in base64 each, comma-separated) that encrypt attribute values at rest. Never logged. */
    private String encryptionKeys;
    /** File holding the encryption keys, one per line, instead of {@code encryption-keys}. */
    private String encryptionKeyFile;
    /** How attribute values are stored: {@code java} (default), {@code json} or {@code mixed}. */
    private String codec;
    /** Stored as the last writer of a session; default the host name. */
    private String nodeName;
    /** Session lock across nodes: {@code none} (default), {@code all} or {@code uriPattern}. */
    private String lockingMode;
    /** With {@code locking-mode=uriPattern}: regular expression of the request URIs that take the lease. */
    private String lockingUriPattern;
    /** Longest wait for a session's lease in milliseconds, then 503; default 10000. */
    private Long lockTimeoutMs;
    /** Whether each session records its client address, user agent, client type and creating node; default true. */
    private Boolean clientInfo;
    /** Sticky nodes: longest ms between two checks for revoked sessions; default 0, every request checks. */
    private Long revocationCheckMs;
    /** False: on PostgreSQL, session saves do not wait for the WAL flush; default true. */
    private Boolean synchronousCommit;
    /** Days a row of an ended session is kept in {@code <table>_history}; default 30, 0 keeps none. */
    private Integer historyDays;
    /** Comma-separated attribute names (a tenant id) whose values are indexed, to list and revoke sessions by them. */
    private String indexedAttributes;

    /**
     * Hands one property to an adapter's setter when it is set, naming the Boot property in a rejection.
     *
     * @param name    the sessiondb setting ({@code maxPoolSize})
     * @param value   the bound value, {@code null} when the property is not set (the setter is not called)
     * @param setter  the adapter's setter
     * @throws IllegalArgumentException naming {@code sessiondb.<kebab-case name>} when the setter rejects the value
     */
    static <T> void apply(String name, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(propertyName(name) + " is invalid: " + e.getMessage(), e);
        }
    }

    /** @return the Boot property of a sessiondb setting: {@code maxPoolSize} is {@code sessiondb.max-pool-size} */
    static String propertyName(String setting) {
        return "sessiondb." + setting.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** @return whether sessiondb keeps the sessions; default {@code true} */
    public boolean isEnabled() {
        return enabled;
    }

    /** {@code false} leaves the embedded server's sessions as Boot configures them. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the session database's JDBC URL, or {@code null} to use the application's DataSource */
    public String getJdbcUrl() {
        return jdbcUrl;
    }

    /** JDBC URL of the session database; unset, the application's own {@code DataSource} bean is used. */
    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /** @return {@code sessiondb.username}, {@code null} when it is not set */
    public String getUsername() {
        return username;
    }

    /** Database user for {@code jdbc-url}. */
    public void setUsername(String username) {
        this.username = username;
    }

    /** @return {@code sessiondb.password}, {@code null} when it is not set */
    public String getPassword() {
        return password;
    }

    /** Database password for {@code jdbc-url}; never logged. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** @return {@code sessiondb.app-name}, {@code null} when it is not set */
    public String getAppName() {
        return appName;
    }

    /** Identity of the application in the shared table; default {@code ROOT} (the root context). */
    public void setAppName(String appName) {
        this.appName = appName;
    }

    /** @return {@code sessiondb.table-name}, {@code null} when it is not set */
    public String getTableName() {
        return tableName;
    }

    /** Session table, default {@code sessiondb_sessions}, optionally {@code schema.table}. */
    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    /** @return {@code sessiondb.create-schema}, {@code null} when it is not set */
    public Boolean getCreateSchema() {
        return createSchema;
    }

    /** Create (and upgrade) the tables at start; default {@code true}. */
    public void setCreateSchema(Boolean createSchema) {
        this.createSchema = createSchema;
    }

    /** @return {@code sessiondb.max-pool-size}, {@code null} when it is not set */
    public Integer getMaxPoolSize() {
        return maxPoolSize;
    }

    /** Largest number of pooled connections (with {@code jdbc-url} only); default 10. */
    public void setMaxPoolSize(Integer maxPoolSize) {
        this.maxPoolSize = maxPoolSize;
    }

    /** @return {@code sessiondb.connection-timeout-ms}, {@code null} when it is not set */
    public Long getConnectionTimeoutMs() {
        return connectionTimeoutMs;
    }

    /** Longest wait for a connection in milliseconds; default 3000. */
    public void setConnectionTimeoutMs(Long connectionTimeoutMs) {
        this.connectionTimeoutMs = connectionTimeoutMs;
    }

    /** @return {@code sessiondb.failover-timeout-ms}, {@code null} when it is not set */
    public Long getFailoverTimeoutMs() {
        return failoverTimeoutMs;
    }

    /** Milliseconds an operation rides through a database failover before the 503; default 10000, 0 off. */
    public void setFailoverTimeoutMs(Long failoverTimeoutMs) {
        this.failoverTimeoutMs = failoverTimeoutMs;
    }

    /** @return {@code sessiondb.touch-interval}, {@code null} when it is not set */
    public Integer getTouchInterval() {
        return touchInterval;
    }

    /** Seconds between writes of the access time of an unchanged session; default -1 (automatic). */
    public void setTouchInterval(Integer touchInterval) {
        this.touchInterval = touchInterval;
    }

    /** @return {@code sessiondb.sweep-grace-seconds}, {@code null} when it is not set */
    public Integer getSweepGraceSeconds() {
        return sweepGraceSeconds;
    }

    /** Seconds the expiry sweep waits past a stored expiry; default 0. */
    public void setSweepGraceSeconds(Integer sweepGraceSeconds) {
        this.sweepGraceSeconds = sweepGraceSeconds;
    }

    /** @return {@code sessiondb.principal-attribute}, {@code null} when it is not set */
    public String getPrincipalAttribute() {
        return principalAttribute;
    }

    /** Session attribute naming the user when the container has no principal. */
    public void setPrincipalAttribute(String principalAttribute) {
        this.principalAttribute = principalAttribute;
    }

    /** @return {@code sessiondb.serial-filter}, {@code null} when it is not set */
    public String getSerialFilter() {
        return serialFilter;
    }

    /** {@code ObjectInputFilter} pattern for attribute reads; default a reject list of known gadget classes. */
    public void setSerialFilter(String serialFilter) {
        this.serialFilter = serialFilter;
    }

    /** @return {@code sessiondb.max-session-bytes}, {@code null} when it is not set */
    public Integer getMaxSessionBytes() {
        return maxSessionBytes;
    }

    /** Largest serialized session in bytes; default 8 MiB. */
    public void setMaxSessionBytes(Integer maxSessionBytes) {
        this.maxSessionBytes = maxSessionBytes;
    }

    /** @return {@code sessiondb.id-secret}, {@code null} when it is not set */
    public String getIdSecret() {
        return idSecret;
    }

    /** Key for the session-id digest, the same on every node; set it in production. Never logged. */
    public void setIdSecret(String idSecret) {
        this.idSecret = idSecret;
    }

    /** @return {@code sessiondb.id-secret-file}, {@code null} when it is not set */
    public String getIdSecretFile() {
        return idSecretFile;
    }

    /** File holding the idSecrets, one per line (the first for writes, all for reads), instead of {@code id-secret}. */
    public void setIdSecretFile(String idSecretFile) {
        this.idSecretFile = idSecretFile;
    }

    /** @return {@code sessiondb.encryption-keys}, {@code null} when it is not set */
    public String getEncryptionKeys() {
        return encryptionKeys;
    }

    /**
     * Keys that encrypt attribute values at rest: 32 random bytes in base64 each, comma-separated, the first
     * for new writes, all for reads; the same on every node. Never logged.
     */
    public void setEncryptionKeys(String encryptionKeys) {
        this.encryptionKeys = encryptionKeys;
    }

    /** @return {@code sessiondb.encryption-key-file}, {@code null} when it is not set */
    public String getEncryptionKeyFile() {
        return encryptionKeyFile;
    }

    /** File holding the encryption keys, one per line, the current one first; instead of encryption-keys. */
    public void setEncryptionKeyFile(String encryptionKeyFile) {
        this.encryptionKeyFile = encryptionKeyFile;
    }

    /** @return {@code sessiondb.codec}, {@code null} when it is not set */
    public String getCodec() {
        return codec;
    }

    /**
     * How attribute values are stored: {@code java} (default, Java serialization), {@code json} (strings,
     * numbers, booleans, lists and maps as JSON, no Java deserialization at all) or {@code mixed} (JSON where
     * it fits, Java for the rest).
     */
    public void setCodec(String codec) {
        this.codec = codec;
    }

    /** @return {@code sessiondb.node-name}, {@code null} when it is not set */
    public String getNodeName() {
        return nodeName;
    }

    /** Stored as the last writer of a session; default the host name. */
    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    /** @return {@code sessiondb.locking-mode}, {@code null} when it is not set */
    public String getLockingMode() {
        return lockingMode;
    }

    /**
     * Session lock across nodes: {@code none} (default), {@code all} or {@code uriPattern}: a covered request
     * takes a lease on its session before the load and gives it up after the save; the session's other covered
     * requests wait for it, on any node.
     */
    public void setLockingMode(String lockingMode) {
        this.lockingMode = lockingMode;
    }

    /** @return {@code sessiondb.locking-uri-pattern}, {@code null} when it is not set */
    public String getLockingUriPattern() {
        return lockingUriPattern;
    }

    /** With {@code locking-mode=uriPattern}: regular expression of the request URIs that take the lease. */
    public void setLockingUriPattern(String lockingUriPattern) {
        this.lockingUriPattern = lockingUriPattern;
    }

    /** @return {@code sessiondb.lock-timeout-ms}, {@code null} when it is not set */
    public Long getLockTimeoutMs() {
        return lockTimeoutMs;
    }

    /** Longest wait for a session's lease in milliseconds, then 503; default 10000. */
    public void setLockTimeoutMs(Long lockTimeoutMs) {
        this.lockTimeoutMs = lockTimeoutMs;
    }

    /** @return {@code sessiondb.client-info}, {@code null} when it is not set */
    public Boolean getClientInfo() {
        return clientInfo;
    }

    /**
     * Whether each session records its client address ({@code request.getRemoteAddr()}: with
     * {@code server.forward-headers-strategy} the container decides which proxies are trusted), user agent,
     * client type and creating node; default {@code true}, {@code false} records none of them.
     */
    public void setClientInfo(Boolean clientInfo) {
        this.clientInfo = clientInfo;
    }

    /** @return {@code sessiondb.revocation-check-ms}, {@code null} when it is not set */
    public Long getRevocationCheckMs() {
        return revocationCheckMs;
    }

    /** Sticky nodes: longest ms between two checks for revoked sessions; default 0, every request checks. */
    public void setRevocationCheckMs(Long revocationCheckMs) {
        this.revocationCheckMs = revocationCheckMs;
    }

    /** @return {@code sessiondb.synchronous-commit}, {@code null} when it is not set */
    public Boolean getSynchronousCommit() {
        return synchronousCommit;
    }

    /**
     * Whether a save's commit waits for the database's log flush; default {@code true}. {@code false}: on
     * PostgreSQL saves commit with {@code synchronous_commit = off}, and a database crash can lose the
     * saves acknowledged in its last {@code 3 × wal_writer_delay}; ignored with a WARN on other databases.
     */
    public void setSynchronousCommit(Boolean synchronousCommit) {
        this.synchronousCommit = synchronousCommit;
    }

    /** @return {@code sessiondb.history-days}, {@code null} when it is not set */
    public Integer getHistoryDays() {
        return historyDays;
    }

    /**
     * Days a row of an ended session (invalidated, expired, revoked) is kept in {@code <table>_history};
     * default 30, {@code 0} writes no history and keeps none. The principal is stored with it: personal data.
     */
    public void setHistoryDays(Integer historyDays) {
        this.historyDays = historyDays;
    }

    /** @return {@code sessiondb.indexed-attributes}, {@code null} when it is not set */
    public String getIndexedAttributes() {
        return indexedAttributes;
    }

    /**
     * Comma-separated names of attributes (a tenant id) whose values are indexed in {@code <table>_index}, to
     * list and revoke sessions by them; default none.
     */
    public void setIndexedAttributes(String indexedAttributes) {
        this.indexedAttributes = indexedAttributes;
    }
}
