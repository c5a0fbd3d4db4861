package io.sessiondb.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sessiondb.core.internal.AttributeCodec;
import io.sessiondb.core.internal.ClientTypes;
import io.sessiondb.core.internal.Database;
import io.sessiondb.core.internal.DatabaseClock;
import io.sessiondb.core.internal.Dialect;
import io.sessiondb.core.internal.Dialects;
import io.sessiondb.core.internal.ExpiredSweep;
import io.sessiondb.core.internal.IdSecrets;
import io.sessiondb.core.internal.LeaseSql;
import io.sessiondb.core.internal.MetadataJson;
import io.sessiondb.core.internal.RowWrite;
import io.sessiondb.core.internal.SchemaInfo;
import io.sessiondb.core.internal.SchemaMigration;
import io.sessiondb.core.internal.SerialFilters;
import io.sessiondb.core.internal.SessionIds;
import io.sessiondb.core.internal.StoredRow;
import io.sessiondb.core.internal.StoredSummary;
import io.sessiondb.core.internal.ValueCipher;
import io.sessiondb.core.internal.ValueSql;
import java.io.ObjectInputFilter;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The container-neutral session store: one row per session, one row per attribute, keyed by the
 * configured app and a digest of the session id. Thread-safe; one instance per webapp.
 *
 * <p>Costs: {@link #load} is one round trip; {@link #save} writes only what changed since the
 * baseline it is handed, in one transaction (one statement on PostgreSQL), and nothing at all when
 * nothing changed and no touch is due. Every method throws {@link SessionStoreException} when the database fails or cannot be
 * reached; none reports an unreachable database as a missing session.
 */
public final class SessionRepository implements AutoCloseable {

    /** How long a node owns an expired session it claimed before another node may claim it: {@value} ms. */
    public static final long CLAIM_LEASE_MS = 60_000;

    private static final System.Logger LOG = System.getLogger("io.sessiondb");
    private static final long MAX_AUTO_TOUCH_MS = 60_000;
    private static final int MAX_NAME_WARNINGS = 1000;
    /** The version of a row as an insert writes it. */
    private static final long INSERTED_VERSION = 1;

    private record Ready(Dialect dialect, SessionIds ids) {
    }

    private final SessiondbConfig config;
    private final String app;
    private final String logPrefix;
    private final String claimer;
    private final Dialect urlDialect;
    private final AttributeCodec codec;
    private final ValueCipher cipher;
    private final ValueSql values;
    private final Database database;
    private final DatabaseClock clock;
    private final LeaseSql leases;
    private final ExpiredSweep expiredSweep;
    private final StoreMetrics metrics = new StoreMetrics();
    private final Set<String> warnedNames = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final SessiondbMetrics jmx;
    private volatile Ready ready;

    private SessionRepository(SessiondbConfig config, LongSupplier nodeClock) {
        this.config = config;
        this.app = config.getAppName();
        this.logPrefix = "sessiondb[" + LogText.of(app) + "]";
        this.claimer = config.getNodeName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.urlDialect = config.getJdbcUrl() == null ? null : Dialects.forJdbcUrl(config.getJdbcUrl(), config.getTableName());
        this.codec = new AttributeCodec(SerialFilters.effective(config.getSerialFilter(), SessiondbConfig.DEFAULT_SERIAL_FILTER,
                config.getMaxSessionBytes()), AttributeCodec.Mode.valueOf(config.getCodec().toUpperCase(java.util.Locale.ROOT)),
                logPrefix, metrics.events());
        this.cipher = new ValueCipher(config.getEncryptionKeyList(), logPrefix);
        this.values = new ValueSql(config.getTableName());
        this.database = new Database(config, logPrefix, metrics.events());
        this.clock = new DatabaseClock(nodeClock, logPrefix);
        this.leases = new LeaseSql(config.getTableName());
        this.expiredSweep = new ExpiredSweep(database, clock, config.getTableName(), config.getHistoryDays());
        this.jmx = new SessiondbMetrics(this);
    }

    /**
     * Validates and seals the config, builds the pool and creates the schema when missing. A database
     * that cannot be reached does not stop the start: it is logged once and the schema is checked on
     * the first operation that reaches it.
     *
     * @throws IllegalStateException naming the property when the config is invalid or the schema is unusable
     */
    public static SessionRepository start(SessiondbConfig config) {
        return start(config, System::currentTimeMillis);
    }

    /** {@link #start(SessiondbConfig)} with this node's clock given: tests skew it. */
    static SessionRepository start(SessiondbConfig config, LongSupplier nodeClock) {
        config.seal();
        SessionRepository repository = new SessionRepository(config, nodeClock);
        // One line that says what runs, against what, with which settings (secrets masked by toString()).
        LOG.log(Level.INFO, "{0} - sessiondb {1} starting: table {2}, dialect {3}, {4}", repository.logPrefix,
                SessiondbVersion.current(), config.getTableName(),
                repository.urlDialect == null ? "(from the DataSource's first connection)" : repository.urlDialect.name(),
                config);
        if (config.getIdSecrets().isEmpty()) {
            LOG.log(Level.WARNING, "{0} - no idSecret is set: session ids are sealed with a key stored in the database"
                    + " itself (seal_key in {1}_schema), so whoever reads a dump, backup or replica of the database can"
                    + " recover every live session id and take over its session. Set idSecret, idSecretFile or the"
                    + " environment variable {2} to a secret of 16+ characters, the same on every node"
                    + " (docs/security.md)", repository.logPrefix, config.getTableName(), IdSecrets.ENV);
        }
        repository.jmx.register(repository.app, repository.claimer);
        if (config.isClientInfo()) {
            ClientTypes.warmUp();
        }
        MetadataJson.warmUp(); // off the request path: every insert writes the metadata document
        try {
            repository.ready();
        } catch (SessionStoreException e) {
            if (!e.isDatabaseUnreachable()) {
                repository.close();
                throw e;
            }
        } catch (RuntimeException e) {
            repository.close();
            throw e;
        }
        return repository;
    }

    /** Same as {@link #load(String, ClassLoader, ObjectInputFilter)} with no extra filter. */
    public Optional<LoadedSession> load(String id, ClassLoader loader) {
        return load(id, loader, null);
    }

    /**
     * Reads a session and its attributes in one round trip. Attributes that cannot be deserialized are
     * left out with a WARN and listed in {@link LoadedSession#unreadable()}; they stay stored.
     *
     * @param loader      class loader of the webapp, resolving attribute classes
     * @param extraFilter a filter applied after the configured {@code serialFilter}, or {@code null}
     * @throws UnreadableSessionException when the session cannot be read as a whole (its metadata is not a
     *                                     JSON object of strings); the row is left as it is
     * @return the session, including an expired or revoked one (see {@link LoadedSession#expired()}), or empty
     */
    public Optional<LoadedSession> load(String id, ClassLoader loader, ObjectInputFilter extraFilter) {
        long startNanos = System.nanoTime();
        try {
            return read(id, loader, extraFilter, false);
        } finally {
            metrics.loadLatency.record(startNanos, System.nanoTime());
        }
    }

    /**
     * Reads a session and its attributes in one round trip, as {@link #load(String, ClassLoader, ObjectInputFilter)}
     * does, but deserializes none of them: each attribute value is a {@link StoredValue}, deserialized when
     * the adapter first asks it for its value. An attribute that cannot be read is found then (counted and
     * logged as at a load), so {@link LoadedSession#unreadable()} is always empty here. Saving a snapshot
     * that still holds a {@code StoredValue} never handed out writes nothing for it.
     *
     * @param loader      class loader of the webapp, resolving attribute classes
     * @param extraFilter a filter applied after the configured {@code serialFilter}, or {@code null}
     * @throws UnreadableSessionException when the session cannot be read as a whole; the row is left as it is
     * @return the session, including an expired or revoked one (see {@link LoadedSession#expired()}), or empty
     */
    public Optional<LoadedSession> loadLazily(String id, ClassLoader loader, ObjectInputFilter extraFilter) {
        long startNanos = System.nanoTime();
        try {
            return read(id, loader, extraFilter, true);
        } finally {
            metrics.loadLatency.record(startNanos, System.nanoTime());
        }
    }

    private Optional<LoadedSession> read(String id, ClassLoader loader, ObjectInputFilter extraFilter, boolean lazily) {
        Ready r = ready();
        byte[] digest = r.ids.digest(id);
        Optional<StoredRow> found = run("load", id, c -> loadRow(c, r, id, digest));
        if (found.isEmpty()) {
            metrics.loadMisses.increment();
            return Optional.empty();
        }
        metrics.loads.increment();
        StoredRow row = found.get();
        ValueCipher.OpenedRow opened = cipher.openRow(digest, row.attributes());
        Map<String, Object> attributes = new HashMap<>();
        Map<String, byte[]> digests = new HashMap<>();
        // lazily: no digest; a save compares a value handed out with the stored bytes its StoredValue holds
        Map<String, StoredValue> loadedValues = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, Object> immutableValues = new HashMap<>();
        Set<String> unreadable = new HashSet<>();
        opened.plain().forEach((name, bytes) -> {
            Object value = lazily ? new StoredValue(name, bytes, b -> decode(name, b, loader, extraFilter), loader)
                    : decode(name, bytes, loader, extraFilter);
            if (value == null) {
                unreadable.add(name);
                return;
            }
            attributes.put(name, value);
            if (lazily) {
                loadedValues.put(name, (StoredValue) value);
            } else {
                digests.put(name, AttributeCodec.digest(bytes));
            }
            sizes.put(name, bytes.length);
            if (Immutables.is(value)) {
                immutableValues.put(name, value);
            }
        });
        quarantineUndecryptable(opened, unreadable, digests, loadedValues, immutableValues);
        Map<String, String> metadata = Metadata.loaded(readMetadata(id, row.metadataJson()), row.clientAddress(),
                row.userAgent());
        // stored times are on the database's clock; the container gets them on its own
        long lastAccessMs = clock.toNode(row.lastAccessMs());
        long previousAccessMs = row.previousAccessMs() == null ? lastAccessMs : clock.toNode(row.previousAccessMs());
        long expiryMs = row.expiryMs() == null ? SessionSnapshot.NEVER : clock.toNode(row.expiryMs());
        SessionSnapshot session = new SessionSnapshot(id, clock.toNode(row.createdMs()), lastAccessMs,
                row.maxInactiveMs(), row.principal(), metadata, attributes, previousAccessMs, expiryMs);
        boolean revoked = row.revokedMs() != null;
        if (revoked) {
            metrics.revocationSeen();
        }
        boolean expired = revoked || row.claimedBy() != null || expiryMs <= clock.nodeNow();
        Baseline baseline = new Baseline(digests, loadedValues, sizes, immutableValues, lastAccessMs, row.maxInactiveMs(),
                row.principal(), metadata, row.version());
        return Optional.of(new LoadedSession(session, row.lastNode(), row.version(), expired, baseline,
                Set.copyOf(unreadable), revoked));
    }

    /** @return the value of one stored attribute, or {@code null} when it cannot be read (counted when quarantined) */
    private Object decode(String name, byte[] bytes, ClassLoader loader, ObjectInputFilter extraFilter) {
        AttributeCodec.Read read = codec.read(name, bytes, loader, extraFilter);
        if (read.value() == null && read.quarantined()) {
            metrics.quarantinedAttributes.increment();
        }
        return read.value();
    }

    /**
     * Writes what changed since {@code baseline}: added, changed (by serialized bytes) and removed
     * attributes, and the row values. The access time is written when something else is, or when
     * {@code touchInterval} has passed since it was last written. A session that is gone is never
     * re-inserted: only a new session ({@code baseline == null}) inserts.
     *
     * @param baseline from {@link LoadedSession#baseline()} or the previous {@link SaveResult}; {@code null} for a new session
     * @throws SessionTooLargeException when the serialized attributes exceed {@code maxSessionBytes}; nothing is written
     */
    public SaveResult save(SessionSnapshot session, Baseline baseline) {
        long startNanos = System.nanoTime();
        SaveResult result = null;
        try {
            result = write(session, baseline);
            return result;
        } finally {
            // A save that wrote nothing cost no database call: left out, so the percentiles show the writes.
            if (result == null || result.outcome() != SaveResult.Outcome.UNCHANGED) {
                metrics.saveLatency.record(startNanos, System.nanoTime());
            }
        }
    }

    private SaveResult write(SessionSnapshot session, Baseline baseline) {
        Changes changes = new Changes(session, baseline, codec, this::warnUnstorableName);
        if (changes.totalBytes() > config.getMaxSessionBytes()) {
            throw new SessionTooLargeException("session " + LogText.id(session.id()) + " is "
                    + changes.totalBytes() + " bytes serialized, more than maxSessionBytes=" + config.getMaxSessionBytes()
                    + "; nothing of it was saved. Store less in the session or raise maxSessionBytes", session.id());
        }
        if (baseline == null) {
            return insert(session, changes);
        }
        boolean rowChanged = !baseline.sameRow(session);
        boolean touchDue = session.lastAccessedMs() - baseline.persistedAccessMs() >= touchIntervalMs(session.maxInactiveMs());
        if (!changes.attributesChanged() && !rowChanged && !touchDue) {
            metrics.unchangedSaves.increment();
            return new SaveResult(SaveResult.Outcome.UNCHANGED, baseline, 0, 0, 0);
        }
        String metadataJson = baseline.sameMetadata(session.metadata()) ? null
                : MetadataJson.write(Metadata.document(session.metadata()));
        return update(session, baseline, changes, changes.upserts(), metadataJson, rowChanged, rowChanged || touchDue);
    }

    private SaveResult insert(SessionSnapshot session, Changes changes) {
        Ready r = ready();
        byte[] digest = r.ids.digest(session.id());
        RowWrite write = rowWrite(session, null, changes, digest, r.ids.seal(session.id()),
                MetadataJson.write(Metadata.document(session.metadata())), changes.serialized(), true, 0);
        // A retried insert cannot apply twice: it inserts nothing when the id is stored (ON CONFLICT DO
        // NOTHING, or a duplicate key that counts as "exists").
        if (run("insert", session.id(), c -> r.dialect.insert(c, write))) {
            metrics.inserts.increment();
            count(changes.serialized().size(), changes.totalBytes());
            return new SaveResult(SaveResult.Outcome.INSERTED, changes.next(session, null, true, INSERTED_VERSION,
                    metadataAfter(Map.of(), session, write)),
                    changes.serialized().size(), 0, changes.totalBytes());
        }
        // The id is stored already: an insert retried after its commit was lost, as a new session's id is
        // known to no one else yet. Write it all as an update of the row as inserted (version 1).
        return update(session, null, changes, changes.serialized(),
                MetadataJson.write(Metadata.document(session.metadata())), true, true);
    }

    /**
     * @param writeRow whether the session row's values and access time are written; when not (only
     *                 attributes changed, no touch due), the row is only locked, which costs the
     *                 database much less than a new row version
     */
    private SaveResult update(SessionSnapshot session, Baseline baseline, Changes changes, Map<String, byte[]> upserts,
                              String metadataJson, boolean rowChanged, boolean writeRow) {
        Ready r = ready();
        long expected = baseline == null ? INSERTED_VERSION : baseline.version();
        RowWrite write = rowWrite(session, baseline, changes, r.ids.digest(session.id()), null, metadataJson, upserts,
                writeRow, java.util.concurrent.ThreadLocalRandom.current().nextLong(1, RowWrite.TAG_RANGE));
        long after = RowWrite.versionAfter(expected, write.writeTag());
        Database.Work<Boolean> afterLost = expected <= 0 ? null : c -> confirmOrApply(c, r, session.id(), write, expected, after);
        Database.Work<Boolean> updateRow = c -> r.dialect.update(c, write) || (rekey(c, r, session.id()) && r.dialect.update(c, write));
        if (!run("save", session.id(), updateRow, afterLost)) {
            metrics.goneSaves.increment();
            return new SaveResult(SaveResult.Outcome.GONE, baseline, 0, 0, 0);
        }
        long bytes = upserts.values().stream().mapToLong(v -> v.length).sum();
        count(upserts.size(), bytes);
        boolean touchOnly = upserts.isEmpty() && changes.removals().isEmpty() && !rowChanged;
        (touchOnly ? metrics.touches : metrics.updates).increment();
        return new SaveResult(touchOnly ? SaveResult.Outcome.TOUCHED : SaveResult.Outcome.UPDATED,
                changes.next(session, baseline, writeRow, after,
                        metadataAfter(baseline == null ? Map.of() : baseline.metadata(), session, write)),
                upserts.size(), changes.removals().size(), bytes);
    }

    /**
     * A save whose connection broke mid-way may or may not have been applied. Applying it again is safe
     * only if nothing else was written to the session since: so this looks at the row's version. At
     * {@code after}, the lost attempt was applied and nothing followed it: done. At {@code expected},
     * nothing was written since this node's baseline, the lost attempt included: apply it now, only at
     * that version. Anything else (another write followed, or preceded, the lost attempt) fails the save
     * as unreachable: retrying it could write over a newer write.
     *
     * @return false when the session is gone or claimed
     */
    private boolean confirmOrApply(Connection c, Ready r, String id, RowWrite write, long expected, long after)
            throws SQLException {
        Optional<StoredRow> row = r.dialect.load(c, app, write.idDigest());
        if (row.isEmpty() || row.get().claimedBy() != null || row.get().revokedMs() != null) {
            return false;
        }
        long version = row.get().version();
        if (version == after) {
            return true;
        }
        if (version == expected && r.dialect.update(c, write.onlyAtVersion(expected))) {
            return true;
        }
        throw new SessionStoreException("save of session " + LogText.id(id) + " failed (database unreachable): its"
                + " connection broke while it was in flight and the session was written again since, so it is not"
                + " retried (it could write over a newer write); this request's changes may not be saved", id, null, true);
    }

    /**
     * @param baseline what the database holds ({@code null} for an insert): the client values it holds
     *                 already are not written again, and an unchanged user agent is not parsed again
     * @param sealed   the sealed id for an insert, {@code null} for an update
     * @param upserts  the attributes this write stores
     */
    private RowWrite rowWrite(SessionSnapshot s, Baseline baseline, Changes changes, byte[] digest, byte[] sealed,
                              String metadataJson, Map<String, byte[]> upserts, boolean writeRow, long writeTag) {
        // the container's times, written on the database's clock
        Long expiryMs = s.expiryMs() == SessionSnapshot.NEVER ? null : clock.toDatabase(s.expiryMs());
        List<String> removals = sealed == null ? changes.removals() : List.of();
        return new RowWrite(app, digest, sealed, clock.toDatabase(s.createdMs()), clock.toDatabase(s.lastAccessedMs()),
                s.maxInactiveMs(), clock.toDatabase(s.previousAccessMs()), expiryMs, s.principal(), config.getNodeName(), metadataJson,
                cipher.sealAll(digest, upserts), removals,
                writeRow, writeTag, 0, client(s, baseline, sealed != null), changes.attributeCount(), changes.totalBytes(),
                indexUpserts(s, upserts), indexRemovals(removals));
    }

    /** What this write records of the client: only values that differ from the stored ones, nothing when clientInfo is off. */
    private RowWrite.Client client(SessionSnapshot s, Baseline baseline, boolean insert) {
        if (!config.isClientInfo()) {
            return RowWrite.Client.NONE;
        }
        String address = ClientInfo.cut(s.metadata().get(ClientInfo.CLIENT_ADDRESS), ClientInfo.MAX_CLIENT_ADDRESS_CHARS);
        String agent = ClientInfo.cut(s.metadata().get(ClientInfo.USER_AGENT), ClientInfo.MAX_USER_AGENT_CHARS);
        if (baseline != null) {
            Map<String, String> stored = baseline.metadata();
            address = java.util.Objects.equals(address, stored.get(ClientInfo.CLIENT_ADDRESS)) ? null : address;
            agent = java.util.Objects.equals(agent, stored.get(ClientInfo.USER_AGENT)) ? null : agent;
        }
        return new RowWrite.Client(insert ? config.getNodeName() : null, address, agent,
                agent == null ? null : ClientTypes.of(agent));
    }

    private static Map<String, String> metadataAfter(Map<String, String> stored, SessionSnapshot session, RowWrite write) {
        return Metadata.afterWrite(stored, session.metadata(), write.client().address(), write.client().userAgent());
    }

    /** @return the index values of the indexed attributes this write stores: {@code String.valueOf}, at most 255 characters */
    private Map<String, String> indexUpserts(SessionSnapshot s, Map<String, byte[]> upserts) {
        Map<String, String> values = new HashMap<>();
        for (String name : config.getIndexedAttributeNames()) {
            if (upserts.containsKey(name)) {
                values.put(name, ClientInfo.cut(String.valueOf(StoredValue.unwrap(s.attributes().get(name))), Changes.MAX_NAME_CHARS));
            }
        }
        return values;
    }

    private List<String> indexRemovals(List<String> removals) {
        List<String> names = config.getIndexedAttributeNames();
        return names.isEmpty() ? List.of() : removals.stream().filter(names::contains).toList();
    }

    /** @throws UnreadableSessionException when the stored document is not a JSON object of strings */
    private Map<String, String> readMetadata(String id, String json) {
        try {
            return MetadataJson.read(json);
        } catch (JsonProcessingException e) {
            metrics.failures.increment();
            throw new UnreadableSessionException("session " + LogText.id(id) + " cannot be read: its stored metadata is"
                    + " not a JSON object of strings (" + e.getClass().getSimpleName() + ": "
                    + LogText.of(e.getOriginalMessage()) + "); the row is left as it is", id, e);
        }
    }

    /** An admin listing shows the other sessions of a user even when one has unreadable metadata. */
    private Map<String, String> summaryMetadata(StoredSummary s) {
        try {
            return MetadataJson.read(s.metadataJson());
        } catch (JsonProcessingException e) {
            LOG.log(Level.WARNING, "{0} - a session of principal {1} has metadata that is not a JSON object of strings;"
                    + " listed without it: {2}", logPrefix, LogText.of(s.principal()), LogText.of(e.getOriginalMessage()));
            return Map.of();
        }
    }

    private void warnUnstorableName(String name) {
        String key = name.length() > 300 ? name.substring(0, 300) + name.length() : name;
        String why = Changes.unstorableName(name);
        if (warnedNames.size() < MAX_NAME_WARNINGS && warnedNames.add(key)) {
            LOG.log(Level.WARNING, "{0} - attribute {1} is not saved: {2}; the rest of the session is saved."
                    + " Use a shorter, plain name", logPrefix, LogText.of(name), why);
        } else {
            LOG.log(Level.DEBUG, "{0} - attribute {1} is not saved: {2}", logPrefix, LogText.of(name), why);
        }
    }

    /**
     * Reads a session row under the current idSecret's digest. While a secret is rotated out, a row
     * still under an older secret's digest is moved to the current one (digest and seal) and read; one
     * claimed for expiry cannot be moved and is read where it is, for its listeners.
     */
    private Optional<StoredRow> loadRow(Connection c, Ready r, String id, byte[] digest) throws SQLException {
        Optional<StoredRow> row = r.dialect.load(c, app, digest);
        List<byte[]> older = row.isPresent() ? List.of() : r.ids.olderDigests(id);
        if (older.isEmpty()) {
            return row;
        }
        if (rekey(c, r, id, digest, older)) {
            return r.dialect.load(c, app, digest);
        }
        for (byte[] olderDigest : older) {
            row = r.dialect.load(c, app, olderDigest);
            if (row.isPresent()) {
                return row;
            }
        }
        return row;
    }

    /** @return whether a session stored under an older idSecret was moved to the current one */
    private boolean rekey(Connection c, Ready r, String id) throws SQLException {
        List<byte[]> older = r.ids.olderDigests(id);
        return !older.isEmpty() && rekey(c, r, id, r.ids.digest(id), older);
    }

    /** @return whether a session stored under one of the {@code older} digests was moved to {@code current} */
    private boolean rekey(Connection c, Ready r, String id, byte[] current, List<byte[]> older) throws SQLException {
        byte[] sealed = r.ids.seal(id);
        for (byte[] digest : older) {
            if (r.dialect.changeId(c, app, digest, current, sealed)) {
                return rebound(c, digest, current);
            }
        }
        return false;
    }

    /**
     * Encrypted values are bound to their session's id digest: after a session moved from {@code from} to
     * {@code to} (a new id, or a rotated idSecret), its values are re-encrypted for {@code to}, each only
     * while it holds the bytes read (a concurrent write wins). Not in the move's transaction: a node that
     * dies between the two leaves the values it did not reach unreadable (quarantined) for the new id.
     *
     * @return true
     */
    private boolean rebound(Connection c, byte[] from, byte[] to) throws SQLException {
        if (!cipher.enabled()) {
            return true;
        }
        for (Map.Entry<String, byte[]> e : values.sessionValues(c, app, to).entrySet()) {
            byte[] resealed = cipher.reseal(from, to, e.getKey(), e.getValue());
            if (resealed != null) {
                values.replace(c, app, to, e.getKey(), e.getValue(), resealed);
            }
        }
        return true;
    }

    /**
     * Values that do not decrypt are quarantined (counted, left out; {@link ValueCipher} logged them). Values
     * not under the first encryption key get a digest no value has (and are not taken as unchanged immutables),
     * so that the next save writes them encrypted.
     */
    private void quarantineUndecryptable(ValueCipher.OpenedRow opened, Set<String> unreadable, Map<String, byte[]> digests,
                                         Map<String, StoredValue> loadedValues, Map<String, Object> immutableValues) {
        for (String name : opened.quarantined()) {
            unreadable.add(name);
            metrics.events().unreadableAttribute(null);
            metrics.quarantinedAttributes.increment();
        }
        for (String name : opened.stale()) { // an empty digest: Baseline.needsRewrite
            if (loadedValues.remove(name) != null || digests.containsKey(name)) {
                digests.put(name, new byte[0]);
            }
            immutableValues.remove(name);
        }
    }

    /** One statement keyed by a digest; true when it found the session. */
    @FunctionalInterface
    private interface DigestWork {
        boolean run(byte[] digest) throws SQLException;
    }

    /** @return whether {@code work} found the session under the current idSecret's digest or, while rotating, an older one */
    private static boolean onAnyDigest(Ready r, String id, DigestWork work) throws SQLException {
        if (work.run(r.ids.digest(id))) {
            return true;
        }
        for (byte[] older : r.ids.olderDigests(id)) {
            if (work.run(older)) {
                return true;
            }
        }
        return false;
    }

    private void count(int attributes, long bytes) {
        metrics.attributesWritten.add(attributes);
        metrics.bytesWritten.add(bytes);
    }

    /**
     * Deletes a session and its attributes (invalidation, or the end of an expiry) and, unless
     * {@code historyDays} is 0, writes its history row in the same transaction ({@code revoked} for a
     * revoked session, {@code expired} for one claimed for expiry or past its expiry, else {@code invalidated}).
     *
     * @return whether it existed
     */
    public boolean delete(String id) {
        Ready r = ready();
        boolean history = config.getHistoryDays() > 0;
        boolean deleted = run("delete", id, c -> onAnyDigest(r, id, d -> r.dialect.delete(c, app, d, clock.now(), history)));
        if (deleted) {
            metrics.deletes.increment();
        }
        return deleted;
    }

    /**
     * Deletes the row of a session whose id changed, under its old id, without a history row (the session
     * goes on under its new id): for containers that remove the old id before they save the new one.
     *
     * @return whether it existed
     */
    public boolean deleteRenamed(String oldId) {
        Ready r = ready();
        return run("delete renamed", oldId, c -> onAnyDigest(r, oldId, d -> r.dialect.delete(c, app, d, clock.now(), false)));
    }

    /**
     * Renames a session atomically: afterwards the old id loads nothing and the new id loads everything.
     *
     * @return false when no unclaimed session has the old id
     */
    public boolean changeId(String oldId, String newId) {
        Ready r = ready();
        byte[] newDigest = r.ids.digest(newId);
        byte[] sealed = r.ids.seal(newId);
        return run("change id", oldId, c -> onAnyDigest(r, oldId,
                d -> r.dialect.changeId(c, app, d, newDigest, sealed) && rebound(c, d, newDigest)));
    }

    /** @return whether an unexpired, unclaimed session has this id */
    public boolean exists(String id) {
        Ready r = ready();
        long now = clock.now();
        return run("exists", id, c -> onAnyDigest(r, id, d -> r.dialect.exists(c, app, d, now)));
    }

    /**
     * Claims one expired session for this repository, so that exactly one node in the cluster fires its
     * destroy listeners. The winner fires them and then {@link #delete deletes} the session; a claim
     * not followed by a delete lapses after {@link #CLAIM_LEASE_MS}.
     *
     * @return true if this repository won (or already held) the claim
     */
    public boolean claimExpired(String id) {
        Ready r = ready();
        long now = clock.now();
        boolean won = run("claim", id, c -> onAnyDigest(r, id, d -> r.dialect.claim(c, app, d, now, claimer, now + CLAIM_LEASE_MS)));
        if (won) {
            metrics.expiredClaims.increment();
        }
        return won;
    }

    /**
     * Releases a claim that turned out wrong (the session is still in use on this node): in one
     * statement, clears this repository's claim, sets the access time to the later of the stored one
     * and {@code accessedMs}, and renews the expiry from it ({@code access + max inactive interval},
     * never for a max inactive interval of zero or less). The row is never deleted, so every node sees
     * the session all along.
     *
     * @param accessedMs the access time of the session on this node, epoch milliseconds
     * @return whether this repository held the claim (false: nothing was changed)
     * @throws SessionStoreException when the database fails or cannot be reached
     */
    public boolean releaseClaim(String id, long accessedMs) {
        Ready r = ready();
        long accessed = clock.toDatabase(accessedMs);
        return run("release claim", id, c -> onAnyDigest(r, id, d -> r.dialect.releaseClaim(c, app, d, claimer, accessed)));
    }

    /**
     * Claims up to {@code limit} expired sessions of this app, expired for at least
     * {@code sweepGraceSeconds}; each is handed to exactly one caller in the cluster. The cost grows
     * with the expired sessions only (an index range scan).
     *
     * @return the ids claimed; load each, fire its listeners, then delete it
     */
    public List<String> claimExpired(int limit) {
        return claimExpired(Long.MAX_VALUE, limit);
    }

    /**
     * Same as {@link #claimExpired(int)}, taking only sessions that expired at or before
     * {@code expiredBeforeMs} (Jetty's {@code getExpired(before)}), and still at least
     * {@code sweepGraceSeconds} ago.
     *
     * @return the ids claimed
     */
    public List<String> claimExpired(long expiredBeforeMs, int limit) {
        Ready r = ready();
        long now = clock.now();
        long expiredBefore = Math.min(clock.toDatabase(expiredBeforeMs), now - config.getSweepGraceSeconds() * 1000L);
        List<byte[]> sealed = run("claim expired", null, c -> {
            clock.sampleIfDue(c, r.dialect); // the sweep runs on every node every few seconds
            return r.dialect.claimExpired(c, app, expiredBefore, claimer, now + CLAIM_LEASE_MS, limit);
        });
        List<String> ids = new ArrayList<>(sealed.size());
        for (byte[] s : sealed) {
            String id = r.ids.unseal(s);
            if (id == null) {
                LOG.log(Level.WARNING, "{0} - an expired session was sealed with an idSecret that is no longer configured"
                        + " and cannot be named; it is removed by the orphan sweep", logPrefix);
            } else {
                ids.add(id);
            }
        }
        metrics.expiredClaims.add(ids.size());
        return ids;
    }

    /** @return the number of unexpired sessions of this app */
    public long count() {
        Ready r = ready();
        return run("count", null, c -> r.dialect.count(c, app, clock.now()));
    }

    /** @return the sessions of this app whose principal is {@code principal}, most recently used first */
    public List<SessionSummary> findByPrincipal(String principal) {
        Ready r = ready();
        HexFormat hex = HexFormat.of();
        return run("find by principal", null, c -> r.dialect.findByPrincipal(c, app, principal)).stream()
                .map(s -> new SessionSummary(hex.formatHex(s.idDigest()), s.principal(), s.createdMs(), s.lastAccessMs(),
                        s.expiryMs() == null ? Long.MAX_VALUE : s.expiryMs(), s.lastNode(), summaryMetadata(s)))
                .toList();
    }

    /**
     * Logs a user out everywhere: deletes every stored session of this app whose principal is
     * {@code principal} and, unless {@code historyDays} is 0, writes their history rows in the same
     * transaction ({@code revoked} now for a live session, {@code expired} for one past its expiry). Nodes
     * that keep sessions in memory (sticky setups) drop them as they drop revoked ones.
     *
     * @return the number of sessions deleted
     */
    public int deleteByPrincipal(String principal) {
        Ready r = ready();
        return run("delete by principal", null, c -> r.dialect.deleteByPrincipal(c, app, principal, clock.now(),
                config.getHistoryDays() > 0));
    }

    /**
     * Deletes up to {@code limit} sessions of any app sharing the table that expired (or were revoked)
     * before {@code beforeMs} and that no node holds a live claim on, without listeners: the orphans no
     * node expired (app undeployed, node gone). Their history rows are written in the same transaction
     * (unless {@code historyDays} is 0).
     *
     * @return the number deleted
     */
    public int deleteExpiredBefore(long beforeMs, int limit) {
        Ready r = ready();
        long before = clock.toDatabase(beforeMs);
        run("delete lapsed leases", null, c -> leases.deleteLapsed(c, before)); // of crashed holders
        return expiredSweep.deleteExpiredBefore(r.dialect, before, limit);
    }

    /**
     * Takes or renews the lease of session {@code id} for {@code owner} until {@code leaseMs} from now (on
     * the database's clock), when it is free, lapsed or already {@code owner}'s. See {@link SessionLocking}.
     *
     * @return whether {@code owner} holds it
     */
    boolean tryLock(String id, String owner, long leaseMs) {
        Ready r = ready();
        byte[] digest = r.ids.digest(id);
        long now = clock.now();
        return run("lock", id, c -> r.dialect.tryLock(c, app, digest, owner, now, now + leaseMs));
    }

    /** Gives up the lease of session {@code id} if {@code owner} holds it. */
    void unlock(String id, String owner) {
        Ready r = ready();
        byte[] digest = r.ids.digest(id);
        run("unlock", id, c -> {
            leases.unlock(c, app, digest, owner);
            return null;
        });
    }

    /** @return the name this repository claims and leases under: the node name and a random suffix */
    String claimer() {
        return claimer;
    }

    /**
     * Deletes up to {@value ExpiredSweep#BATCH} history rows (of any app) older than {@code historyDays};
     * the sweepers call it once per cycle.
     *
     * @return the number deleted
     */
    public int pruneHistory() {
        Ready r = ready();
        return expiredSweep.pruneHistory(r.dialect);
    }

    /**
     * The sessions of this app an operator revoked at or after {@code sinceMs}, in one query: those
     * still stored (the revoked index) and those another node has expired since (their history rows, so
     * not when {@code historyDays} is 0). A node that holds sessions in memory drops these.
     *
     * @return their ids (those sealed with another idSecret are left out)
     */
    public List<String> revokedSince(long sinceMs) {
        Ready r = ready();
        List<byte[]> sealed = run("revoked sessions", null, c -> r.dialect.revokedSince(c, app, clock.toDatabase(sinceMs)));
        List<String> ids = new ArrayList<>(sealed.size());
        for (byte[] s : sealed) {
            String id = s == null ? null : r.ids.unseal(s);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** @return the config this repository started with (sealed) */
    public SessiondbConfig config() {
        return config;
    }

    /** @return this repository's counters */
    public StoreMetrics metrics() {
        return metrics;
    }

    /** Closes the pool sessiondb built. */
    @Override
    public void close() {
        LOG.log(Level.INFO, "{0} - stopping; {1}", logPrefix, metrics);
        jmx.unregister();
        database.close();
    }

    /** @return the touch interval for a session with this max inactive interval, in milliseconds */
    long touchIntervalMs(long maxInactiveMs) {
        if (config.getTouchInterval() >= 0) {
            return config.getTouchInterval() * 1000L;
        }
        return maxInactiveMs > 0 ? Math.min(maxInactiveMs / 10, MAX_AUTO_TOUCH_MS) : MAX_AUTO_TOUCH_MS;
    }

    private <T> T run(String operation, String id, Database.Work<T> work) {
        return run(operation, id, work, work);
    }

    private <T> T run(String operation, String id, Database.Work<T> work, Database.Work<T> afterLost) {
        try {
            return database.run(operation, id, work, afterLost);
        } catch (SessionStoreException e) {
            metrics.failures.increment();
            throw e;
        }
    }

    private Ready ready() {
        Ready r = ready;
        if (r == null) {
            // Not synchronized: concurrent first calls may both check the schema, which is safe.
            r = run("schema check", null, this::prepare);
            ready = r;
        }
        return r;
    }

    /** @return {@code dialect}, committing saves asynchronously when {@code synchronousCommit} is off and it can */
    private Dialect commitMode(Dialect dialect) {
        if (config.isSynchronousCommit()) {
            return dialect;
        }
        Dialect asynchronous = dialect.withAsynchronousCommit();
        if (asynchronous == null) {
            LOG.log(Level.WARNING, "{0} - synchronousCommit=false is ignored on {1}: it has no per-transaction setting;"
                    + " saves are committed as the database is configured (docs/operations.md, \"Asynchronous commit\")",
                    logPrefix, dialect.name());
            return dialect;
        }
        LOG.log(Level.INFO, "{0} - synchronousCommit=false: session saves do not wait for the WAL flush; a database"
                + " crash can lose the last acknowledged saves (up to 3 x wal_writer_delay)", logPrefix);
        return asynchronous;
    }

    private Ready prepare(Connection c) throws SQLException {
        String table = config.getTableName();
        Dialect dialect = commitMode(urlDialect != null ? urlDialect : Dialects.forConnection(c, table));
        SchemaInfo schema = SchemaMigration.ensureCurrent(c, dialect, table, config.isCreateSchema(), logPrefix);
        database.useDialect(dialect);
        clock.sampleIfDue(c, dialect);
        return new Ready(dialect, new SessionIds(config.getIdSecrets(), schema.sealKey()));
    }
}
