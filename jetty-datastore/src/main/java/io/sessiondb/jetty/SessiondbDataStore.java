package io.sessiondb.jetty;

import io.sessiondb.core.Baseline;
import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.LogText;
import io.sessiondb.core.RevocationCheck;
import io.sessiondb.core.SaveResult;
import io.sessiondb.core.SessionExpiry;
import io.sessiondb.core.SessionLocking;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.UnreadableSessionException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.session.AbstractSessionDataStore;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.UnreadableSessionDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jetty 12 {@code SessionDataStore} that keeps sessions in a database table through store-core's
 * {@link SessionRepository}; it holds no SQL. One instance per webapp context, made by
 * {@link SessiondbDataStoreFactory}.
 *
 * <ul>
 *   <li>Loads read the session and its attributes in one round trip; saves write only the attributes
 *   whose serialized bytes changed since the load (in-place mutation included), so two nodes that
 *   change different attributes of one session lose nothing.</li>
 *   <li>Expiry is claimed in the database, so the destroy listeners of a session run on exactly one
 *   node, also when a request for an expired session races the scavengers.</li>
 *   <li>Database failures propagate as {@link SessionStoreException}; an unreachable database is never
 *   reported as a missing session (see {@link OutageGuard}).</li>
 * </ul>
 */
public final class SessiondbDataStore extends AbstractSessionDataStore {

    /** Default largest number of expired sessions claimed per scavenge: {@value}. */
    public static final int DEFAULT_EXPIRY_BATCH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(SessiondbDataStore.class);
    private static final int ORPHAN_BATCH = 1000;
    /** The longest app name, in characters: {@value} (store-core's {@code appName} limit, the width of column {@code app}). */
    static final int MAX_APP_NAME_CHARS = 100;

    private final SessiondbConfig config;
    private final int expiryBatch;
    private final SessionlessRequests sessionless;
    private volatile LocalSessions local;
    private volatile SessionLeases leases;
    private volatile SessionRepository repository;
    private volatile SessionExpiry expiry;
    private volatile SessionLocking locking;
    private volatile long lastOrphanSweepMs;
    private volatile RevocationCheck revocationCheck;

    /**
     * @param config      the store-core settings; when it has no app name, the context path is used
     *                    ({@code ROOT} for the root context)
     * @param expiryBatch largest number of expired sessions claimed per scavenge, at least 1
     */
    public SessiondbDataStore(SessiondbConfig config, int expiryBatch) {
        this(config, expiryBatch, null);
    }

    /** @param sessionless marks the requests whose session is neither loaded nor saved, or {@code null} */
    SessiondbDataStore(SessiondbConfig config, int expiryBatch, SessionlessRequests sessionless) {
        if (expiryBatch < 1) {
            throw new IllegalArgumentException("expiryBatch cannot be less than 1");
        }
        this.config = config;
        this.expiryBatch = expiryBatch;
        this.sessionless = sessionless;
    }

    @Override
    protected void doStart() throws Exception {
        if (config.getAppName() == null) {
            Context context = _context.getContext();
            config.setAppName(defaultAppName(context == null ? null : context.getContextPath(),
                    context == null ? null : context.getVirtualHosts()));
        }
        repository = SessionRepository.start(config);
        revocationCheck = new RevocationCheck(config.getRevocationCheckMs());
        repository.metrics().reportActiveSessions(this::sessionsInMemory);
        // Jetty's scavenger fires the listeners and then calls delete: the store uses the protocol's claims.
        expiry = new SessionExpiry(repository, id -> inUse(id) ? System.currentTimeMillis() : SessionExpiry.NOT_IN_USE);
        locking = SessionLocking.of(repository);
        lastOrphanSweepMs = System.currentTimeMillis();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        SessionRepository r = repository;
        repository = null;
        locking = null;
        if (r != null) {
            r.close();
        }
        super.doStop();
    }

    /**
     * Gives the store the view of the sessions the context's cache holds on this node: those requests
     * are using are never claimed or reported expired.
     */
    void setLocalSessions(LocalSessions local) {
        this.local = local;
    }

    /** Gives the store the session lock of its context ({@code lockingMode}), which the non-sticky cache takes. */
    void setLeases(SessionLeases leases) {
        this.leases = leases;
    }

    /** @return the session lock of the context, or {@code null} when {@code lockingMode} is {@code none} */
    SessionLeases leases() {
        return leases;
    }

    private long sessionsInMemory() {
        LocalSessions l = local;
        return l == null ? 0 : l.count();
    }

