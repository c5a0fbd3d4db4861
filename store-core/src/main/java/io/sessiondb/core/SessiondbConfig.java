package io.sessiondb.core;

import io.sessiondb.core.internal.EncryptionKeys;
import io.sessiondb.core.internal.IdSecrets;
import io.sessiondb.core.internal.SerialFilters;
import io.sessiondb.core.internal.UrlSecrets;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Configuration of a {@link SessionRepository}: one bean with plain setters, so that Tomcat
 * {@code context.xml} attributes and Jetty {@code <Set name="...">} elements can drive it.
 *
 * <p>Each setter rejects a plainly bad value at once with an {@link IllegalArgumentException} that
 * names the property. {@link #validate()} checks the rules that span several properties. Once a
 * repository has started with this config, the config is sealed and every setter throws
 * {@link IllegalStateException}.
 *
 * <p>Secrets are never logged: {@link #toString()} masks the password, the idSecret and every URL
 * parameter whose name contains "password" or "secret", and a {@code password} parameter of a
 * PostgreSQL or MariaDB {@code jdbcUrl} is taken out of the URL and handed to the driver as the
 * password, so that a driver logging the URL it connects with does not log it either.
 */
public final class SessiondbConfig {

    /** Default table name: {@value}. The attribute table is this name plus {@code _attributes}. */
    public static final String DEFAULT_TABLE_NAME = "sessiondb_sessions";
    /** Default largest pool size: {@value}. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    /** Default time to wait for a pooled connection, in milliseconds: {@value}. */
    public static final long DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
    /**
     * Default longest time an operation rides through a database that is gone (a failover), in
     * milliseconds: {@value}. Longer than a typical promotion by a failover manager (Patroni and
     * pg_auto_failover promote within a few seconds of noticing), short enough that a request still
     * gets its 503 before a client or load balancer gives up on it (commonly 30 s or more).
     */
    public static final long DEFAULT_FAILOVER_TIMEOUT_MS = 10_000;
    /** Touch interval that means "a tenth of the session's max inactive interval, at most 60 s". */
    public static final int AUTO_TOUCH_INTERVAL = -1;
    /** Default largest serialized size of all attributes of one session, in bytes: {@value} (8 MiB). */
    public static final int DEFAULT_MAX_SESSION_BYTES = 8 * 1024 * 1024;
    /**
     * Default {@link java.io.ObjectInputFilter} pattern: the limits for {@value #DEFAULT_MAX_SESSION_BYTES}-byte
     * sessions ({@code maxbytes=8388608;maxarray=8388608;maxrefs=262144;maxdepth=50}, derived from
     * {@code maxSessionBytes}: see {@link SerialFilters#limits}) and a reject list of classes used by
     * well-known deserialization gadget chains ({@link SerialFilters#DENY_LIST}). Other classes are
     * allowed; {@code serialFilter=allow:com.example.**} rejects every class but the listed ones and the
     * JDK's value types and collections.
     */
    public static final String DEFAULT_SERIAL_FILTER = SerialFilters.limits(DEFAULT_MAX_SESSION_BYTES) + ";" + SerialFilters.DENY_LIST;

    /** Default {@link #setCodec codec}: {@value}. */
    public static final String DEFAULT_CODEC = "java";

    /** {@link #setLockingMode lockingMode}: no request waits for another (the default). */
    public static final String LOCKING_NONE = "none";
    /** {@link #setLockingMode lockingMode}: every request with a session takes its lease. */
    public static final String LOCKING_ALL = "all";
    /** {@link #setLockingMode lockingMode}: requests whose URI matches {@code lockingUriPattern} take the lease. */
    public static final String LOCKING_URI_PATTERN = "uriPattern";
    /** Default {@link #setLockTimeoutMs lockTimeoutMs}: {@value} ms. */
    public static final long DEFAULT_LOCK_TIMEOUT_MS = 10_000;

    /** Default number of days a row of an ended session is kept in {@code <table>_history}: {@value}. */
    public static final int DEFAULT_HISTORY_DAYS = 30;
    /** Longest {@code historyDays}: {@value} (ten years). */
    public static final int MAX_HISTORY_DAYS = 3650;
    /** Default {@code revocationCheckMs}: {@value}, a sticky node checks before every request (concurrent requests share checks). */
    public static final long DEFAULT_REVOCATION_CHECK_MS = 0;
    /** Longest {@code revocationCheckMs}: {@value} ms (one minute). */
    public static final long MAX_REVOCATION_CHECK_MS = 60_000;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");
    private static final int MAX_APP_NAME_LENGTH = 100;
    private static final int DEFAULT_NODE_NAME_MAX_CHARS = 100;
    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    private final Supplier<String> hostName;
    private final Function<String, String> environment;

    private String jdbcUrl;
    private String urlPassword;
    private String username;
    private String password;
    private DataSource dataSource;
    private String appName;
    private String tableName = DEFAULT_TABLE_NAME;
    private boolean createSchema = true;
    private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
    private long connectionTimeoutMs = DEFAULT_CONNECTION_TIMEOUT_MS;
    private long failoverTimeoutMs = DEFAULT_FAILOVER_TIMEOUT_MS;
    private int touchInterval = AUTO_TOUCH_INTERVAL;
    private int sweepGraceSeconds;
    private String principalAttribute;
    private String serialFilter = DEFAULT_SERIAL_FILTER;
    private int maxSessionBytes = DEFAULT_MAX_SESSION_BYTES;
    private String idSecret;
    private String lockingMode = LOCKING_NONE;
    private String lockingUriPattern;
    private long lockTimeoutMs = DEFAULT_LOCK_TIMEOUT_MS;
    private boolean clientInfo = true;
    private boolean synchronousCommit = true;
    private int historyDays = DEFAULT_HISTORY_DAYS;
    private long revocationCheckMs = DEFAULT_REVOCATION_CHECK_MS;
    private java.util.List<String> indexedAttributes = java.util.List.of();
    /** Null until set or first read: the default (the host name) is resolved lazily, once. */
    private volatile String nodeName;
    private String idSecretFile;
    private String codec = DEFAULT_CODEC;
    /** The secrets resolved from idSecret, idSecretFile or the environment when the config was sealed. */
    private volatile List<String> sealedIdSecrets;
    private String encryptionKeys;
    private String encryptionKeyFile;
    /** The keys resolved from encryptionKeys, encryptionKeyFile or the environment when the config was sealed. */
    private volatile List<byte[]> sealedEncryptionKeys;
    private volatile boolean sealed;

    /** A config with every property at its default. Cheap: nothing is resolved until it is needed. */
    public SessiondbConfig() {
        this(SessiondbConfig::localHostName);
    }

    /** @param hostName resolves the default {@code nodeName}; called at most once, on first need */
    SessiondbConfig(Supplier<String> hostName) {
        this(hostName, System::getenv);
    }

    /**
     * @param hostName    resolves the default {@code nodeName}; called at most once, on first need
     * @param environment reads an environment variable ({@value IdSecrets#ENV})
     */
    SessiondbConfig(Supplier<String> hostName, Function<String, String> environment) {
        this.hostName = hostName;
        this.environment = environment;
    }

    /**
     * JDBC URL of the session database, e.g. {@code jdbc:postgresql://db:5432/app}. Either this or a
     * {@link #setDataSource DataSource} is required. A {@code password} parameter of a PostgreSQL or
     * MariaDB URL is taken out of the URL ({@link #getJdbcUrl()} returns the URL without it) and used as
     * the {@link #getPassword() password}, so that it never appears in a URL a driver logs.
     */
    public void setJdbcUrl(String jdbcUrl) {
        checkIfSealed();
        UrlSecrets.Split split = UrlSecrets.split(blankToNull(jdbcUrl));
        this.jdbcUrl = split.url();
        this.urlPassword = split.password();
    }

    /** Database user for {@link #setJdbcUrl jdbcUrl}; optional when the URL carries it. */
    public void setUsername(String username) {
        checkIfSealed();
        this.username = blankToNull(username);
    }

    /**
     * Database password for {@link #setJdbcUrl jdbcUrl}; optional when the URL carries it (not both,
     * unless they are equal). Never logged.
     */
    public void setPassword(String password) {
        checkIfSealed();
        this.password = password;
    }

    /**
     * A ready {@link DataSource} (Tomcat JNDI, Jetty XML, embedded code) used instead of a pool built
     * from {@code jdbcUrl}. sessiondb never closes a DataSource it was handed.
     */
    public void setDataSource(DataSource dataSource) {
        checkIfSealed();
        this.dataSource = dataSource;
    }

    /**
     * Identity of the webapp, stored with every row, so that several webapps and several nodes share
     * one table. Required; at most 100 characters. The adapters default it to the context name.
     */
    public void setAppName(String appName) {
        checkIfSealed();
        if (appName == null || appName.isBlank()) {
            throw new IllegalArgumentException("appName cannot be blank: set it to the webapp's name, e.g. appName=\"shop\"");
        }
        if (appName.length() > MAX_APP_NAME_LENGTH) {
            throw new IllegalArgumentException("appName cannot be longer than " + MAX_APP_NAME_LENGTH + " characters");
        }
        this.appName = appName;
    }

    /**
     * Name of the session table, default {@value #DEFAULT_TABLE_NAME}, optionally qualified by a
     * schema ({@code myschema.sessions}). Each part must be a plain SQL identifier of at most 40
     * characters: letters, digits and underscores, not starting with a digit.
     */
    public void setTableName(String tableName) {
        checkIfSealed();
        if (tableName == null || !isQualifiedIdentifier(tableName)) {
            throw new IllegalArgumentException("tableName '" + LogText.of(tableName) + "' is not a plain SQL identifier:"
                    + " use letters, digits and '_' (at most 40, not starting with a digit), optionally as schema.table");
        }
        this.tableName = tableName;
    }

    /** Whether the store creates its tables when they are missing; default {@code true}. */
    public void setCreateSchema(boolean createSchema) {
        checkIfSealed();
        this.createSchema = createSchema;
    }

    /** Largest number of pooled connections when sessiondb builds the pool; default {@value #DEFAULT_MAX_POOL_SIZE}. */
    public void setMaxPoolSize(int maxPoolSize) {
        checkIfSealed();
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize cannot be less than 1");
        }
        this.maxPoolSize = maxPoolSize;
    }

    /**
     * Longest wait for a pooled connection, in milliseconds; default {@value #DEFAULT_CONNECTION_TIMEOUT_MS}.
     * While the database is down, a request fails after at most this long. At least 250.
     */
    public void setConnectionTimeoutMs(long connectionTimeoutMs) {
        checkIfSealed();
        if (connectionTimeoutMs < 250) {
            throw new IllegalArgumentException("connectionTimeoutMs cannot be less than 250");
        }
        this.connectionTimeoutMs = connectionTimeoutMs;
    }

    /**
     * Longest time, in milliseconds, an operation that finds the database gone (connection refused or
     * lost, no primary to connect to, the pool timing out) keeps retrying on fresh connections before it
     * fails with {@link SessionStoreException#isDatabaseUnreachable()}; default
     * {@value #DEFAULT_FAILOVER_TIMEOUT_MS}. It rides through a failover: a request in flight waits for
     * the promoted standby instead of failing. A load is always retried; a save only where the retry
     * cannot apply it twice (see docs/operations.md, "PostgreSQL failover"). While the store already
     * knows the database is down (an earlier operation waited this long in vain), operations fail after
     * one attempt, as with {@code 0}. {@code 0} turns riding through off: an operation fails after one
     * {@code connectionTimeoutMs}. Not negative.
     */
    public void setFailoverTimeoutMs(long failoverTimeoutMs) {
        checkIfSealed();
        if (failoverTimeoutMs < 0) {
            throw new IllegalArgumentException("failoverTimeoutMs cannot be negative (0 turns riding through a failover off)");
        }
        this.failoverTimeoutMs = failoverTimeoutMs;
    }

    /**
     * Seconds between two writes of the last-access time of a session that is read but not changed.
     * Default {@value #AUTO_TOUCH_INTERVAL}: a tenth of the session's max inactive interval, capped at
     * 60 s. {@code 0} writes the access time on every request. Expiry is exact to within this window.
     */
    public void setTouchInterval(int touchIntervalSeconds) {
        checkIfSealed();
        if (touchIntervalSeconds < AUTO_TOUCH_INTERVAL) {
            throw new IllegalArgumentException("touchInterval cannot be less than -1 (-1 means automatic)");
        }
        this.touchInterval = touchIntervalSeconds;
    }

    /**
     * Seconds the expiry sweep ({@link SessionRepository#claimExpired(int)}) waits past a session's
     * stored expiry before it claims it; default 0. In sticky setups, where a node holds sessions in
     * memory and expires them itself, set it above that node's expiry cycle plus the touch interval,
     * so that the sweep only takes sessions whose node is gone and no listener fires twice.
     */
    public void setSweepGraceSeconds(int sweepGraceSeconds) {
        checkIfSealed();
        if (sweepGraceSeconds < 0) {
            throw new IllegalArgumentException("sweepGraceSeconds cannot be negative");
        }
        this.sweepGraceSeconds = sweepGraceSeconds;
    }

    /**
     * Name of a session attribute whose value ({@code toString()}) fills the principal column when the
     * container has no authenticated principal; optional.
     */
    public void setPrincipalAttribute(String principalAttribute) {
        checkIfSealed();
        this.principalAttribute = blankToNull(principalAttribute);
    }

    /**
     * {@link java.io.ObjectInputFilter} pattern applied to every attribute read; default
     * {@link #DEFAULT_SERIAL_FILTER} (limits and a reject list of gadget classes). Either
     * {@code allow:<patterns>} (comma-separated, e.g. {@code allow:com.example.**,org.acme.Cart}): only the
     * listed classes and packages and the JDK's value types and collections are read, every other class is
     * rejected; or a pattern in the syntax of {@code jdk.serialFilter}, used as written. Every form gets
     * the limits derived from {@code maxSessionBytes} first (a limit in the pattern overrides them). An
     * attribute the filter rejects is quarantined: left out of the session, counted, logged once.
     */
    public void setSerialFilter(String serialFilter) {
        checkIfSealed();
        if (serialFilter == null || serialFilter.isBlank()) {
            throw new IllegalArgumentException("serialFilter cannot be blank: leave it unset for the default filter");
        }
        SerialFilters.effective(serialFilter.strip(), DEFAULT_SERIAL_FILTER, maxSessionBytes);
        this.serialFilter = serialFilter.strip();
    }

    /** Largest serialized size of all attributes of one session, in bytes; default 8 MiB. At least 1024. */
    public void setMaxSessionBytes(int maxSessionBytes) {
        checkIfSealed();
        if (maxSessionBytes < 1024) {
            throw new IllegalArgumentException("maxSessionBytes cannot be less than 1024");
        }
        this.maxSessionBytes = maxSessionBytes;
    }

    /**
     * Secrets that key the session-id digest (HMAC-SHA-256) and the id seal, comma-separated: the first
     * keys new writes, all are tried for reads, so that a secret is rotated without logging anyone out
     * (docs/security.md). Each has at least 16 characters and is the same on every node. Never logged.
     * Optional but recommended: without a secret from outside the database (this, {@link #setIdSecretFile
     * idSecretFile} or the environment variable {@value IdSecrets#ENV}), a dump of the database is
     * enough to recover every live session id (docs/design.md).
     */
    public void setIdSecret(String idSecret) {
        checkIfSealed();
        IdSecrets.parse(idSecret, "idSecret");
        this.idSecret = blankToNull(idSecret);
    }

    /** Name of this node, stored as the last writer of a session; default the host name. */
    public void setNodeName(String nodeName) {
        checkIfSealed();
        if (nodeName == null || nodeName.isBlank() || nodeName.length() > 100) {
            throw new IllegalArgumentException("nodeName must be 1 to 100 characters");
        }
        this.nodeName = nodeName;
    }

    /**
     * Session lock across nodes: {@code none} (default: requests of one session on different nodes run
     * at once; different attributes are merged, the last write of one attribute wins), {@code all} (every
     * request with a session takes a short lease on it first, so requests of one session run one at a
     * time in the whole cluster) or {@code uriPattern} (only requests whose URI matches
     * {@link #setLockingUriPattern lockingUriPattern}). Non-sticky setups only.
     */
    public void setLockingMode(String lockingMode) {
        checkIfSealed();
        if (!List.of(LOCKING_NONE, LOCKING_ALL, LOCKING_URI_PATTERN).contains(lockingMode)) {
            throw new IllegalArgumentException("lockingMode must be none, all or uriPattern, was '" + lockingMode + "'");
        }
        this.lockingMode = lockingMode;
    }

    /**
     * With {@code lockingMode=uriPattern}: regular expression of request URIs (decoded, without the query
     * string, matched whole) whose requests take the session's lease, e.g. {@code /cart/.*|/checkout}.
     */
    public void setLockingUriPattern(String lockingUriPattern) {
        checkIfSealed();
        if (lockingUriPattern != null && !lockingUriPattern.isBlank()) {
            try {
                Pattern.compile(lockingUriPattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("lockingUriPattern is not a valid regular expression: " + e.getMessage(), e);
            }
        }
        this.lockingUriPattern = blankToNull(lockingUriPattern);
    }

    /** Longest wait for a session's lease held by another request, then 503; default 10000. At least 1. */
    public void setLockTimeoutMs(long lockTimeoutMs) {
        checkIfSealed();
        if (lockTimeoutMs < 1) {
            throw new IllegalArgumentException("lockTimeoutMs cannot be less than 1");
        }
        this.lockTimeoutMs = lockTimeoutMs;
    }

    /**
     * Path of a file holding the idSecrets, one per line (or comma-separated), the current one first;
     * blank lines and lines starting with {@code #} are ignored. Read when the store starts. An
     * alternative to {@link #setIdSecret idSecret} (not both) that keeps the secret out of
     * {@code context.xml} and {@code start.d}; make it readable by the server's user only.
     */
    public void setIdSecretFile(String idSecretFile) {
        checkIfSealed();
        this.idSecretFile = blankToNull(idSecretFile);
    }

    /**
     * Keys that encrypt attribute values at rest (AES-256-GCM), comma-separated, each 32 random bytes in
     * base64 ({@code openssl rand -base64 32}): the first encrypts new writes, all decrypt, so that a key is
     * rotated without logging anyone out (docs/security.md). The same on every node. Never logged.
     * Optional: without a key here, in {@link #setEncryptionKeyFile encryptionKeyFile} or in the
     * environment variable {@value EncryptionKeys#ENV}, values are stored as the codec writes them.
     *
     * @throws IllegalArgumentException naming encryptionKeys when a key is not base64 of 32 bytes
     */
    public void setEncryptionKeys(String encryptionKeys) {
        checkIfSealed();
        EncryptionKeys.parse(encryptionKeys, "encryptionKeys");
        this.encryptionKeys = blankToNull(encryptionKeys);
    }

    /**
     * Path of a file holding the encryption keys, one per line (or comma-separated), the current one
     * first; blank lines and lines starting with {@code #} are ignored. Read when the store starts. An
     * alternative to {@link #setEncryptionKeys encryptionKeys} (not both); make it readable by the
     * server's user only.
     */
    public void setEncryptionKeyFile(String encryptionKeyFile) {
        checkIfSealed();
        this.encryptionKeyFile = blankToNull(encryptionKeyFile);
    }

    /**
     * How attribute values are stored: {@code java} (default: Java serialization, read through
     * {@code serialFilter}), {@code json} (strings, numbers, booleans, lists and maps of these as JSON: no
     * Java deserialization at all; another value is not stored, with a WARN naming the attribute; values
     * stored in Java serialization are quarantined), or {@code mixed} (JSON for the values it represents,
     * filtered Java serialization for the rest, chosen per value). Every mode reads JSON values, so a
     * switch back and forth loses nothing that the new mode reads.
     */
    public void setCodec(String codec) {
        checkIfSealed();
        String value = codec == null ? "" : codec.strip();
        if (!value.equals("java") && !value.equals("json") && !value.equals("mixed")) {
            throw new IllegalArgumentException("codec must be java, json or mixed, not '" + LogText.of(codec) + "'");
        }
        this.codec = value;
    }

    /**
     * Whether each session records the client address and user agent of the request that last wrote
     * it, its client type parsed from the user agent, and the node that created it; default true. False:
     * nothing of the client is recorded (see docs/operations.md).
     */
    public void setClientInfo(boolean clientInfo) {
        checkIfSealed();
        this.clientInfo = clientInfo;
    }

    /**
     * Whether the commit of a session save waits until the database has flushed it to its log; default
     * true. False, on PostgreSQL: each save (insert, update) runs with {@code synchronous_commit = off}
     * for its own transaction, so its commit returns before the WAL flush; a database crash (not a
     * container crash) can then lose the saves acknowledged in the last {@code 3 × wal_writer_delay}
     * (600 ms by default), never corrupting anything. MariaDB/MySQL and SQLite have no per-transaction
     * setting: there it is ignored with a WARN at start (docs/operations.md, "Asynchronous commit").
     */
    public void setSynchronousCommit(boolean synchronousCommit) {
        checkIfSealed();
        this.synchronousCommit = synchronousCommit;
    }

    /**
     * Days a row of an ended session (invalidated, expired, revoked) is kept in {@code <table>_history};
     * default {@value #DEFAULT_HISTORY_DAYS}. {@code 0}: no history is written and none is kept. The
     * principal is stored with each row: it is personal data.
     */
    public void setHistoryDays(int historyDays) {
        checkIfSealed();
        if (historyDays < 0 || historyDays > MAX_HISTORY_DAYS) {
            throw new IllegalArgumentException("historyDays must be 0 (no history) to " + MAX_HISTORY_DAYS + ", not "
                    + historyDays);
        }
        this.historyDays = historyDays;
    }

    /**
     * How a node that keeps sessions in memory between requests (sticky) learns that an operator revoked
     * one: default {@value #DEFAULT_REVOCATION_CHECK_MS}, every request waits for a check of the database
     * sent after it began (one indexed query, no attribute bytes; concurrent requests share one, see
     * {@link RevocationCheck}), so a revoked session is dead at its very next request. A value above 0
     * checks at most once per that many milliseconds per node, so a revoked session may serve requests
     * for that long. Non-sticky nodes read the session at every request and ignore this.
     */
    public void setRevocationCheckMs(long revocationCheckMs) {
        checkIfSealed();
        if (revocationCheckMs < 0 || revocationCheckMs > MAX_REVOCATION_CHECK_MS) {
            throw new IllegalArgumentException("revocationCheckMs must be 0 (every request) to " + MAX_REVOCATION_CHECK_MS
                    + ", not " + revocationCheckMs);
        }
        this.revocationCheckMs = revocationCheckMs;
    }

    /**
     * Comma-separated names of session attributes whose values ({@code String.valueOf}, at most 255
     * characters) are indexed in {@code <table>_index}, so that sessions can be listed and revoked by
     * them (a tenant id); default none.
     */
    public void setIndexedAttributes(String indexedAttributes) {
        checkIfSealed();
        java.util.List<String> names = new java.util.ArrayList<>();
        if (indexedAttributes != null) {
            for (String name : indexedAttributes.split(",")) {
                String trimmed = name.trim();
                if (trimmed.length() > 255) {
                    throw new IllegalArgumentException("indexedAttributes names an attribute longer than 255 characters: "
                            + LogText.of(trimmed));
                }
                if (!trimmed.isEmpty() && !names.contains(trimmed)) {
                    names.add(trimmed);
                }
            }
        }
        this.indexedAttributes = java.util.List.copyOf(names);
    }

    /**
     * Checks the rules that span several properties.
     *
     * @throws IllegalStateException naming the property and the fix when the config cannot work
     */
    public void validate() {
        validateConnection();
        if (appName == null) {
            throw new IllegalStateException("appName is required: set it to the webapp's name, e.g. appName=\"shop\"");
        }
    }

    /**
     * Checks what a {@link io.sessiondb.core.admin.SessionAdmin} needs (the connection settings; not appName,
     * as an admin sees every app sharing the table) and seals this config. {@code SessionAdmin.start} calls it.
     *
     * @throws IllegalStateException naming the property and the fix when the config cannot work
     */
    public void sealForAdmin() {
        validateConnection();
        sealed = true;
    }

    private void validateConnection() {
        if (jdbcUrl == null && dataSource == null) {
            throw new IllegalStateException("jdbcUrl or dataSource is required: set jdbcUrl=\"jdbc:postgresql://host:5432/db\"");
        }
        if (jdbcUrl != null && dataSource != null) {
            throw new IllegalStateException("jdbcUrl and dataSource are both set: set only one");
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalStateException("jdbcUrl must start with 'jdbc:', e.g. jdbc:postgresql://host:5432/db");
        }
        if (password != null && urlPassword != null && !password.equals(urlPassword)) {
            throw new IllegalStateException("password is set twice, as password and in jdbcUrl, with different values:"
                    + " set it in one place");
        }
        if (lockingMode.equals(LOCKING_URI_PATTERN) && lockingUriPattern == null) {
            throw new IllegalStateException("lockingMode is uriPattern but lockingUriPattern is not set: set"
                    + " lockingUriPattern to the URIs whose requests must run one at a time, e.g. \"/cart/.*\"");
        }
        getNodeName();
        IdSecrets.resolve(idSecret, idSecretFile, environment);
        EncryptionKeys.resolve(encryptionKeys, encryptionKeyFile, environment);
    }

    void seal() {
        validate();
        sealedIdSecrets = List.copyOf(IdSecrets.resolve(idSecret, idSecretFile, environment));
        sealedEncryptionKeys = List.copyOf(EncryptionKeys.resolve(encryptionKeys, encryptionKeyFile, environment));
        sealed = true;
    }

    private void checkIfSealed() {
        if (sealed) {
            throw new IllegalStateException("The configuration cannot be changed after the store has started");
        }
    }

    /** @return the JDBC URL, without the {@code password} parameter it may have been given with */
    public String getJdbcUrl() {
        return jdbcUrl;
    }

    public String getUsername() {
        return username;
    }

    /** @return the password: the one set, or else the one taken out of {@code jdbcUrl}; {@code null} if none */
    public String getPassword() {
        return password != null ? password : urlPassword;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public String getAppName() {
        return appName;
    }

    public String getTableName() {
        return tableName;
    }

    public boolean isCreateSchema() {
        return createSchema;
    }

    public int getMaxPoolSize() {
        return maxPoolSize;
    }

    public long getConnectionTimeoutMs() {
        return connectionTimeoutMs;
    }

    /** @return the longest time an operation rides through a database that is gone, in milliseconds */
    public long getFailoverTimeoutMs() {
        return failoverTimeoutMs;
    }

    /**
     * @return seconds a client should wait before retrying after the database failed, for the
     * {@code Retry-After} header of a 503: the connection timeout rounded up, at least 1
     */
    public int retryAfterSeconds() {
        return (int) Math.max(1, (connectionTimeoutMs + 999) / 1000);
    }

    /** @return the touch interval in seconds, or {@link #AUTO_TOUCH_INTERVAL} */
    public int getTouchInterval() {
        return touchInterval;
    }

    /** @return seconds the sweep waits past a stored expiry; see {@link #setSweepGraceSeconds} */
    public int getSweepGraceSeconds() {
        return sweepGraceSeconds;
    }

    public String getPrincipalAttribute() {
        return principalAttribute;
    }

    public String getSerialFilter() {
        return serialFilter;
    }

    public int getMaxSessionBytes() {
        return maxSessionBytes;
    }

    /** @return the {@code idSecret} setting as given (a comma-separated list), or {@code null}; see {@link #getIdSecrets()} */
    public String getIdSecret() {
        return idSecret;
    }

    /** @return {@code java}, {@code json} or {@code mixed} */
    public String getCodec() {
        return codec;
    }

    /** @return the {@code idSecretFile} setting, or {@code null} */
    public String getIdSecretFile() {
        return idSecretFile;
    }

    /**
     * @return the effective idSecrets, the first for new writes: from {@code idSecret}, else from
     * {@code idSecretFile}, else from the environment variable {@value IdSecrets#ENV}; empty when none
     * is set (the seal key then comes from the database). Resolved once when the store starts.
     * @throws IllegalStateException naming the setting when a source is set but unusable
     */
    public List<String> getIdSecrets() {
        List<String> resolved = sealedIdSecrets;
        return resolved != null ? resolved : IdSecrets.resolve(idSecret, idSecretFile, environment);
    }

    /** @return the {@code encryptionKeys} setting as given, or {@code null}; see {@link #getEncryptionKeyList()} */
    public String getEncryptionKeys() {
        return encryptionKeys;
    }

    /** @return the {@code encryptionKeyFile} setting, or {@code null} */
    public String getEncryptionKeyFile() {
        return encryptionKeyFile;
    }

    /**
     * @return the effective encryption keys (32 bytes each), the first for new writes: from
     * {@code encryptionKeys}, else from {@code encryptionKeyFile}, else from the environment variable
     * {@value EncryptionKeys#ENV}; empty when none is set (values are not encrypted). Resolved once when
     * the store starts.
     * @throws IllegalStateException naming the setting when a source is set but unusable
     */
    public List<byte[]> getEncryptionKeyList() {
        List<byte[]> resolved = sealedEncryptionKeys;
        return resolved != null ? resolved : EncryptionKeys.resolve(encryptionKeys, encryptionKeyFile, environment);
    }

    /** @return whether client address, user agent, client type and creating node are recorded */
    public boolean isClientInfo() {
        return clientInfo;
    }

    /** @return whether the commit of a session save waits for the database's log flush; default true */
    public boolean isSynchronousCommit() {
        return synchronousCommit;
    }

    /** @return days a history row is kept; 0 when no history is written */
    public int getHistoryDays() {
        return historyDays;
    }

    /** @return the longest time between two revocation checks of a sticky node, ms; 0: every request */
    public long getRevocationCheckMs() {
        return revocationCheckMs;
    }

    /** @return the indexed attribute names as a comma-separated list, {@code ""} when none */
    public String getIndexedAttributes() {
        return String.join(",", indexedAttributes);
    }

    /** @return the names of the indexed attributes, in the order given; empty when none */
    public java.util.List<String> getIndexedAttributeNames() {
        return indexedAttributes;
    }

    /** @return the node name: the one set, or else this host's name (resolved on the first call, once) */
    public String getLockingMode() {
        return lockingMode;
    }

    public String getLockingUriPattern() {
        return lockingUriPattern;
    }

    public long getLockTimeoutMs() {
        return lockTimeoutMs;
    }

    public String getNodeName() {
        String name = nodeName;
        if (name == null) {
            synchronized (this) {
                name = nodeName;
                if (name == null) {
                    name = defaultNodeName(hostName);
                    nodeName = name;
                }
            }
        }
        return name;
    }

    /** The effective configuration with the password and secret masked; safe to log. */
    @Override
    public String toString() {
        return "SessiondbConfig{jdbcUrl=" + UrlSecrets.mask(jdbcUrl) + ", username=" + username
                + ", password=" + mask(getPassword()) + ", dataSource=" + (dataSource == null ? null : dataSource.getClass().getName())
                + ", appName=" + appName + ", tableName=" + tableName + ", createSchema=" + createSchema
                + ", maxPoolSize=" + maxPoolSize + ", connectionTimeoutMs=" + connectionTimeoutMs
                + ", failoverTimeoutMs=" + failoverTimeoutMs
                + ", touchInterval=" + touchInterval + ", sweepGraceSeconds=" + sweepGraceSeconds
                + ", principalAttribute=" + principalAttribute + ", lockingMode=" + lockingMode
                + (lockingUriPattern == null ? "" : ", lockingUriPattern=" + lockingUriPattern)
                + ", lockTimeoutMs=" + lockTimeoutMs
                + ", maxSessionBytes=" + maxSessionBytes + ", idSecret=" + mask(idSecret) + ", idSecretFile=" + idSecretFile
                + ", encryptionKeys=" + mask(encryptionKeys) + ", encryptionKeyFile=" + encryptionKeyFile + ", codec=" + codec
                + ", clientInfo=" + clientInfo + ", synchronousCommit=" + synchronousCommit
                + ", historyDays=" + historyDays + ", revocationCheckMs=" + revocationCheckMs + ", indexedAttributes=" + String.join(",", indexedAttributes)
                + ", nodeName=" + (nodeName == null ? "(host name)" : nodeName) + ", serialFilter=" + serialFilter + "}";
    }

    private static String mask(String secret) {
        return secret == null ? null : UrlSecrets.MASK;
    }

    private static boolean isQualifiedIdentifier(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2) {
            return false;
        }
        for (String part : parts) {
            if (!IDENTIFIER.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String defaultNodeName(Supplier<String> hostName) {
        String host = hostName.get();
        return host.length() > DEFAULT_NODE_NAME_MAX_CHARS ? host.substring(0, DEFAULT_NODE_NAME_MAX_CHARS) : host;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            LOG.log(Level.INFO, "sessiondb - this host has no resolvable name ({0}); nodeName defaults to 'node':"
                    + " set nodeName to tell the nodes apart", LogText.line(e.toString()));
            return "node";
        }
    }
}
