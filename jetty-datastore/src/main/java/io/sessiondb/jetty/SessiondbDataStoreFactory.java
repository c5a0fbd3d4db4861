package io.sessiondb.jetty;

import io.sessiondb.core.LogText;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.StaticResourceFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.session.AbstractSessionDataStoreFactory;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.SessionCache;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a {@link SessiondbDataStore} for each webapp context. Add it to the {@code Server} as a bean
 * (or enable the {@code sessiondb} Jetty module, which does so from {@code sessiondb.*} properties):
 *
 * <pre>{@code
 * server.addBean(new SessiondbSessionCacheFactory());   // non-sticky; leave out for sticky sessions
 * server.addBean(new SessiondbDataStoreFactory("jdbc:postgresql://db:5432/app?user=app"));
 * }</pre>
 *
 * <p>The setters are those of {@link SessiondbConfig} (same names, same defaults, same checks), plus
 * {@link #setExpiryBatch}, {@link #setFilter} and Jetty's {@code gracePeriodSec} and
 * {@code savePeriodSec}. For each context the factory also makes the context's session cache flush
 * the session when the response is committed (read-your-writes on any node), puts an
 * {@link OutageGuard} after the session handler so that an unreachable database gives 503 (with
 * {@link SessiondbConfig#retryAfterSeconds()} as {@code Retry-After}), never a new session, marks
 * the context's requests for static resources so that they touch no session, and tells the store
 * which sessions the context's requests are using, so that none is expired under its request.
 */
public final class SessiondbDataStoreFactory extends AbstractSessionDataStoreFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SessiondbDataStoreFactory.class);

    /**
     * Default {@link #setFilter filter}: request URIs of static resources (style sheets, scripts and
     * their source maps, images, icons, fonts), matched case-insensitively. The same as the Tomcat
     * valve's default.
     */
    public static final String DEFAULT_FILTER = StaticResourceFilter.DEFAULT;

    private final Map<String, Consumer<SessiondbConfig>> settings = new LinkedHashMap<>();
    private int expiryBatch = SessiondbDataStore.DEFAULT_EXPIRY_BATCH;
    private StaticResourceFilter filter = StaticResourceFilter.of(DEFAULT_FILTER, "sessiondb.filter");

    /** A factory to configure with setters (Jetty XML). */
    public SessiondbDataStoreFactory() {
    }

    /** A factory for the database at {@code jdbcUrl}, otherwise with the defaults. */
    public SessiondbDataStoreFactory(String jdbcUrl) {
        setJdbcUrl(jdbcUrl);
    }

    /** @see SessiondbConfig#setJdbcUrl */
    public void setJdbcUrl(String jdbcUrl) {
        set("jdbcUrl", c -> c.setJdbcUrl(jdbcUrl));
    }

    /** @see SessiondbConfig#setUsername */
    public void setUsername(String username) {
        set("username", c -> c.setUsername(username));
    }

    /** @see SessiondbConfig#setPassword */
    public void setPassword(String password) {
        set("password", c -> c.setPassword(password));
    }

    /** A ready pool, instead of a {@code jdbcUrl}; never closed by sessiondb. @see SessiondbConfig#setDataSource */
    public void setDataSource(DataSource dataSource) {
        set("dataSource", c -> c.setDataSource(dataSource));
    }

    /**
     * Name of the webapp in the table; default the context path without its slash ({@code ROOT} for
     * {@code /}), prefixed with {@code <first virtual host>/} when the context has virtual hosts.
     */
    public void setAppName(String appName) {
        set("appName", c -> c.setAppName(appName));
    }

    /** @see SessiondbConfig#setTableName */
    public void setTableName(String tableName) {
        set("tableName", c -> c.setTableName(tableName));
    }

    /** @see SessiondbConfig#setCreateSchema */
    public void setCreateSchema(boolean createSchema) {
        set("createSchema", c -> c.setCreateSchema(createSchema));
    }

    /** @see SessiondbConfig#setMaxPoolSize */
    public void setMaxPoolSize(int maxPoolSize) {
        set("maxPoolSize", c -> c.setMaxPoolSize(maxPoolSize));
    }

    /** @see SessiondbConfig#setConnectionTimeoutMs */
    public void setConnectionTimeoutMs(long connectionTimeoutMs) {
        set("connectionTimeoutMs", c -> c.setConnectionTimeoutMs(connectionTimeoutMs));
    }

    /** Milliseconds an operation rides through a database failover; {@code 0} off. @see SessiondbConfig#setFailoverTimeoutMs */
    public void setFailoverTimeoutMs(long failoverTimeoutMs) {
        set("failoverTimeoutMs", c -> c.setFailoverTimeoutMs(failoverTimeoutMs));
    }

    /** Seconds; {@code -1} automatic. @see SessiondbConfig#setTouchInterval */
    public void setTouchInterval(int touchIntervalSeconds) {
        set("touchInterval", c -> c.setTouchInterval(touchIntervalSeconds));
    }

    /** Seconds; default 0. @see SessiondbConfig#setSweepGraceSeconds */
    public void setSweepGraceSeconds(int sweepGraceSeconds) {
        set("sweepGraceSeconds", c -> c.setSweepGraceSeconds(sweepGraceSeconds));
    }

    /** @see SessiondbConfig#setPrincipalAttribute */
    public void setPrincipalAttribute(String principalAttribute) {
        set("principalAttribute", c -> c.setPrincipalAttribute(principalAttribute));
    }

    /** @see SessiondbConfig#setSerialFilter */
    public void setSerialFilter(String serialFilter) {
        set("serialFilter", c -> c.setSerialFilter(serialFilter));
    }

    /** @see SessiondbConfig#setMaxSessionBytes */
    public void setMaxSessionBytes(int maxSessionBytes) {
        set("maxSessionBytes", c -> c.setMaxSessionBytes(maxSessionBytes));
    }

    /** @see SessiondbConfig#setIdSecret */
    public void setIdSecret(String idSecret) {
        set("idSecret", c -> c.setIdSecret(idSecret));
    }

    /** @see SessiondbConfig#setNodeName */
    public void setNodeName(String nodeName) {
        set("nodeName", c -> c.setNodeName(nodeName));
    }

    /** @see SessiondbConfig#setIdSecretFile */
    public void setIdSecretFile(String idSecretFile) {
        set("idSecretFile", c -> c.setIdSecretFile(idSecretFile));
    }

    /** @see SessiondbConfig#setEncryptionKeys */
    public void setEncryptionKeys(String encryptionKeys) {
        set("encryptionKeys", c -> c.setEncryptionKeys(encryptionKeys));
    }

    /** @see SessiondbConfig#setEncryptionKeyFile */
    public void setEncryptionKeyFile(String encryptionKeyFile) {
        set("encryptionKeyFile", c -> c.setEncryptionKeyFile(encryptionKeyFile));
    }

    /** {@code java} (default), {@code json} or {@code mixed}. @see SessiondbConfig#setCodec */
    public void setCodec(String codec) {
        set("codec", c -> c.setCodec(codec));
    }

    /** @see SessiondbConfig#setClientInfo */
    public void setClientInfo(boolean clientInfo) {
        set("clientInfo", c -> c.setClientInfo(clientInfo));
    }

    /** @see SessiondbConfig#setRevocationCheckMs */
    public void setRevocationCheckMs(long revocationCheckMs) {
        set("revocationCheckMs", c -> c.setRevocationCheckMs(revocationCheckMs));
    }

    /** @see SessiondbConfig#setSynchronousCommit */
    public void setSynchronousCommit(boolean synchronousCommit) {
        set("synchronousCommit", c -> c.setSynchronousCommit(synchronousCommit));
    }

    /** @see SessiondbConfig#setHistoryDays */
    public void setHistoryDays(int historyDays) {
        set("historyDays", c -> c.setHistoryDays(historyDays));
    }

    /** @see SessiondbConfig#setIndexedAttributes */
    public void setIndexedAttributes(String indexedAttributes) {
        set("indexedAttributes", c -> c.setIndexedAttributes(indexedAttributes));
    }

    /**
     * Session lock across nodes, for the non-sticky setup ({@link SessiondbSessionCacheFactory}):
     * {@code none} (default), {@code all} or {@code uriPattern}. A covered request takes a lease on its
     * session before the session is loaded and gives it up after the session is saved; requests of that
     * session on any node wait for it, at most {@link #setLockTimeoutMs lockTimeoutMs} (then 503). With
     * Jetty's default (sticky) session cache it is ignored, with a warning.
     *
     * @see SessiondbConfig#setLockingMode
     */
    public void setLockingMode(String lockingMode) {
        set("lockingMode", c -> c.setLockingMode(lockingMode));
    }

    /**
     * With {@code lockingMode=uriPattern}: regular expression of the request paths (decoded, with the
     * context path, without the query string, matched whole) that take the lease.
     *
     * @see SessiondbConfig#setLockingUriPattern
     */
    public void setLockingUriPattern(String lockingUriPattern) {
        set("lockingUriPattern", c -> c.setLockingUriPattern(lockingUriPattern));
    }

    /** Longest wait for a session's lease, in ms, before the 503; default 10000. @see SessiondbConfig#setLockTimeoutMs */
    public void setLockTimeoutMs(long lockTimeoutMs) {
        set("lockTimeoutMs", c -> c.setLockTimeoutMs(lockTimeoutMs));
    }

    /** Largest number of expired sessions a node claims per scavenge; default {@value SessiondbDataStore#DEFAULT_EXPIRY_BATCH}. */
    public void setExpiryBatch(int expiryBatch) {
        if (expiryBatch < 1) {
            throw new IllegalArgumentException("expiryBatch cannot be less than 1");
        }
        this.expiryBatch = expiryBatch;
    }

    /** @return the largest number of expired sessions a node claims per scavenge */
    public int getExpiryBatch() {
        return expiryBatch;
    }

    /**
     * Regular expression of request paths (decoded, with the context path, without the query string,
     * matched whole) whose requests never load or save a session: static resources. Such a request
     * runs no statement and answers while the database is down; the webapp sees no session in it.
     * Default {@link #DEFAULT_FILTER}; {@code ""} (or {@code null}) turns it off, so that every
     * request loads its session.
     *
     * @throws IllegalArgumentException naming {@code filter} when the expression does not compile
     */
    public void setFilter(String filter) {
        this.filter = StaticResourceFilter.of(filter, "sessiondb.filter");
    }

    /** @return the filter expression, or {@code ""} when every request loads its session */
    public String getFilter() {
        return filter.pattern();
    }

    /** @return a new config with every value set on this factory; the app name stays unset unless set here */
    SessiondbConfig newConfig() {
        SessiondbConfig config = new SessiondbConfig();
        settings.values().forEach(s -> s.accept(config));
        return config;
    }

    @Override
    public SessionDataStore getSessionDataStore(SessionManager manager) throws Exception {
        configureCache(manager);
        SessiondbConfig config = newConfig();
        if (manager instanceof Handler.Singleton sessionHandler) {
            OutageGuard.install(sessionHandler, manager, config.retryAfterSeconds());
        } else {
            LOG.warn("sessiondb - {} is not a handler wrapper: requests during a database outage get no 503 guard", manager);
        }
        SessionlessRequests sessionless = filter == StaticResourceFilter.NONE ? null : SessionlessRequests.install(manager, filter);
        if (filter != StaticResourceFilter.NONE && sessionless == null) {
            LOG.warn("sessiondb - {} has no context handler: requests for static resources (filter) load their session",
                    manager);
        }
        SessiondbDataStore store = new SessiondbDataStore(config, expiryBatch, sessionless);
        LocalSessions local = new LocalSessions(manager);
        store.setLocalSessions(local);
        if (!RequestStart.install(manager, store, local)) {
            LOG.warn("sessiondb - {} has no context handler: no client is recorded and a node's session cache drops a"
                    + " revoked session only at its next scavenge", manager);
        }
        installLeases(manager, config, store, sessionless);
        store.setGracePeriodSec(getGracePeriodSec());
        store.setSavePeriodSec(getSavePeriodSec());
        return store;
    }

    /** With {@code lockingMode} other than {@code none}: the session lock, which only sessiondb's cache takes. */
    private static void installLeases(SessionManager manager, SessiondbConfig config, SessiondbDataStore store,
                                      SessionlessRequests sessionless) {
        if (SessiondbConfig.LOCKING_NONE.equals(config.getLockingMode())) {
            return;
        }
        if (!(manager.getSessionCache() instanceof SessiondbSessionCache)) {
            LOG.warn("sessiondb - lockingMode={} is ignored: the session lock is for the non-sticky setup"
                    + " (sessiondb-cache, SessiondbSessionCacheFactory); a sticky node serializes a session's requests"
                    + " in its memory", config.getLockingMode());
            return;
        }
        SessionLeases leases = SessionLeases.install(manager, store, sessionless);
        if (leases == null) {
            throw new IllegalStateException("lockingMode=" + config.getLockingMode() + " needs a context handler: "
                    + manager + " has none");
        }
        store.setLeases(leases);
    }

    private void configureCache(SessionManager manager) {
        SessionCache cache = manager.getSessionCache();
        if (cache == null) {
            return;
        }
        cache.setFlushOnResponseCommit(true);
        if (cache instanceof NullSessionCache) {
            LOG.warn("sessiondb - session-cache-null loses sessionDestroyed for sessions the scavenger expires:"
                    + " use sessiondb-cache (SessiondbSessionCacheFactory) for non-sticky sessions");
        }
    }

    private void set(String name, Consumer<SessiondbConfig> setting) {
        setting.accept(new SessiondbConfig());
        settings.put(name, setting);
    }
}
