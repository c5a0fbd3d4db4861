package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything sessiondb runs on SQLite 3.35+ through sqlite-jdbc (which bundles its own SQLite): each SQL
 * text sits next to the method that binds and runs it; the table name is filled in once, at
 * construction. SQLite has one writer at a time per database file, across threads and processes;
 * every write that spans statements runs in a {@code BEGIN IMMEDIATE} transaction
 * ({@link Database#inTransaction}), which takes the write lock before reading, so two writers never
 * both read and then fail or overwrite each other; a single-statement write takes it when it starts.
 * Readers never block (WAL). Row reading and the statements bound alike on every database are in
 * {@link JdbcRows}.
 */
public final class SqliteDialect implements Dialect {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private final String table;
    private final String readSchemaSql;
    private final String loadSql;
    private final String insertSql;
    private final String updateSql;
    private final String upsertAttributeSql;
    private final String deleteAttributeSql;
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
    private final String historyOfPrincipalSql;
    private final String deleteExpiredBeforeSql;
    private final String tryLockSql;
    private final String insertHistorySql;
    private final String historyOfExpiredSql;
    private final String upsertIndexSql;
    private final String deleteIndexSql;
    private final String revokedSinceSql;
    private final String pruneHistorySql;

    /** @throws IllegalStateException naming tableName when it is schema-qualified */
    public SqliteDialect(String table) {
        if (table.contains(".")) {
            throw new IllegalStateException("tableName '" + table + "' is schema-qualified, which sessiondb does not"
                    + " support on SQLite (a schema there is an attached database file): use a plain name");
        }
        this.table = table;
        readSchemaSql = fill(READ_SCHEMA);
        loadSql = fill(LOAD);
        insertSql = fill(INSERT);
        updateSql = fill(UPDATE);
        upsertAttributeSql = fill(UPSERT_ATTRIBUTE);
        deleteAttributeSql = fill(DELETE_ATTRIBUTE);
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
        historyOfPrincipalSql = fill(HISTORY_OF_PRINCIPAL);
        deleteExpiredBeforeSql = fill(DELETE_EXPIRED_BEFORE);
        tryLockSql = fill(TRY_LOCK);
        insertHistorySql = fill(INSERT_HISTORY);
        historyOfExpiredSql = fill(HISTORY_OF_EXPIRED);
        upsertIndexSql = fill(UPSERT_INDEX);
        deleteIndexSql = fill(DELETE_INDEX);
        revokedSinceSql = fill(REVOKED_SINCE);
        pruneHistorySql = fill(PRUNE_HISTORY);
    }

    @Override
    public String name() {
        return "sqlite";
    }

    /** SQLite DDL is transactional: the scripts run in one write transaction, which is the lock. */
    @Override
    public <T> T underSchemaLock(Connection c, Database.Work<T> work) throws SQLException {
        return write(c, work);
    }

    /** DDL is transactional here: a failed script leaves nothing behind to skip. */
    @Override
    public boolean isAlreadyApplied(SQLException e) {
        return false;
    }

    private static final String TABLE_EXISTS = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?";

    private static final String READ_SCHEMA = """
            SELECT version, seal_key FROM ${table}_schema ORDER BY version DESC LIMIT 1""";

    private static final String DATABASE_NOW = "SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

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
                if (rs.getInt(1) == 0) {
                    return Optional.empty();
                }
            }
        }
        return JdbcRows.readSchemaRecord(c, readSchemaSql);
    }

    private static final String LOAD = """
            SELECT s.id_sealed, s.created_ms, s.last_access_ms, s.max_inactive_ms, s.expiry_ms, s.principal,
                   s.last_node, s.metadata, s.version, s.claimed_by, s.claimed_until_ms, s.previous_access_ms,
                   s.client_address, s.user_agent, s.revoked_ms, a.name, a.value
            FROM ${table} s
            LEFT JOIN ${table}_attributes a ON a.app = s.app AND a.id_digest = s.id_digest
            WHERE s.app = ? AND s.id_digest = ?""";

    @Override
    public Optional<StoredRow> load(Connection c, String app, byte[] idDigest) throws SQLException {
        return JdbcRows.load(c, loadSql, app, idDigest);
    }

    private static final String INSERT = """
            INSERT INTO ${table} (app, id_digest, id_sealed, created_ms, last_access_ms, max_inactive_ms,
                                  expiry_ms, principal, last_node, metadata, previous_access_ms, version,
                  created_node, client_address, user_agent, client_type, attribute_count, size_bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (app, id_digest) DO NOTHING""";

    private static final String UPSERT_ATTRIBUTE = """
            INSERT INTO ${table}_attributes (app, id_digest, name, value) VALUES (?, ?, ?, ?)
            ON CONFLICT (app, id_digest, name) DO UPDATE SET value = excluded.value""";

    @Override
    public boolean insert(Connection c, RowWrite w) throws SQLException {
        return write(c, tx -> {
            try (PreparedStatement ps = tx.prepareStatement(insertSql)) {
                bindInsert(ps, w);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = tx.prepareStatement(upsertAttributeSql)) {
                JdbcRows.upsertAll(ps, w.app(), w.idDigest(), w.upserts());
            }
            JdbcRows.writeIndex(tx, upsertIndexSql, deleteIndexSql, w);
            return true;
        });
    }

    private static final String UPSERT_INDEX = """
            INSERT INTO ${table}_index (app, id_digest, name, value) VALUES (?, ?, ?, ?)
            ON CONFLICT (app, id_digest, name) DO UPDATE SET value = excluded.value""";

    private static final String DELETE_INDEX = "DELETE FROM ${table}_index WHERE app = ? AND id_digest = ? AND name = ?";

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

    // Runs first in a save: a session that is gone or claimed matches no row and is never re-created.
    private static final String UPDATE = """
            UPDATE ${table}
            SET expiry_ms = CASE WHEN ? >= last_access_ms THEN ? ELSE expiry_ms END,
                previous_access_ms = CASE WHEN ? >= last_access_ms THEN ? ELSE previous_access_ms END,
                last_access_ms = max(last_access_ms, ?),
                max_inactive_ms = ?,
                principal = ?,
                last_node = ?,
                metadata = COALESCE(?, metadata),
                client_address = COALESCE(?, client_address),
                user_agent = COALESCE(?, user_agent),
                client_type = COALESCE(?, client_type),
                attribute_count = ?,
                size_bytes = ?,
                version = (version / 4294967296 + 1) * 4294967296 + ?
            WHERE app = ? AND id_digest = ? AND claimed_by IS NULL AND revoked_ms IS NULL
                  AND (? = 0 OR version = ?)""";

    private static final String DELETE_ATTRIBUTE = """
            DELETE FROM ${table}_attributes WHERE app = ? AND id_digest = ? AND name = ?""";

    @Override
    public boolean update(Connection c, RowWrite w) throws SQLException {
        return write(c, tx -> {
            try (PreparedStatement ps = tx.prepareStatement(updateSql)) {
                bindUpdate(ps, w);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement ps = tx.prepareStatement(upsertAttributeSql)) {
                JdbcRows.upsertAll(ps, w.app(), w.idDigest(), w.upserts());
            }
            try (PreparedStatement ps = tx.prepareStatement(deleteAttributeSql)) {
                JdbcRows.deleteAll(ps, w.app(), w.idDigest(), w.removals());
            }
            JdbcRows.writeIndex(tx, upsertIndexSql, deleteIndexSql, w);
            return true;
        });
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

    @Override
    public boolean delete(Connection c, String app, byte[] idDigest, long nowMs, boolean history) throws SQLException {
        return write(c, tx -> {
            if (history) {
                try (PreparedStatement ps = tx.prepareStatement(insertHistorySql)) {
                    bindHistory(ps, nowMs);
                    ps.setString(6, app);
                    ps.setBytes(7, idDigest);
                    ps.executeUpdate();
                }
            }
            return JdbcRows.deleteSession(tx, deleteSql, app, idDigest);
        });
    }

    // The history rows of the sessions the WHERE clause (appended) selects: how each ended (revoked,
    // expired: claimed for expiry or past its expiry, else invalidated), when (the revocation, the
    // expiry, or now) and how long it lasted. Placeholders: now (5 times), then the WHERE clause's.
    private static final String HISTORY_OF = """
            INSERT OR IGNORE INTO ${table}_history (app, id_digest, ended_ms, created_ms, duration_ms, ended_how,
                                                    principal, client_type, created_node, id_sealed)
            SELECT app, id_digest, ended_ms, created_ms, max(ended_ms - created_ms, 0), how, principal, client_type,
                   created_node, sealed
            FROM (SELECT app, id_digest, created_ms, principal, client_type, created_node,
                         CASE WHEN revoked_ms IS NOT NULL THEN id_sealed END AS sealed,
                         CASE WHEN revoked_ms IS NOT NULL THEN revoked_ms
                              WHEN claimed_by IS NOT NULL OR expiry_ms <= ? THEN min(COALESCE(expiry_ms, ?), ?)
                              ELSE ? END AS ended_ms,
                         CASE WHEN revoked_ms IS NOT NULL THEN 'revoked'
                              WHEN claimed_by IS NOT NULL OR expiry_ms <= ? THEN 'expired'
                              ELSE 'invalidated' END AS how
                  FROM ${table}
            """;

    private static final String INSERT_HISTORY = HISTORY_OF + "WHERE app = ? AND id_digest = ?)";

    private static void bindHistory(PreparedStatement ps, long nowMs) throws SQLException {
        for (int i = 1; i <= 5; i++) {
            ps.setLong(i, nowMs);
        }
    }

    private static final String CHANGE_ID = """
            UPDATE ${table} SET id_digest = ?, id_sealed = ?, version = version + 1
            WHERE app = ? AND id_digest = ? AND claimed_by IS NULL""";

    @Override
    public boolean changeId(Connection c, String app, byte[] oldDigest, byte[] newDigest, byte[] newSealed)
            throws SQLException {
        return write(c, tx -> JdbcRows.changeId(tx, changeIdSql, app, oldDigest, newDigest, newSealed));
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

    // One statement holds the write lock from the subquery to the update, so concurrent claimers
    // (threads or processes) take disjoint sessions; the expiry index bounds the scan.
    private static final String CLAIM_EXPIRED = """
            UPDATE ${table} SET claimed_by = ?, claimed_until_ms = ?
            WHERE rowid IN (
                SELECT rowid FROM ${table}
                WHERE expiry_ms <= ? AND app = ? AND (claimed_by IS NULL OR claimed_until_ms < ?)
                ORDER BY expiry_ms
                LIMIT ?)
            RETURNING id_sealed""";

    @Override
    public List<byte[]> claimExpired(Connection c, String app, long nowMs, String claimer, long leaseUntilMs, int limit)
            throws SQLException {
        return write(c, tx -> JdbcRows.claimExpiredReturning(tx, claimExpiredSql, app, nowMs, claimer, leaseUntilMs,
                limit));
    }

    // The expiry and previous access are assigned before last_access_ms, so that on MySQL/MariaDB
    // (left-to-right assignment) they too compare with the stored access time.
    private static final String RELEASE_CLAIM = """
            UPDATE ${table}
            SET expiry_ms = CASE WHEN max_inactive_ms > 0 THEN max(last_access_ms, ?) + max_inactive_ms END,
                previous_access_ms = CASE WHEN ? > last_access_ms THEN last_access_ms ELSE previous_access_ms END,
                last_access_ms = max(last_access_ms, ?),
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
            SELECT COUNT(*) FROM ${table} WHERE app = ? AND (expiry_ms IS NULL OR expiry_ms > ?)""";

    @Override
    public long count(Connection c, String app, long nowMs) throws SQLException {
        return JdbcRows.count(c, countSql, app, nowMs);
    }

    private static final String FIND_BY_PRINCIPAL = """
            SELECT id_digest, principal, created_ms, last_access_ms, expiry_ms, last_node, metadata
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

    private static final String HISTORY_OF_PRINCIPAL = HISTORY_OF + "WHERE app = ? AND principal = ?)";

    @Override
    public int deleteByPrincipal(Connection c, String app, String principal, long nowMs, boolean history)
            throws SQLException {
        return write(c, tx -> {
            if (history) {
                JdbcRows.revokeLiveOfPrincipal(tx, revokeLiveOfPrincipalSql, app, principal, nowMs);
                try (PreparedStatement ps = tx.prepareStatement(historyOfPrincipalSql)) {
                    bindHistory(ps, nowMs);
                    ps.setString(6, app);
                    ps.setString(7, principal);
                    ps.executeUpdate();
                }
            }
            return JdbcRows.deleteByPrincipal(tx, deleteByPrincipalSql, app, principal);
        });
    }

    // Sessions no node holds a live claim on. Inside one write transaction the selection is the same
    // for the history insert and the delete. Placeholders: before, now, limit.
    private static final String EXPIRED_BEFORE = """
            WHERE rowid IN (SELECT rowid FROM ${table}
                WHERE expiry_ms < ? AND (claimed_by IS NULL OR claimed_until_ms < ?) ORDER BY expiry_ms LIMIT ?)""";

    private static final String DELETE_EXPIRED_BEFORE = "DELETE FROM ${table} " + EXPIRED_BEFORE;

    private static final String HISTORY_OF_EXPIRED = HISTORY_OF + EXPIRED_BEFORE + ")";

    @Override
    public int deleteExpiredBefore(Connection c, long beforeMs, long nowMs, int limit, boolean history) throws SQLException {
        return write(c, tx -> {
            if (history) {
                try (PreparedStatement ps = tx.prepareStatement(historyOfExpiredSql)) {
                    bindHistory(ps, nowMs);
                    ps.setLong(6, beforeMs);
                    ps.setLong(7, nowMs);
                    ps.setInt(8, limit);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = tx.prepareStatement(deleteExpiredBeforeSql)) {
                ps.setLong(1, beforeMs);
                ps.setLong(2, nowMs);
                ps.setInt(3, limit);
                return ps.executeUpdate();
            }
        });
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

    private static final String PRUNE_HISTORY = """
            DELETE FROM ${table}_history WHERE rowid IN (
                SELECT rowid FROM ${table}_history WHERE ended_ms < ? ORDER BY ended_ms LIMIT ?)""";

    @Override
    public int pruneHistory(Connection c, long beforeMs, int limit) throws SQLException {
        return write(c, tx -> JdbcRows.pruneHistory(tx, pruneHistorySql, beforeMs, limit));
    }

    // A lease is taken when free, lapsed or already this owner's: the upsert changes one row or none.
    private static final String TRY_LOCK = """
            INSERT INTO ${table}_locks (app, id_digest, owner, until_ms) VALUES (?, ?, ?, ?)
            ON CONFLICT (app, id_digest) DO UPDATE SET owner = EXCLUDED.owner, until_ms = EXCLUDED.until_ms
            WHERE ${table}_locks.until_ms < ? OR ${table}_locks.owner = EXCLUDED.owner""";

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
        // The low byte of sqlite-jdbc's error code is SQLite's primary result code.
        int primary = e.getErrorCode() & 0xff;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }

    // Per connection, and a no-op inside a transaction: set before each write begins, so that a
    // DataSource handed in without sqlite-jdbc's foreign_keys property still cascades.
    private static final String FOREIGN_KEYS_ON = "PRAGMA foreign_keys = ON";

    private static final String BEGIN_IMMEDIATE = "BEGIN IMMEDIATE";

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction: the database's write lock is taken
     * first (waiting up to the busy timeout), then committed, or rolled back when {@code work} throws.
     * Issued as statements, so it does not depend on how the driver maps {@code setAutoCommit}.
     */
    private static <T> T write(Connection c, Database.Work<T> work) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(FOREIGN_KEYS_ON);
        }
        return Database.inTransaction(c, BEGIN_IMMEDIATE, work);
    }
}
