package io.sessiondb.tomcat;

import io.sessiondb.core.Baseline;
import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.LogText;
import io.sessiondb.core.RevocationCheck;
import io.sessiondb.core.SaveResult;
import io.sessiondb.core.SessionLocking;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.UnreadableSessionException;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Engine;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Manager;
import org.apache.catalina.Session;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.session.ManagerBase;
import org.apache.catalina.session.PersistentManagerBase;
import org.apache.catalina.session.StandardSession;
import org.apache.catalina.session.StoreBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * A {@link org.apache.catalina.Store} for Tomcat's {@code PersistentManager} that keeps sessions in a
 * database table through sessiondb's {@link SessionRepository}. Configure it in {@code context.xml}:
 *
 * <pre>{@code
 * <Manager className="org.apache.catalina.session.PersistentManager" processExpiresFrequency="1">
 *   <Store className="io.sessiondb.tomcat.SessiondbStore" jdbcUrl="jdbc:postgresql://db:5432/app"
 *          username="app" password="..."/>
 * </Manager>
 * }</pre>
 *
 * <p>Every attribute is one {@link SessiondbConfig} property (see {@code docs/tomcat.md} for defaults);
 * {@code appName} defaults to the context name on the engine's default host and to
 * {@code <host name>/<context name>} on any other host, {@code dataSourceName} names a DataSource in the
 * context's {@code java:comp/env} to use instead of {@code jdbcUrl}. A bad or unknown attribute fails
 * the start of the context with a message naming it.
 *
 * <p>A context with no {@link SessiondbValve} gets one from the store at start, in its sticky mode
 * without the 503 answer: it saves each request's session before the response is committed, so that
 * a client that reads a response and at once asks another node finds the session as it left it.
 *
 * <p>Unlike Tomcat's own stores, {@link #load} throws the unchecked {@link SessionStoreException} when
 * the database fails: Tomcat turns an {@code IOException} from a load into "no session" and hands out
 * a new, empty session, which would replace the user's cookie. {@link #keys()} is always empty (ids
 * are never stored in clear) and {@link #processExpires()} claims expired sessions in the database so
 * that each one's listeners fire once in the cluster.
 */
public final class SessiondbStore extends StoreBase {

    private static final Log log = LogFactory.getLog(SessiondbStore.class);
    /** Tomcat 9.0's JVM-wide switch for what {@code ManagerBase.setSessionActivityCheck} does per manager on 10.1+. */
    private static final String TOMCAT9_ACTIVITY_CHECK = "org.apache.catalina.session.StandardSession.ACTIVITY_CHECK";
    private static final String NAME = "SessiondbStore";

    private final StoreSettings settings = new StoreSettings();
    /** An id the current request already found missing, so that Tomcat's further lookups cost no query. */
    private final ThreadLocal<String> knownMissing = new ThreadLocal<>();
    /** The client of the request this thread serves ({@link io.sessiondb.core.ClientInfo} keys), set by the valve. */
    private final ThreadLocal<Map<String, String>> requestClient = new ThreadLocal<>();
    private volatile RevocationCheck revocationCheck;
    private final SessionEndings endings = new SessionEndings();
    /** Ids whose load threw, whose swap-in lock Tomcat left behind: released at each expiry cycle. */
    private final FailedSwapIns failedSwapIns = new FailedSwapIns();
    private final UnreadableSessions unreadableSessions = new UnreadableSessions();
    private volatile SessiondbConfig config;
    private volatile DataSource dataSource;
    private volatile long lastSweepMs;
    private volatile SessiondbValve addedValve;
    private volatile SessionRepository repository;
    private volatile SessionLocking locking;
    private volatile SessionMapper mapper;
    private volatile ExpirySweeper sweeper;
    private volatile ClassNameFilter classNameFilter;

    /** Creates a store; set its attributes, then hand it to a {@code PersistentManager}. */
    public SessiondbStore() {
    }

    /** JDBC URL of the session database; this or {@code dataSourceName} is required. */
    public void setJdbcUrl(String jdbcUrl) {
        settings.set("jdbcUrl", jdbcUrl);
    }

    /** Database user for {@code jdbcUrl}; optional when the URL carries it. */
    public void setUsername(String username) {
        settings.set("username", username);
    }

    /** Database password for {@code jdbcUrl}; never logged. */
    public void setPassword(String password) {
        settings.set("password", password);
    }

    /** JNDI name of a {@link DataSource} in the context's {@code java:comp/env} (e.g. {@code jdbc/sessions}), used instead of {@code jdbcUrl}. */
    public void setDataSourceName(String dataSourceName) {
        settings.set("dataSourceName", dataSourceName);
    }

    /**
     * A ready pool to use instead of {@code jdbcUrl} or {@code dataSourceName}, for embedded Tomcats (the
     * Spring Boot starter hands over the application's own {@code DataSource}); sessiondb never closes it.
     */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Identity of the webapp in the shared table; default the context name ({@code ROOT} for the root
     * context) on the engine's default host, {@code <host name>/<context name>} on any other host.
     */
    public void setAppName(String appName) {
        settings.set("appName", appName);
    }

    /** Session table, default {@value SessiondbConfig#DEFAULT_TABLE_NAME}, optionally {@code schema.table}. */
    public void setTableName(String tableName) {
        settings.set("tableName", tableName);
    }

    /** {@code true} (default) or {@code false}: create the tables when missing. */
    public void setCreateSchema(String createSchema) {
        settings.set("createSchema", createSchema);
    }

    /** Largest number of pooled connections; default {@value SessiondbConfig#DEFAULT_MAX_POOL_SIZE}. */
    public void setMaxPoolSize(String maxPoolSize) {
        settings.set("maxPoolSize", maxPoolSize);
    }

    /** Longest wait for a connection in milliseconds, i.e. how fast a request fails while the database is down; default 3000. */
    public void setConnectionTimeoutMs(String connectionTimeoutMs) {
        settings.set("connectionTimeoutMs", connectionTimeoutMs);
    }

    /**
     * Longest ride through a database that is gone (a failover) in milliseconds, retrying on fresh
     * connections before the 503; default 10000, 0 turns it off.
     */
    public void setFailoverTimeoutMs(String failoverTimeoutMs) {
        settings.set("failoverTimeoutMs", failoverTimeoutMs);
    }

    /** Seconds between writes of the access time of a session read but not changed; default -1 (automatic). */
    public void setTouchInterval(String touchIntervalSeconds) {
        settings.set("touchInterval", touchIntervalSeconds);
    }

    /**
     * Seconds the expiry sweep waits past a stored expiry; default 0. In the sticky setup set it above the
     * background expiry cycle plus the touch interval (e.g. 120), so that only the node holding a
     * session expires it while that node lives.
     */
    public void setSweepGraceSeconds(String sweepGraceSeconds) {
        settings.set("sweepGraceSeconds", sweepGraceSeconds);
    }

    /** Session attribute naming the user when the container authenticated nobody; optional. */
    public void setPrincipalAttribute(String principalAttribute) {
        settings.set("principalAttribute", principalAttribute);
    }

    /** {@link ObjectInputFilter} pattern for every attribute read; default {@link SessiondbConfig#DEFAULT_SERIAL_FILTER}. */
    public void setSerialFilter(String serialFilter) {
        settings.set("serialFilter", serialFilter);
    }

    /** Largest serialized size of one session's attributes in bytes; default 8 MiB. */
    public void setMaxSessionBytes(String maxSessionBytes) {
        settings.set("maxSessionBytes", maxSessionBytes);
    }

    /**
     * Secrets (16+ characters each, same on every node, comma-separated: the first for new writes, all
     * for reads) keying the stored id digests and seals; recommended. @see SessiondbConfig#setIdSecret
     */
    public void setIdSecret(String idSecret) {
        settings.set("idSecret", idSecret);
    }

    /** File holding the idSecrets, one per line, instead of {@code idSecret}. @see SessiondbConfig#setIdSecretFile */
    public void setIdSecretFile(String idSecretFile) {
        settings.set("idSecretFile", idSecretFile);
    }

    /**
     * Keys (32 random bytes in base64 each, same on every node, comma-separated: the first encrypts new
     * writes, all decrypt) that encrypt attribute values at rest. @see SessiondbConfig#setEncryptionKeys
     */
    public void setEncryptionKeys(String encryptionKeys) {
        settings.set("encryptionKeys", encryptionKeys);
    }

    /** File holding the encryption keys, one per line, instead of {@code encryptionKeys}. @see SessiondbConfig#setEncryptionKeyFile */
    public void setEncryptionKeyFile(String encryptionKeyFile) {
        settings.set("encryptionKeyFile", encryptionKeyFile);
    }

    /** {@code java} (default), {@code json} or {@code mixed}. @see SessiondbConfig#setCodec */
    public void setCodec(String codec) {
        settings.set("codec", codec);
    }

    /** Name of this node, stored as a session's last writer; default the host name. */
    public void setNodeName(String nodeName) {
        settings.set("nodeName", nodeName);
    }

    /**
     * Session lock across nodes (non-sticky setups): {@code none} (default), {@code all} or
     * {@code uriPattern}: a request takes a lease on its session and concurrent requests of that session
     * on any node wait for it. See {@link io.sessiondb.core.SessionLocking}.
     */
    public void setLockingMode(String lockingMode) {
        settings.set("lockingMode", lockingMode);
    }

    /** With {@code lockingMode="uriPattern"}: regular expression of the request URIs that take the lease. */
    public void setLockingUriPattern(String lockingUriPattern) {
        settings.set("lockingUriPattern", lockingUriPattern);
    }

    /** Longest wait for a session's lease held by another request, in milliseconds, then 503; default 10000. */
    public void setLockTimeoutMs(String lockTimeoutMs) {
        settings.set("lockTimeoutMs", lockTimeoutMs);
    }

    /**
     * Whether each session records the client address ({@code request.getRemoteAddr()}, so a
     * {@code RemoteIpValve} decides which proxies are trusted), user agent, client type and the node
     * that created it; default {@code true}.
     */
    public void setClientInfo(String clientInfo) {
        settings.set("clientInfo", clientInfo);
    }

    /**
     * Whether a save's commit waits for the database's log flush; default {@code true}. {@code false}: on
     * PostgreSQL, saves commit with {@code synchronous_commit = off} (a database crash can lose the last
     * acknowledged ones); ignored with a WARN elsewhere. See {@link SessiondbConfig#setSynchronousCommit}.
     */
    public void setSynchronousCommit(String synchronousCommit) {
        settings.set("synchronousCommit", synchronousCommit);
    }

    /** Days a row of an ended session is kept in {@code <table>_history}; default 30, {@code 0} writes none. */
    public void setHistoryDays(String historyDays) {
        settings.set("historyDays", historyDays);
    }

    /**
     * Sticky setups: longest time in ms between two checks for sessions an operator revoked; default
     * {@code 0}, every request checks (a revoked session is dead at its very next request).
     */
    public void setRevocationCheckMs(String revocationCheckMs) {
        settings.set("revocationCheckMs", revocationCheckMs);
    }

    /** Comma-separated names of attributes whose values are indexed (a tenant id); default none. */
    public void setIndexedAttributes(String indexedAttributes) {
        settings.set("indexedAttributes", indexedAttributes);
    }

    /**
     * Called by Tomcat's digester for an attribute with no setter: it is recorded, and the start then
     * fails naming it, so that a misspelt attribute is not silently ignored.
     *
     * @return always {@code true} (the failure comes at start)
     */
    public boolean setProperty(String name, String value) {
        settings.setUnknown(name, value);
        return true;
    }

    @Override
    public String getStoreName() {
        return NAME;
    }

    /** @return the session lock of {@code lockingMode}; {@code null} when the store is not started */
    SessionLocking locking() {
        return locking;
    }

    /** @return the running repository, e.g. for its metrics; {@code null} when the store is not started */
    public SessionRepository getRepository() {
        return repository;
    }

    /**
     * @return when the last expiry sweep of this store ended (epoch ms, whether it found expired sessions or
     * failed), or {@code 0} before the first; a health check tells a stopped background processor by it
     */
    public long getLastSweepMs() {
        return lastSweepMs;
    }

    /** @return seconds a client should wait before retrying after a failure: {@link SessiondbConfig#retryAfterSeconds()} */
    int retryAfterSeconds() {
        SessiondbConfig current = config;
        if (current == null) {
            throw new IllegalStateException("sessiondb: the store is not started");
        }
        return current.retryAfterSeconds();
    }

    /**
     * @return the {@code appName} used when none is set: the context name ({@code ROOT} for the root
     * context) on the engine's default host, {@code <host name>/<context name>} on any other host
     */
    static String defaultAppName(Context context) {
        String contextName = contextName(context);
        Container parent = context.getParent();
        if (parent instanceof Host host && host.getParent() instanceof Engine engine
                && engine.getDefaultHost() != null && !host.getName().equalsIgnoreCase(engine.getDefaultHost())) {
            return host.getName() + "/" + contextName;
        }
        return contextName;
    }

    private static String contextName(Context context) {
        return context.getName().isEmpty() ? "ROOT" : context.getName().replaceFirst("^/", "");
    }

    @Override
    protected void startInternal() throws LifecycleException {
        Context context = manager.getContext();
        String contextName = LogText.of(contextName(context));
        SessiondbConfig config;
        try {
            String dataSourceName = settings.get("dataSourceName");
            DataSource dataSource = dataSourceName == null ? this.dataSource : ConnectionSetup.lookupDataSource(context, dataSourceName);
            if (dataSourceName != null && this.dataSource != null) {
                throw new IllegalArgumentException("dataSourceName and a DataSource object are both set: set only one");
            }
            config = settings.toConfig(defaultAppName(context), dataSource);
        } catch (IllegalArgumentException e) {
            throw new LifecycleException("sessiondb: the <Store className=\"" + getClass().getName() + "\"> of context ["
                    + contextName + "] is misconfigured: " + e.getMessage(), e);
        }
        ClassLoader previous = ConnectionSetup.useOwnClassLoader();
        try {
            ConnectionSetup.registerDriverFor(config.getJdbcUrl());
            repository = SessionRepository.start(config);
        } catch (RuntimeException e) {
            throw new LifecycleException("sessiondb: the store of context [" + contextName + "] cannot start: "
                    + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        this.config = config;
        locking = SessionLocking.of(repository);
        revocationCheck = new RevocationCheck(config.getRevocationCheckMs());
        Manager sessions = manager;
        repository.metrics().reportActiveSessions(() -> sessions.getActiveSessions());
        mapper = new SessionMapper(config.getPrincipalAttribute());
        sweeper = new ExpirySweeper(repository, mapper, manager);
        addValveIfNone(context);
        endings.listenTo(context);
        setState(LifecycleState.STARTING);
    }

    /** Gives a context without a {@link SessiondbValve} the one that saves sessions before the response is committed. */
    private void addValveIfNone(Context context) {
        for (Valve valve : context.getPipeline().getValves()) {
            if (valve instanceof SessiondbValve ours) {
                if (!ours.isSticky() && manager instanceof ManagerBase base) {
                    enableActivityCheck(base);
                }
                return;
            }
        }
        SessiondbValve valve = SessiondbValve.saveBeforeCommitOnly();
        context.getPipeline().addValve(valve);
        addedValve = valve;
    }

    /**
     * Non-sticky, a session is in memory only while requests use it: with the activity check Tomcat never
     * expires it under a request that outlasts its max inactive interval. Tomcat 9.0 has no such setter,
     * only a JVM-wide system property (docs/tomcat.md, "Tomcat 9.0").
     */
    private static void enableActivityCheck(ManagerBase manager) {
        try {
            manager.setSessionActivityCheck(true);
        } catch (NoSuchMethodError tomcat9) {
            if (!Boolean.getBoolean(TOMCAT9_ACTIVITY_CHECK) && !Boolean.getBoolean("org.apache.catalina.STRICT_SERVLET_COMPLIANCE")) {
                log.info("sessiondb - on Tomcat 9.0 add -D" + TOMCAT9_ACTIVITY_CHECK + "=true to CATALINA_OPTS"
                        + " (bin/setenv.sh): without it a request that outlasts its session's max inactive interval"
                        + " may see the session expire under it");
            }
        }
    }

    @Override
    protected void stopInternal() throws LifecycleException {
        setState(LifecycleState.STOPPING);
        SessiondbValve valve = addedValve;
        addedValve = null;
        if (valve != null && manager != null && manager.getContext() != null) {
            manager.getContext().getPipeline().removeValve(valve);
        }
        SessionRepository repo = repository;
        repository = null;
        sweeper = null;
        if (repo != null) {
            ClassLoader previous = ConnectionSetup.useOwnClassLoader();
            try {
                repo.close();
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }

    /**
     * Reads a session. An expired one is handed to its destroy listeners here when this node wins its
     * claim, and is reported as absent either way.
     *
     * A session whose stored row cannot be read as a whole ({@link UnreadableSessionException}: corrupt
     * metadata) is reported absent and logged once; its row is left as it is.
     *
     * @return the session, or {@code null} when there is none (or it had expired, or its row is unreadable)
     * @throws SessionStoreException when the database fails or cannot be reached; never reported as "no session"
     */
    @Override
    public Session load(String id) {
        if (id.equals(knownMissing.get()) || failedSwapIns.releasing()) {
            return null;
        }
        try {
            return loadStored(id);
        } catch (UnreadableSessionException e) {
            unreadableSessions.report(id, e);
            return null;
        } catch (RuntimeException e) {
            failedSwapIns.failed(id); // Tomcat's swapIn, when it called this, now holds a lock for the id: released later
            throw e;
        }
    }

    private Session loadStored(String id) {
        SessionRepository repo = started();
        ExpirySweeper expiry = sweeper;
        Optional<LoadedSession> found = repo.loadLazily(id, webappClassLoader(), extraFilter());
        if (found.isEmpty()) {
            return null;
        }
        LoadedSession loaded = found.get();
        if (loaded.expired()) {
            expiry.expireLoaded(loaded);
            return null;
        }
        SessiondbSession session = mapper.toSession(loaded, manager);
        session.setNote(StoredState.NOTE, new StoredState(id, loaded.baseline()));
        return session;
    }

    /**
     * Removes the swap-in locks Tomcat's {@code PersistentManagerBase.swapIn} leaves in its map when a
     * load throws (see {@link FailedSwapIns}). Runs at every expiry cycle, and after the valve's failed load.
     */
    void releaseFailedSwapIns() {
        if (manager instanceof PersistentManagerBase persistent) {
            failedSwapIns.release(persistent);
        } else {
            failedSwapIns.clear();
        }
    }

    /**
     * @return the session of {@code request} if it has one in memory (or created one), or {@code null};
     * never reads the database for a requested session the request did not use
     */
    Session sessionOf(Request request, PersistentManagerBase persistent) {
        String requested = request.getRequestedSessionId();
        if (requested == null || persistent.isLoaded(requested) || requested.equals(knownMissing.get())) {
            return request.getSessionInternal(false);
        }
        String previous = knownMissing.get();
        knownMissing.set(requested);
        try {
            return request.getSessionInternal(false);
        } finally {
            if (previous == null) {
                knownMissing.remove();
            } else {
                knownMissing.set(previous);
            }
        }
    }

    /**
     * Marks {@code id} as missing for the rest of the current request on this thread: Tomcat looks the
     * requested session up several times per request (the authenticator, the webapp, the valve), and
     * each lookup of a session that is not in memory would read the database again.
     */
    void rememberMissing(String id) {
        knownMissing.set(id);
    }

    /** Ends what {@link #rememberMissing} started; called when the request ends. */
    void forgetMissing() {
        knownMissing.remove();
    }

    /**
     * Records the client of the request this thread starts serving, for the saves it makes (not when
     * {@code clientInfo} is off). Saves outside a request (Tomcat's background persistence) record none
     * and keep what is stored.
     */
    void enterRequest(org.apache.catalina.connector.Request request) {
        SessiondbConfig current = config;
        if (current != null && current.isClientInfo()) {
            requestClient.set(io.sessiondb.core.ClientInfo.of(request.getRemoteAddr(), request.getHeader("User-Agent")));
        }
    }

    /** Ends what {@link #enterRequest} started. */
    void exitRequest() {
        requestClient.remove();
    }

    /**
     * Sticky setups: at every request (or at most once per {@code revocationCheckMs}), asks the database for the
     * sessions of this app revoked since the last check, and expires those this node holds in memory
     * (their listeners fire here if this node wins the expiry claim; otherwise the winner fires them and
     * the copy here is dropped). Called by the valve at the start of a request, before the webapp sees
     * its session. A failure is logged and the request goes on; the next check repeats the window.
     */
    void dropRevoked() {
        SessionRepository repo = repository;
        ExpirySweeper expiry = sweeper;
        if (repo == null || expiry == null || !(manager instanceof PersistentManagerBase persistent)) {
            return;
        }
        RevocationCheck check = revocationCheck;
        if (check == null) {
            return;
        }
        check.run(repo, ids -> {
            for (String id : ids) {
                if (persistent.isLoaded(id)) {
                    expiry.expireRevoked(id, webappClassLoader(), extraFilter());
                }
            }
        });
    }

    /**
     * Writes what changed in the session since it was loaded or last saved.
     *
     * @throws IOException wrapping the {@link SessionStoreException} when the database fails
     */
    @Override
    public void save(Session session) throws IOException {
        try {
            persist(session, false);
        } catch (SessionStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Same as {@link #save} but throws the {@link SessionStoreException} itself, for the valve.
     *
     * @param byRequest whether a request saves it (the valve): the request counts as an access up to now,
     *                  as Tomcat's {@code endAccess} makes it when the request ends, so that a request that
     *                  held its session past the max inactive interval does not store it expired already.
     *                  Tomcat's own saves (background persistence, unload) keep the session's times.
     * @return what the save did
     */
    SaveResult.Outcome persist(Session session, boolean byRequest) {
        SessionRepository repo = started();
        StandardSession standard = (StandardSession) session;
        // One save of a session at a time (a request's save before its response, the end of the request,
        // the manager's background backup, which holds this same lock when it calls save): each save
        // starts from the baseline the previous one stored, so a slower, older save never overwrites a newer.
        synchronized (standard) {
            String id = standard.getIdInternal();
            StoredState state = (StoredState) standard.getNote(StoredState.NOTE);
            Baseline baseline = null;
            // Tomcat's changeSessionId does not tell the store: rename the row now. When Tomcat's
            // PersistentManager already removed the old id, the rename finds nothing and the session is inserted.
            if (state != null && (state.storedId().equals(id) || repo.changeId(state.storedId(), id))) {
                baseline = state.baseline();
            }
            Map<String, String> client = requestClient.get();
            SaveResult result = repo.save(mapper.snapshot(standard, client == null ? Map.of() : client,
                    byRequest ? System.currentTimeMillis() : 0), baseline);
            if (result.outcome() == SaveResult.Outcome.GONE) {
                if (log.isDebugEnabled()) {
                    log.debug("sessiondb - session " + LogText.id(id) + " was invalidated or expired elsewhere; not saved");
                }
            } else {
                standard.setNote(StoredState.NOTE, new StoredState(id, result.baseline()));
            }
            return result.outcome();
        }
    }

    /**
     * Deletes a session: one that ends (invalidation, expiry) with its history row; the old id of a
     * session whose id changed (Tomcat removes it before the session is saved under its new id) without.
     */
    @Override
    public void remove(String id) throws IOException {
        boolean ends = endings.take(id);
        ExpirySweeper expiry = sweeper;
        if (expiry != null && expiry.isExpiring(id)) {
            return; // the expiry protocol deletes the row once its listeners have fired
        }
        try {
            if (ends) {
                started().delete(id);
            } else {
                started().deleteRenamed(id);
            }
        } catch (SessionStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Not supported: the table is shared by nodes and webapps.
     *
     * @throws IOException always
     */
    @Override
    public void clear() throws IOException {
        throw new IOException("sessiondb does not clear the shared session table; delete rows by app with SQL instead");
    }

    /** @return the number of live sessions of this webapp in the database (a count, no session is read) */
    @Override
    public int getSize() throws IOException {
        try {
            return (int) Math.min(Integer.MAX_VALUE, started().count());
        } catch (SessionStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * @return always empty: ids are stored only as digests, and listing them would make Tomcat load every
     * session at start
     */
    @Override
    public String[] keys() {
        return new String[0];
    }

    /**
     * Claims expired sessions in the database (an index range scan, its cost grows with the expired
     * sessions only), fires each one's destroy listeners and deletes it. Concurrent nodes claim
     * disjoint sessions, so each session's listeners fire once in the cluster.
     */
    @Override
    public void processExpires() {
        releaseFailedSwapIns();
        ExpirySweeper current = sweeper;
        if (current != null && getState().isAvailable()) {
            current.sweep(webappClassLoader(), extraFilter());
            dropRevoked();
            lastSweepMs = System.currentTimeMillis();
        }
    }

    private SessionRepository started() {
        SessionRepository repo = repository;
        if (repo == null) {
            throw new IllegalStateException("sessiondb: the store is not started");
        }
        return repo;
    }

    private ClassLoader webappClassLoader() {
        Context context = manager.getContext();
        if (context != null && context.getLoader() != null && context.getLoader().getClassLoader() != null) {
            return context.getLoader().getClassLoader();
        }
        return Thread.currentThread().getContextClassLoader();
    }

    /** @return Tomcat's {@code sessionAttributeValueClassNameFilter} as a filter, or {@code null} when unset */
    private ObjectInputFilter extraFilter() {
        if (!(manager instanceof ManagerBase base)) {
            return null;
        }
        String regex = base.getSessionAttributeValueClassNameFilter();
        if (regex == null || regex.isEmpty()) {
            return null;
        }
        ClassNameFilter cached = classNameFilter;
        if (cached == null || !cached.regex().equals(regex)) {
            cached = new ClassNameFilter(regex, base.getWarnOnSessionAttributeFilterFailure());
            classNameFilter = cached;
        }
        return cached;
    }
}
