package io.sessiondb.core.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything sessiondb runs on PostgreSQL 13+: each SQL text sits next to the method that binds and
 * runs it. The table name is filled in once, at construction; nothing is concatenated per call. Writes
 * are single statements (data-modifying CTEs), so each is atomic in auto-commit mode and costs one
 * round trip. Row reading and the statements bound alike on every database are in {@link JdbcRows}.
 */
public final class PostgresDialect implements Dialect {

    private final String table;
    private final String readSchemaSql;
    private final String loadSql;
    private final String insertSql;
    private final String updateSql;
    private final String updateAttributesSql;
    private final String deleteSql;
    private final String changeIdSql;
    private final String existsSql;
    private final String claimSql;
    private final String claimExpiredSql;
    private final String releaseClaimSql;
    private final String countSql;
    private final String findByPrincipalSql;
    private final String deleteByPrincipalSql;
    private final String revokeLiveOfPrincipalSql;
    private final String deleteByPrincipalWithHistorySql;
    private final String deleteExpiredBeforeSql;
    private final String tryLockSql;
    private final String deleteWithHistorySql;
    private final String upsertIndexSql;
    private final String deleteIndexSql;
    private final String revokedSinceSql;
    private final String pruneHistorySql;
    private final String neverAnalyzedSql;
    private final String analyzeSql;

    private final boolean asynchronousCommit;

    public PostgresDialect(String table) {
        this(table, false);
    }

    private PostgresDialect(String table, boolean asynchronousCommit) {
        this.table = table;
        this.asynchronousCommit = asynchronousCommit;
        readSchemaSql = fill(READ_SCHEMA);
        loadSql = fill(LOAD);
        insertSql = fill(commitOf(INSERT));
        updateSql = fill(commitOf(UPDATE));
        updateAttributesSql = fill(commitOf(UPDATE_ATTRIBUTES));
        deleteSql = fill(DELETE);
        changeIdSql = fill(CHANGE_ID);
        existsSql = fill(EXISTS);
        claimSql = fill(CLAIM);
        claimExpiredSql = fill(CLAIM_EXPIRED);
        releaseClaimSql = fill(RELEASE_CLAIM);
        countSql = fill(COUNT);
        findByPrincipalSql = fill(FIND_BY_PRINCIPAL);
        deleteByPrincipalSql = fill(DELETE_BY_PRINCIPAL);
        revokeLiveOfPrincipalSql = fill(REVOKE_LIVE_OF_PRINCIPAL);
        deleteByPrincipalWithHistorySql = fill(DELETE_BY_PRINCIPAL_WITH_HISTORY);
        deleteExpiredBeforeSql = fill(DELETE_EXPIRED_BEFORE);
        tryLockSql = fill(TRY_LOCK);
        deleteWithHistorySql = fill(DELETE_WITH_HISTORY);
        upsertIndexSql = fill(UPSERT_INDEX);
        deleteIndexSql = fill(DELETE_INDEX);
        revokedSinceSql = fill(REVOKED_SINCE);
        pruneHistorySql = fill(PRUNE_HISTORY);
        neverAnalyzedSql = fill(NEVER_ANALYZED);
        analyzeSql = fill(ANALYZE);
    }

    @Override
    public String name() {
        return "postgresql";
    }

    private static final String LOCK_SCHEMA = "SELECT pg_advisory_xact_lock(hashtext(?))";

    @Override
    public <T> T underSchemaLock(Connection c, Database.Work<T> work) throws SQLException {
        return Database.inTransaction(c, tx -> {
            try (PreparedStatement lock = tx.prepareStatement(LOCK_SCHEMA)) {
                lock.setString(1, "sessiondb:" + table);
                lock.execute();
            }
            return work.run(tx);
        });
    }

    /** DDL is transactional here: a failed script leaves nothing behind to skip. */
    @Override
    public boolean isAlreadyApplied(SQLException e) {
        return false;
    }

    private static final String TABLE_EXISTS = "SELECT to_regclass(?) IS NOT NULL";

    private static final String READ_SCHEMA = """
            SELECT version, seal_key FROM ${table}_schema ORDER BY version DESC LIMIT 1""";