    private boolean inUse(String id) {
        LocalSessions l = local;
        return l != null && l.inUse(id);
    }

    /** @return the session lock of {@code lockingMode}, or {@code null} when the store is not started */
    SessionLocking locking() {
        return locking;
    }

    /** @return whether the client of each request is recorded (setting {@code clientInfo}) */
    boolean isClientInfo() {
        return config.isClientInfo();
    }

    /** @return the repository this store runs on, or {@code null} when stopped */
    public SessionRepository getRepository() {
        return repository;
    }

    /** @return {@code true}: sessions are serialized, so activation listeners are called */
    @Override
    public boolean isPassivating() {
        return true;
    }

    @Override
    public SessionData newSessionData(String id, long created, long accessed, long lastAccessed, long maxInactiveMs) {
        SessiondbSessionData data = new SessiondbSessionData(id, _context.getCanonicalContextPath(), _context.getVhost(),
                created, accessed, lastAccessed, maxInactiveMs);
        data.client(RequestStart.client());
        return data;
    }

    /**
     * Reads a session. An expired one is returned only when this node wins its expiry claim (with an
     * expiry in the past, so that Jetty invalidates it and fires its listeners here); otherwise it is
     * reported absent, because another node is expiring it.
     */
    @Override
    public SessionData doLoad(String id) throws Exception {
        OutageGuard.loadStarted();
        if (isSessionless()) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Session {} not loaded: the request matches the filter of static resources", LogText.id(id));
            }
            return null;
        }
        try {
            return read(id);
        } catch (UnreadableSessionException e) {
            // Jetty's contract: a session that cannot be read as a whole. Not an outage: no 503 for it.
            throw new UnreadableSessionDataException(id, _context, e);
        } catch (SessionStoreException e) {
            // Unreachable or failing: either way the session's state is unknown, not absent, and the
            // guard answers 503. An outage was logged once by the store already: reporting "absent" to
            // Jetty here keeps it from logging a WARN with a stack trace for every request.
            OutageGuard.loadFailed(id);
            if (e.isDatabaseUnreachable()) {
                LOG.debug("Session {} cannot be loaded: {}", LogText.id(id), LogText.of(e.getMessage()));
                return null;
            }
            throw e;
        }
    }

    private SessionData read(String id) {
        Optional<LoadedSession> found = repository.loadLazily(id, classLoader(), null);
        if (found.isEmpty()) {
            return null;
        }
        LoadedSession loaded = found.get();
        SessiondbSessionData data = toSessionData(id, loaded);
        data.client(RequestStart.client());
        if (loaded.expired()) {
            if (!expiry.claim(id)) {
                LOG.debug("Session {} expired and is being expired by another node", LogText.id(id));
                return null;
            }
            data.setExpiry(Math.min(data.getExpiry(), System.currentTimeMillis() - 1));
            if (loaded.revoked() && data.getMaxInactiveMs() <= 0) {
                data.setMaxInactiveMs(1); // Jetty never expires a session without a max inactive interval
            }
        }
        return data;
    }

    private SessiondbSessionData toSessionData(String id, LoadedSession loaded) {
        SessionSnapshot s = loaded.session();
        SessiondbSessionData data = (SessiondbSessionData) newSessionData(id, s.createdMs(), s.lastAccessedMs(),
                s.previousAccessMs(), s.maxInactiveMs());
        data.putAllAttributes(s.attributes());
        data.setExpiry(s.expiryMs() == SessionSnapshot.NEVER ? 0 : s.expiryMs());
        data.setLastNode(loaded.lastNode());
        data.setLastSaved(Math.max(1, s.lastAccessedMs()));
        data.stored(id, loaded.baseline());
        return data;
    }

    /**
     * Jetty's save period: with {@code savePeriodSec > 0}, a session whose attributes were not set or
     * removed ({@link SessiondbSessionData#isAttributeDirty()}) and that was saved less than that long
     * ago is not written. (Jetty's own test is bypassed because {@link SessiondbSessionData#isDirty()}
     * is always true; see there.) An attribute changed in place, without {@code setAttribute}, is then
     * written with the next save that is due.
     */
    @Override
    public void store(String id, SessionData data) throws Exception {
        if (isSessionless()) {
            return;
        }
        if (data instanceof SessiondbSessionData ours && withinSavePeriod(ours)) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Session {} not saved: only access times changed, within savePeriodSec={}", LogText.id(id),
                        getSavePeriodSec());
            }
            return;
        }
        super.store(id, data);
    }

    private boolean isSessionless() {
        return sessionless != null && sessionless.active();
    }

    private boolean withinSavePeriod(SessiondbSessionData data) {
        long savePeriodMs = TimeUnit.SECONDS.toMillis(Math.max(0, getSavePeriodSec()));
        long lastSaved = data.getLastSaved();
        return savePeriodMs > 0 && lastSaved > 0 && !data.isAttributeDirty()
                && System.currentTimeMillis() - lastSaved < savePeriodMs;
    }

    /** Jetty calls {@code store} on every request; it is passed on, and store-core skips what did not change. */
    @Override
    public void doStore(String id, SessionData data, long lastSaveTime) throws Exception {
        SessiondbSessionData ours = data instanceof SessiondbSessionData d ? d : null;
        Baseline baseline = ours == null ? null : ours.baselineFor(id);
        // The client of the request saving it, else of the one that loaded it (a save after the request
        // left the context's scope), else none: the store keeps what it holds.
        Map<String, String> client = RequestStart.client();
        if (client == null) {
            client = ours == null ? Map.of() : ours.client();
        }
        // The expiry Jetty computed (0: never) is stored as given, with Jetty's previous access.
        SessionSnapshot snapshot = new SessionSnapshot(id, data.getCreated(), data.getAccessed(),
                data.getMaxInactiveMs(), principalOf(data), client, ours == null ? data.getAllAttributes() : ours.storedAttributes(),
                data.getLastAccessed(),
                data.getExpiry());
        SaveResult result = repository.save(snapshot, baseline);
        if (result.outcome() == SaveResult.Outcome.GONE) {
            LOG.debug("Session {} is gone from the database (invalidated, expired or renamed); not saved", LogText.id(id));
            return;
        }
        if (LOG.isDebugEnabled()) { // every request of a session ends here: no work for a line not logged
            LOG.debug("Session {} saved: {}, {} attributes written, {} removed", LogText.id(id), result.outcome(),
                    result.attributesWritten(), result.attributesRemoved());
        }
        if (ours != null) {
            ours.stored(id, result.baseline());
        }
    }

    @Override
    public boolean doExists(String id) throws Exception {
        return repository.exists(id);
    }

    @Override
    public boolean delete(String id) throws Exception {
        return repository.delete(id);
    }

    /**
     * Every scavenge: claims the expired candidates and up to {@code expiryBatch} other expired
     * sessions of this app, and prunes history rows older than {@code historyDays} (one bounded batch);
     * every ten grace periods: deletes long-dead sessions of any app.
     */
    @Override
    public Set<String> getExpired(Set<String> candidates) {
        if (!isStarted()) {
            throw new IllegalStateException("Not started");
        }
        LocalSessions l = local;
        if (l != null) {
            dropRevoked(l); // an idle sticky node learns of revocations here, not only at its next request
        }
        long now = System.currentTimeMillis();
        Set<String> expired = new HashSet<>(doCheckExpired(candidates, now));
        expired.addAll(doGetExpired(now));
        long orphanAgeMs = TimeUnit.SECONDS.toMillis(10L * getGracePeriodSec());
        if (now > lastOrphanSweepMs + orphanAgeMs) {
            lastOrphanSweepMs = now;
            doCleanOrphans(now - orphanAgeMs);
        }
        pruneHistory();
        return expired;
    }

    /**
     * @return the candidates whose expiry this node won in the database, and the candidates that are no
     * longer in the database at all, as Jetty's contract asks. A candidate another node has claimed is
     * left to that node, which fires its listeners; a copy in this node's memory of a session that was
     * stored and is gone now (another node expired or invalidated it, and ran its listeners) is dropped
     * from memory without listeners instead of being reported.
     */
    @Override
    public Set<String> doCheckExpired(Set<String> candidates, long time) {
        Set<String> expired = new HashSet<>();
        try {
            for (String id : candidates) {
                if (inUse(id)) {
                    continue;
                }
                if (expiry.claim(id) || isGone(id) && !droppedAsRemovedElsewhere(id)) {
                    expired.add(id);
                }
            }
        } catch (SessionStoreException e) {
            logSweepFailure("checking expired sessions", e);
        }
        return expired;
    }

    private boolean droppedAsRemovedElsewhere(String id) {
        LocalSessions l = local;
        boolean dropped = l != null && l.dropRemovedElsewhere(id);
        if (dropped) {
            LOG.debug("Session {} was removed by another node; dropped from this node's memory", LogText.id(id));
        }
        return dropped;
    }

    /** @return whether no row holds {@code id}: neither live, nor expired, nor claimed by another node */
    private boolean isGone(String id) {
        if (repository.exists(id)) {
            return false;
        }
        return repository.load(id, classLoader()).isEmpty();
    }

    /**
     * Claims up to {@code expiryBatch} sessions of this app that expired at or before {@code before}
     * (and at least {@code sweepGraceSeconds} ago), for this node to expire with their listeners; a
     * session a request on this node holds is released instead (store-core's expiry protocol).
     */
    @Override
    public Set<String> doGetExpired(long before) {
        try {
            return new HashSet<>(expiry.claim(before, expiryBatch));
        } catch (SessionStoreException e) {
            logSweepFailure("claiming expired sessions", e);
            return Set.of();
        }
    }

    /** Deletes, without listeners, sessions of any app sharing the table that expired before {@code time}. */
    @Override
    public void doCleanOrphans(long time) {
        try {
            int deleted = repository.deleteExpiredBefore(time, ORPHAN_BATCH);
            if (deleted > 0) {
                LOG.info("{} - deleted {} orphaned sessions expired before {}", LogText.of(repository.config().getAppName()),
                        deleted, time);
            }
        } catch (SessionStoreException e) {
            logSweepFailure("deleting orphaned sessions", e);
        }
    }

    private void pruneHistory() {
        try {
            repository.pruneHistory();
        } catch (SessionStoreException e) {
            logSweepFailure("pruning the history", e);
        }
    }

    /**
     * Sticky setups (Jetty's session cache keeps sessions between requests): at the start of every request
     * (or at most once per {@code revocationCheckMs}), expires the sessions held here that an operator revoked (see
     * {@link RevocationCheck}): if this node wins the expiry claim, Jetty invalidates its copy and fires
     * the listeners here; otherwise the winner fires them and the copy here is dropped.
     */
    void dropRevoked(LocalSessions sessions) {
        SessionRepository r = repository;
        SessionExpiry e = expiry;
        RevocationCheck check = revocationCheck;
        if (r == null || e == null || check == null || !sessions.keepsSessions()) {
            return;
        }
        check.run(r, ids -> {
            for (String id : ids) {
                if (sessions.holds(id)) {
                    if (e.claim(id)) {
                        sessions.invalidate(id);
                    } else {
                        sessions.dropRemovedElsewhere(id);
                    }
                }
            }
        });
    }

    private void logSweepFailure(String what, SessionStoreException e) {
        if (e.isDatabaseUnreachable()) {
            LOG.debug("Database unreachable while {}; retried at the next scavenge", what);
        } else {
            LOG.warn("Failed {}; retried at the next scavenge", what, e);
        }
    }

    private String principalOf(SessionData data) {
        String attribute = config.getPrincipalAttribute();
        Object value = attribute == null ? null : data.getAttribute(attribute);
        return value == null ? null : value.toString();
    }

    private ClassLoader classLoader() {
        Context context = _context.getContext();
        ClassLoader loader = context == null ? null : context.getClassLoader();
        return loader != null ? loader : Thread.currentThread().getContextClassLoader();
    }

    /**
     * @return the default app name of a context: its path without the slash ({@code ROOT} for the root)
     * when it has no virtual hosts, else {@code <first virtual host>/<that name>}, so that two virtual
     * hosts serving the same path keep separate sessions (as Jetty keys sessions by path and host)
     * @throws IllegalStateException telling the user to set {@code appName} when the name is longer
     *                               than {@value #MAX_APP_NAME_CHARS} characters
     */
    static String defaultAppName(String contextPath, List<String> virtualHosts) {
        String name = appNameFor(contextPath);
        if (virtualHosts != null && !virtualHosts.isEmpty()) {
            name = virtualHosts.get(0) + "/" + name;
        }
        if (name.length() > MAX_APP_NAME_CHARS) {
            throw new IllegalStateException("The default appName \"" + LogText.of(name) + "\" (first virtual host/context)"
                    + " is longer than " + MAX_APP_NAME_CHARS + " characters: set appName"
                    + " (sessiondb.appName, or SessiondbDataStoreFactory.setAppName) to a shorter name for this webapp");
        }
        return name;
    }

    /** @return the default app name for a context path: the path without its slash, {@code ROOT} for the root */
    static String appNameFor(String path) {
        if (path == null || path.isEmpty() || "/".equals(path)) {
            return "ROOT";
        }
        return path.startsWith("/") ? path.substring(1) : path;
    }

    @Override
    public String toString() {
        return String.format("%s@%x[app=%s,table=%s]", getClass().getSimpleName(), hashCode(), config.getAppName(),
                config.getTableName());
    }
}
