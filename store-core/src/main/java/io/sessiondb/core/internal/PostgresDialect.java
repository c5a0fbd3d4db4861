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
    private final String deleteExpiredBeforeSql;
    private final String tryLockSql;
    private final String unlockSql;
    private final String deleteLapsedLocksSql;

    public PostgresDialect(String table) {
        this.table = table;
        readSchemaSql = fill(READ_SCHEMA);
        loadSql = fill(LOAD);
        insertSql = fill(INSERT);
        updateSql = fill(UPDATE);
        updateAttributesSql = fill(UPDATE_ATTRIBUTES);
        deleteSql = fill(DELETE);
        changeIdSql = fill(CHANGE_ID);
        existsSql = fill(EXISTS);
        claimSql = fill(CLAIM);
        claimExpiredSql = fill(CLAIM_EXPIRED);
        releaseClaimSql = fill(RELEASE_CLAIM);
        countSql = fill(COUNT);
        findByPrincipalSql = fill(FIND_BY_PRINCIPAL);
        deleteByPrincipalSql = fill(DELETE_BY_PRINCIPAL);
        deleteExpiredBeforeSql = fill(DELETE_EXPIRED_BEFORE);
        tryLockSql = fill(TRY_LOCK);
        unlockSql = fill(UNLOCK);
        deleteLapsedLocksSql = fill(DELETE_LAPSED_LOCKS);
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

    private static final String LOAD = """
            SELECT s.id_sealed, s.created_ms, s.last_access_ms, s.max_inactive_ms, s.expiry_ms, s.principal,
                   s.last_node, s.metadata::TEXT, s.version, s.claimed_by, s.claimed_until_ms, s.previous_access_ms,
                   a.name, a.value
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
                                      expiry_ms, principal, last_node, metadata, previous_access_ms, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::JSONB, ?, 1)
                ON CONFLICT (app, id_digest) DO NOTHING
                RETURNING app, id_digest
            ), a AS (
                INSERT INTO ${table}_attributes (app, id_digest, name, value)
                SELECT s.app, s.id_digest, v.name, v.value FROM s, unnest(?::TEXT[], ?::BYTEA[]) AS v(name, value)
            )
            SELECT count(*) FROM s""";

    @Override
    public boolean insert(Connection c, RowWrite w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            bindInsert(ps, w);
            bindAttributes(c, ps, 12, w.upserts());
            return singleCount(ps) == 1;
        }
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
    }

    // Only attributes changed and no touch is due: of the session row only the version is written (it
    // identifies the write, see RowWrite), a HOT update that adds no index entries (expiry, principal).
    private static final String UPDATE_ATTRIBUTES = """
            WITH s AS (
                UPDATE ${table} SET version = (version / 4294967296 + 1) * 4294967296 + ?
                WHERE app = ? AND id_digest = ? AND claimed_by IS NULL AND (? = 0 OR version = ?)
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
                    version = (version / 4294967296 + 1) * 4294967296 + ?
                WHERE app = ? AND id_digest = ? AND claimed_by IS NULL AND (? = 0 OR version = ?)
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
        if (!w.writeRow()) {
            try (PreparedStatement ps = c.prepareStatement(updateAttributesSql)) {
                ps.setLong(1, w.writeTag());
                ps.setString(2, w.app());
                ps.setBytes(3, w.idDigest());
                ps.setLong(4, w.expectedVersion());
                ps.setLong(5, w.expectedVersion());
                bindAttributes(c, ps, 6, w.upserts());
                ps.setArray(8, c.createArrayOf("text", w.removals().toArray(new String[0])));
                return singleCount(ps) == 1;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(updateSql)) {
            bindUpdate(ps, w);
            bindAttributes(c, ps, 15, w.upserts());
            ps.setArray(17, c.createArrayOf("text", w.removals().toArray(new String[0])));
            return singleCount(ps) == 1;
        }
    }

    /**
     * Binds the update of a session row, in the order every dialect's UPDATE takes them: access, expiry,
     * access, previous access, access, max inactive, principal, node, metadata, write tag, app, digest,
     * expected version (twice).
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
        ps.setLong(++i, w.writeTag());
        ps.setString(++i, w.app());
        ps.setBytes(++i, w.idDigest());
        ps.setLong(++i, w.expectedVersion());
        ps.setLong(++i, w.expectedVersion());
    }

    private static final String DELETE = "DELETE FROM ${table} WHERE app = ? AND id_digest = ?";

    @Override
    public boolean delete(Connection c, String app, byte[] idDigest) throws SQLException {
        return JdbcRows.deleteSession(c, deleteSql, app, idDigest);
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
    // to expired rows, so the cost grows with expired sessions, not with the table.
    private static final String CLAIM_EXPIRED = """
            UPDATE ${table} SET claimed_by = ?, claimed_until_ms = ?
            WHERE (app, id_digest) IN (
                SELECT app, id_digest FROM ${table}
                WHERE expiry_ms <= ? AND app = ? AND (claimed_by IS NULL OR claimed_until_ms < ?)
                ORDER BY expiry_ms
                LIMIT ?
                FOR UPDATE SKIP LOCKED)
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
            WHERE app = ? AND id_digest = ? AND claimed_by = ?""";

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

    @Override
    public int deleteByPrincipal(Connection c, String app, String principal) throws SQLException {
        return JdbcRows.deleteByPrincipal(c, deleteByPrincipalSql, app, principal);
    }

    private static final String DELETE_EXPIRED_BEFORE = """
            DELETE FROM ${table} WHERE (app, id_digest) IN (
                SELECT app, id_digest FROM ${table} WHERE expiry_ms < ? LIMIT ? FOR UPDATE SKIP LOCKED)""";

    @Override
    public int deleteExpiredBefore(Connection c, long beforeMs, int limit) throws SQLException {
        return JdbcRows.deleteExpiredBefore(c, deleteExpiredBeforeSql, beforeMs, limit);
    }

    /** @return {@code template} with the table name filled in; called once per statement, at construction */
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
    private static final String UNLOCK = """
            DELETE FROM ${table}_locks WHERE app = ? AND id_digest = ? AND owner = ?""";

    @Override
    public void unlock(Connection c, String app, byte[] idDigest, String owner) throws SQLException {
        JdbcRows.byOwner(c, unlockSql, app, idDigest, owner);
    }

    private static final String DELETE_LAPSED_LOCKS = "DELETE FROM ${table}_locks WHERE until_ms < ?";

    @Override
    public int deleteLapsedLocks(Connection c, long beforeMs) throws SQLException {
        return JdbcRows.deleteBefore(c, deleteLapsedLocksSql, beforeMs);
    }

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