    private static final String DATABASE_NOW = "SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT";

    @Override
    public long databaseNowMs(Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(DATABASE_NOW)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public Optional<SchemaInfo> readSchema(Connection c) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement(TABLE_EXISTS)) {
            exists.setString(1, table + "_schema");
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
        }
        return JdbcRows.readSchemaRecord(c, readSchemaSql);
    }

    /**
     * The end of every save statement, counting the session rows written. With asynchronous commit it also
     * sets {@code synchronous_commit = off} for this statement's own transaction ({@code set_config(…, true)}
     * is {@code SET LOCAL}; a single statement in auto-commit mode is its transaction), so that its commit
     * does not wait for the WAL flush: still one statement, one round trip.
     */
    private static final String SAVED_COUNT = "SELECT count(*) FROM s";
    private static final String SAVED_COUNT_ASYNC_COMMIT =
            "SELECT count(*) FROM s, (SELECT set_config('synchronous_commit', 'off', true)) AS asynchronous_commit";

    /** @return the save statement {@code sql} ending as this dialect's commit mode asks */
    private String commitOf(String sql) {
        if (!sql.endsWith(SAVED_COUNT)) {
            throw new IllegalStateException("a save statement must end with " + SAVED_COUNT);
        }
        return asynchronousCommit ? sql.substring(0, sql.length() - SAVED_COUNT.length()) + SAVED_COUNT_ASYNC_COMMIT : sql;
    }

    /** {@code synchronous_commit = off} for the transaction of each save (insert, update), one statement each. */
    @Override
    public Dialect withAsynchronousCommit() {
        return new PostgresDialect(table, true);
    }

    private static final String LOAD = """
            SELECT s.id_sealed, s.created_ms, s.last_access_ms, s.max_inactive_ms, s.expiry_ms, s.principal,
                   s.last_node, s.metadata::TEXT, s.version, s.claimed_by, s.claimed_until_ms, s.previous_access_ms,
                   s.client_address, s.user_agent, s.revoked_ms, a.name, a.value
            FROM ${table} s
            LEFT JOIN ${table}_attributes a ON a.app = s.app AND a.id_digest = s.id_digest
            WHERE s.app = ? AND s.id_digest = ?""";

    @Override
    public Optional<StoredRow> load(Connection c, String app, byte[] idDigest) throws SQLException {
        return JdbcRows.load(c, loadSql, app, idDigest);
    }

    private static final String INSERT = """
            WITH s AS (
                INSERT INTO ${table} (app, id_digest, id_sealed, created_ms, last_access_ms, max_inactive_ms,
                                      expiry_ms, principal, last_node, metadata, previous_access_ms, version,
                      created_node, client_address, user_agent, client_type, attribute_count, size_bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::JSONB, ?, 1, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (app, id_digest) DO NOTHING
                RETURNING app, id_digest
            ), a AS (
                INSERT INTO ${table}_attributes (app, id_digest, name, value)
                SELECT s.app, s.id_digest, v.name, v.value FROM s, unnest(?::TEXT[], ?::BYTEA[]) AS v(name, value)
            )
            SELECT count(*) FROM s""";

    @Override
    public boolean insert(Connection c, RowWrite w) throws SQLException {
        if (w.changesIndex()) {
            // Rare (an indexed attribute is set): the index rows follow in the same transaction.
            return Database.inTransaction(c, tx -> insertRow(tx, w) && writeIndex(tx, w));
        }
        return insertRow(c, w);
    }

    private boolean insertRow(Connection c, RowWrite w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            bindInsert(ps, w);
            bindAttributes(c, ps, 18, w.upserts());
            return singleCount(ps) == 1;
        }
    }

    private static final String UPSERT_INDEX = """
            INSERT INTO ${table}_index (app, id_digest, name, value) VALUES (?, ?, ?, ?)
            ON CONFLICT (app, id_digest, name) DO UPDATE SET value = EXCLUDED.value""";

    private static final String DELETE_INDEX = "DELETE FROM ${table}_index WHERE app = ? AND id_digest = ? AND name = ?";

    private boolean writeIndex(Connection c, RowWrite w) throws SQLException {
        JdbcRows.writeIndex(c, upsertIndexSql, deleteIndexSql, w);
        return true;
    }

    /** Binds the insert of a session row: app, digest, sealed id, times, expiry, principal, node, metadata, previous access. */
    private static void bindInsert(PreparedStatement ps, RowWrite w) throws SQLException {
        int i = 0;
        ps.setString(++i, w.app());
        ps.setBytes(++i, w.idDigest());
        ps.setBytes(++i, w.idSealed());
        ps.setLong(++i, w.createdMs());
        ps.setLong(++i, w.lastAccessMs());
        ps.setLong(++i, w.maxInactiveMs());
        JdbcRows.setNullableLong(ps, ++i, w.expiryMs());
        ps.setString(++i, w.principal());
        ps.setString(++i, w.node());
        ps.setString(++i, w.metadataJson());
        ps.setLong(++i, w.previousAccessMs());
        JdbcRows.bindInsertClient(ps, ++i, w);
    }

    // Only attributes changed and no touch is due: of the session row only the version (it identifies
    // the write, see RowWrite), the writing node, the client and the sizes are written: a HOT update that
    // adds no index entries (expiry, principal).
    private static final String UPDATE_ATTRIBUTES = """
            WITH s AS (
                UPDATE ${table} SET version = (version / 4294967296 + 1) * 4294967296 + ?,
                    last_node = ?,
                    client_address = COALESCE(?, client_address),
                    user_agent = COALESCE(?, user_agent),
                    client_type = COALESCE(?, client_type),
                    attribute_count = ?,
                    size_bytes = ?
                WHERE app = ? AND id_digest = ? AND claimed_by IS NULL AND revoked_ms IS NULL
                  AND (? = 0 OR version = ?)
                RETURNING app, id_digest
            ), u AS (
                INSERT INTO ${table}_attributes (app, id_digest, name, value)
                SELECT s.app, s.id_digest, v.name, v.value FROM s, unnest(?::TEXT[], ?::BYTEA[]) AS v(name, value)
                ON CONFLICT (app, id_digest, name) DO UPDATE SET value = EXCLUDED.value
            ), d AS (
                DELETE FROM ${table}_attributes a USING s
                WHERE a.app = s.app AND a.id_digest = s.id_digest AND a.name = ANY(?::TEXT[])
            )
            SELECT count(*) FROM s""";

    // The session row is locked first (the other CTEs read from s), so concurrent saves of one
    // session serialize on it and never deadlock on attribute rows.
    private static final String UPDATE = """
            WITH s AS (
                UPDATE ${table}
                SET expiry_ms = CASE WHEN ? >= last_access_ms THEN ? ELSE expiry_ms END,
                    previous_access_ms = CASE WHEN ? >= last_access_ms THEN ? ELSE previous_access_ms END,
                    last_access_ms = GREATEST(last_access_ms, ?),
                    max_inactive_ms = ?,
                    principal = ?,
                    last_node = ?,
                    metadata = COALESCE(?::JSONB, metadata),
                    client_address = COALESCE(?, client_address),
                    user_agent = COALESCE(?, user_agent),
                    client_type = COALESCE(?, client_type),
                    attribute_count = ?,
                    size_bytes = ?,
                    version = (version / 4294967296 + 1) * 4294967296 + ?
                WHERE app = ? AND id_digest = ? AND claimed_by IS NULL AND revoked_ms IS NULL
                  AND (? = 0 OR version = ?)
                RETURNING app, id_digest
            ), u AS (
                INSERT INTO ${table}_attributes (app, id_digest, name, value)
                SELECT s.app, s.id_digest, v.name, v.value FROM s, unnest(?::TEXT[], ?::BYTEA[]) AS v(name, value)
                ON CONFLICT (app, id_digest, name) DO UPDATE SET value = EXCLUDED.value
            ), d AS (
                DELETE FROM ${table}_attributes a USING s
                WHERE a.app = s.app AND a.id_digest = s.id_digest AND a.name = ANY(?::TEXT[])
            )
            SELECT count(*) FROM s""";

    @Override
    public boolean update(Connection c, RowWrite w) throws SQLException {
        if (w.changesIndex()) {
            // Rare (an indexed attribute changed): the index rows follow in the same transaction.
            return Database.inTransaction(c, tx -> updateRows(tx, w) && writeIndex(tx, w));
        }
        return updateRows(c, w);
    }

    private boolean updateRows(Connection c, RowWrite w) throws SQLException {
        if (!w.writeRow()) {
            try (PreparedStatement ps = c.prepareStatement(updateAttributesSql)) {
                ps.setLong(1, w.writeTag());
                ps.setString(2, w.node());
                int i = JdbcRows.bindClient(ps, 3, w);
                ps.setString(i++, w.app());
                ps.setBytes(i++, w.idDigest());
                ps.setLong(i++, w.expectedVersion());
                ps.setLong(i++, w.expectedVersion());
                bindAttributes(c, ps, i, w.upserts());
                ps.setArray(i + 2, c.createArrayOf("text", w.removals().toArray(new String[0])));
                return singleCount(ps) == 1;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(updateSql)) {
            bindUpdate(ps, w);
            bindAttributes(c, ps, 20, w.upserts());
            ps.setArray(22, c.createArrayOf("text", w.removals().toArray(new String[0])));
            return singleCount(ps) == 1;
        }
    }

    /**
     * Binds the update of a session row, in the order every dialect's UPDATE takes them: access, expiry,
     * access, previous access, access, max inactive, principal, node, metadata, client address, user agent,
     * client type, attribute count, size, write tag, app, digest, expected version (twice).
     */
    private static void bindUpdate(PreparedStatement ps, RowWrite w) throws SQLException {
        int i = 0;
        ps.setLong(++i, w.lastAccessMs());
        JdbcRows.setNullableLong(ps, ++i, w.expiryMs());
        ps.setLong(++i, w.lastAccessMs());
        ps.setLong(++i, w.previousAccessMs());
        ps.setLong(++i, w.lastAccessMs());
        ps.setLong(++i, w.maxInactiveMs());
        ps.setString(++i, w.principal());
        ps.setString(++i, w.node());
        ps.setString(++i, w.metadataJson());
        i = JdbcRows.bindClient(ps, i + 1, w) - 1;
        ps.setLong(++i, w.writeTag());
        ps.setString(++i, w.app());
        ps.setBytes(++i, w.idDigest());
        ps.setLong(++i, w.expectedVersion());
        ps.setLong(++i, w.expectedVersion());
    }

    private static final String DELETE = "DELETE FROM ${table} WHERE app = ? AND id_digest = ?";

    /**
     * The history row of each session deleted by CTE {@code d} (at time {@code n.ms}): how it ended
     * (revoked, expired: claimed for expiry or past its expiry, else invalidated), when (the revocation,
     * the expiry, or now), and how long it lasted. The one text both deletes with history share.
     */
    private static final String HISTORY_OF_DELETED = """
            , h AS (
                INSERT INTO ${table}_history (app, id_digest, ended_ms, created_ms, duration_ms, ended_how, principal,
                                              client_type, created_node, id_sealed)
                SELECT d.app, d.id_digest, e.ended_ms, d.created_ms, GREATEST(e.ended_ms - d.created_ms, 0), e.how,
                       d.principal, d.client_type, d.created_node, CASE WHEN d.revoked_ms IS NOT NULL THEN d.id_sealed END
                FROM d CROSS JOIN n CROSS JOIN LATERAL (SELECT
                    CASE WHEN d.revoked_ms IS NOT NULL THEN d.revoked_ms
                         WHEN d.claimed_by IS NOT NULL OR d.expiry_ms <= n.ms THEN LEAST(COALESCE(d.expiry_ms, n.ms), n.ms)
                         ELSE n.ms END AS ended_ms,
                    CASE WHEN d.revoked_ms IS NOT NULL THEN 'revoked'
                         WHEN d.claimed_by IS NOT NULL OR d.expiry_ms <= n.ms THEN 'expired'
                         ELSE 'invalidated' END AS how) e
                ON CONFLICT DO NOTHING
            )
            SELECT count(*) FROM d""";

    private static final String DELETED_COLUMNS = """
            RETURNING app, id_digest, created_ms, principal, client_type, created_node, revoked_ms, claimed_by, expiry_ms,
                      id_sealed""";

    private static final String DELETE_WITH_HISTORY = """
            WITH n AS (SELECT CAST(? AS BIGINT) AS ms), d AS (
                DELETE FROM ${table} WHERE app = ? AND id_digest = ?
            """ + DELETED_COLUMNS + "\n)" + HISTORY_OF_DELETED;

    @Override
    public boolean delete(Connection c, String app, byte[] idDigest, long nowMs, boolean history) throws SQLException {
        if (!history) {
            return JdbcRows.deleteSession(c, deleteSql, app, idDigest);
        }
        try (PreparedStatement ps = c.prepareStatement(deleteWithHistorySql)) {
            ps.setLong(1, nowMs);
            ps.setString(2, app);
            ps.setBytes(3, idDigest);
            return singleCount(ps) > 0;
        }
    }

    private static final String CHANGE_ID = """
            UPDATE ${table} SET id_digest = ?, id_sealed = ?, version = version + 1
            WHERE app = ? AND id_digest = ? AND claimed_by IS NULL""";

    @Override
    public boolean changeId(Connection c, String app, byte[] oldDigest, byte[] newDigest, byte[] newSealed)
            throws SQLException {
        return JdbcRows.changeId(c, changeIdSql, app, oldDigest, newDigest, newSealed);
    }

    private static final String EXISTS = """
            SELECT 1 FROM ${table}
            WHERE app = ? AND id_digest = ? AND claimed_by IS NULL AND (expiry_ms IS NULL OR expiry_ms > ?)""";

    @Override
    public boolean exists(Connection c, String app, byte[] idDigest, long nowMs) throws SQLException {
        return JdbcRows.exists(c, existsSql, app, idDigest, nowMs);
    }

    private static final String CLAIM = """
            UPDATE ${table} SET claimed_by = ?, claimed_until_ms = ?
            WHERE app = ? AND id_digest = ? AND expiry_ms <= ?
              AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until_ms < ?)""";

    @Override
    public boolean claim(Connection c, String app, byte[] idDigest, long nowMs, String claimer, long leaseUntilMs)
            throws SQLException {
        return JdbcRows.claim(c, claimSql, app, idDigest, nowMs, claimer, leaseUntilMs);
    }

    // SKIP LOCKED lets concurrent sweepers take disjoint sessions; the expiry index bounds the scan
    // to expired rows, so the cost grows with expired sessions, not with the table. The locked rows are
    // updated by their ctid, as the sweep's DELETE deletes them (see DELETE_EXPIRED_BEFORE).
    private static final String CLAIM_EXPIRED = """
            UPDATE ${table} SET claimed_by = ?, claimed_until_ms = ?
            WHERE ctid = ANY(ARRAY(
                SELECT ctid FROM ${table}
                WHERE expiry_ms <= ? AND app = ? AND (claimed_by IS NULL OR claimed_until_ms < ?)
                ORDER BY expiry_ms
                LIMIT ?
                FOR UPDATE SKIP LOCKED))
            RETURNING id_sealed""";

    @Override
    public List<byte[]> claimExpired(Connection c, String app, long nowMs, String claimer, long leaseUntilMs, int limit)
            throws SQLException {
        return JdbcRows.claimExpiredReturning(c, claimExpiredSql, app, nowMs, claimer, leaseUntilMs, limit);
    }

    // The expiry and previous access are assigned before last_access_ms, so that on MySQL/MariaDB
    // (left-to-right assignment) they too compare with the stored access time.
    private static final String RELEASE_CLAIM = """
            UPDATE ${table}
            SET expiry_ms = CASE WHEN max_inactive_ms > 0 THEN GREATEST(last_access_ms, ?) + max_inactive_ms END,
                previous_access_ms = CASE WHEN ? > last_access_ms THEN last_access_ms ELSE previous_access_ms END,
                last_access_ms = GREATEST(last_access_ms, ?),
                claimed_by = NULL,
                claimed_until_ms = NULL,
                version = version + 1
            WHERE app = ? AND id_digest = ? AND claimed_by = ? AND revoked_ms IS NULL""";

    @Override
    public boolean releaseClaim(Connection c, String app, byte[] idDigest, String claimer, long accessedMs)
            throws SQLException {
        return JdbcRows.releaseClaim(c, releaseClaimSql, app, idDigest, claimer, accessedMs);
    }

    private static final String COUNT = """
            SELECT count(*) FROM ${table} WHERE app = ? AND (expiry_ms IS NULL OR expiry_ms > ?)""";

    @Override
    public long count(Connection c, String app, long nowMs) throws SQLException {
        return JdbcRows.count(c, countSql, app, nowMs);
    }

    private static final String FIND_BY_PRINCIPAL = """
            SELECT id_digest, principal, created_ms, last_access_ms, expiry_ms, last_node, metadata::TEXT
            FROM ${table} WHERE app = ? AND principal = ? ORDER BY last_access_ms DESC""";

    @Override
    public List<StoredSummary> findByPrincipal(Connection c, String app, String principal) throws SQLException {
        return JdbcRows.findByPrincipal(c, findByPrincipalSql, app, principal);
    }

    private static final String DELETE_BY_PRINCIPAL = "DELETE FROM ${table} WHERE app = ? AND principal = ?";


    // The live sessions of a principal logged out everywhere end as revoked (their history rows say so).
    private static final String REVOKE_LIVE_OF_PRINCIPAL = """
            UPDATE ${table} SET revoked_ms = ?
            WHERE app = ? AND principal = ? AND revoked_ms IS NULL AND claimed_by IS NULL
              AND (expiry_ms IS NULL OR expiry_ms > ?)""";

    private static final String DELETE_BY_PRINCIPAL_WITH_HISTORY = """
            WITH n AS (SELECT CAST(? AS BIGINT) AS ms), d AS (
                DELETE FROM ${table} WHERE app = ? AND principal = ?
            """ + DELETED_COLUMNS + "\n)" + HISTORY_OF_DELETED;

    @Override
    public int deleteByPrincipal(Connection c, String app, String principal, long nowMs, boolean history)
            throws SQLException {
        if (!history) {
            return JdbcRows.deleteByPrincipal(c, deleteByPrincipalSql, app, principal);
        }
        return Database.inTransaction(c, tx -> {
            JdbcRows.revokeLiveOfPrincipal(tx, revokeLiveOfPrincipalSql, app, principal, nowMs);
            try (PreparedStatement ps = tx.prepareStatement(deleteByPrincipalWithHistorySql)) {
                ps.setLong(1, nowMs);
                ps.setString(2, app);
                ps.setString(3, principal);
                return (int) singleCount(ps);
            }
        });
    }

    // Sessions no node holds a live claim on; SKIP LOCKED leaves those a node is writing to it. The plan
    // is generic (pgjdbc prepares it) and knows neither the cutoff nor the batch size, so both halves are
    // pinned to what reads only the expired rows. ORDER BY expiry_ms: the expiry index's range (without it
    // the plan estimated a third of the table expired and scanned the heap through every live session at
    // each batch: 100,000 expired among a million live took 5x as long as among 10,000, bench/run.sh scale).
    // ctid = ANY(ARRAY(...)): the locked rows by their address (a TID scan); an IN (SELECT app, id_digest ...)
    // was a hash semi-join over a sequential scan of the whole table below about 100,000 sessions. A row
    // updated after this statement's snapshot is locked at its new version, which the TID scan does not see:
    // it stays for the next sweep, never wrongly deleted.
    private static final String DELETE_EXPIRED_BEFORE = """
            WITH n AS (SELECT CAST(? AS BIGINT) AS ms, CAST(? AS BOOLEAN) AS history), d AS (
                DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
                    SELECT ctid FROM ${table}
                    WHERE expiry_ms < ? AND (claimed_by IS NULL OR claimed_until_ms < ?)
                    ORDER BY expiry_ms
                    LIMIT ? FOR UPDATE SKIP LOCKED))
            """ + DELETED_COLUMNS + "\n)" + HISTORY_OF_DELETED.replace("ON CONFLICT DO NOTHING", "WHERE n.history\n    ON CONFLICT DO NOTHING");

    @Override
    public int deleteExpiredBefore(Connection c, long beforeMs, long nowMs, int limit, boolean history) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(deleteExpiredBeforeSql)) {
            ps.setLong(1, nowMs);
            ps.setBoolean(2, history);
            ps.setLong(3, beforeMs);
            ps.setLong(4, nowMs);
            ps.setInt(5, limit);
            return (int) singleCount(ps);
        }
    }

    // Revoked sessions still stored, and those another node has expired since (their history rows).
    private static final String REVOKED_SINCE = """
            SELECT id_sealed FROM ${table} WHERE revoked_ms >= ? AND app = ?
            UNION ALL
            SELECT id_sealed FROM ${table}_history WHERE ended_ms >= ? AND app = ? AND ended_how = 'revoked'""";

    @Override
    public List<byte[]> revokedSince(Connection c, String app, long sinceMs) throws SQLException {
        return JdbcRows.revokedSince(c, revokedSinceSql, app, sinceMs);
    }

    // reltuples is -1 until the first VACUUM or ANALYZE (PostgreSQL 14 and later; 13 reads 0 and is left alone)
    private static final String NEVER_ANALYZED = """
            SELECT EXISTS (SELECT 1 FROM pg_class WHERE oid IN (to_regclass(?), to_regclass(?)) AND reltuples < 0),
                   EXISTS (SELECT 1 FROM ${table})""";

    private static final String ANALYZE = "ANALYZE ${table}, ${table}_attributes";

    @Override
    public boolean analyzeIfNeverAnalyzed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(neverAnalyzedSql)) {
            ps.setString(1, table);
            ps.setString(2, table + "_attributes");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return true;
                }
                if (!rs.getBoolean(2)) {
                    return false;
                }
            }
        }
        try (java.sql.Statement st = c.createStatement()) {
            st.execute(analyzeSql); // a role that may not analyze gets a WARNING from the server, not an error
        }
        return true;
    }

    private static final String PRUNE_HISTORY = """
            DELETE FROM ${table}_history WHERE (ended_ms, app, id_digest) IN (
                SELECT ended_ms, app, id_digest FROM ${table}_history WHERE ended_ms < ? ORDER BY ended_ms LIMIT ?)""";

    @Override
    public int pruneHistory(Connection c, long beforeMs, int limit) throws SQLException {
        return JdbcRows.pruneHistory(c, pruneHistorySql, beforeMs, limit);
    }

    // A lease is taken when free, lapsed or already this owner's: the upsert changes one row or none.
    private static final String TRY_LOCK = """
            INSERT INTO ${table}_locks AS l (app, id_digest, owner, until_ms) VALUES (?, ?, ?, ?)
            ON CONFLICT (app, id_digest) DO UPDATE SET owner = EXCLUDED.owner, until_ms = EXCLUDED.until_ms
            WHERE l.until_ms < ? OR l.owner = EXCLUDED.owner""";

    @Override
    public boolean tryLock(Connection c, String app, byte[] idDigest, String owner, long nowMs, long untilMs)
            throws SQLException {
        return JdbcRows.tryLock(c, tryLockSql, app, idDigest, owner, nowMs, untilMs) == 1;
    }

    /** @return {@code template} with the table name filled in; called once per statement, at construction */
    private String fill(String template) {
        return template.replace("${table}", table);
    }

    @Override
    public boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        // 40001 serialization failure; 40P01 deadlock; 25006 a write reached a server that is (now) a standby.
        return "40001".equals(state) || "40P01".equals(state) || "25006".equals(state);
    }

    private static void bindAttributes(Connection c, PreparedStatement ps, int index, Map<String, byte[]> attributes)
            throws SQLException {
        String[] names = new String[attributes.size()];
        byte[][] values = new byte[attributes.size()][];
        int i = 0;
        for (Map.Entry<String, byte[]> e : attributes.entrySet()) {
            names[i] = e.getKey();
            values[i++] = e.getValue();
        }
        Array nameArray = c.createArrayOf("text", names);
        Array valueArray = c.createArrayOf("bytea", values);
        ps.setArray(index, nameArray);
        ps.setArray(index + 1, valueArray);
    }

    private static long singleCount(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
