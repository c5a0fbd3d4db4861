package io.sessiondb.core.internal;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything sessiondb runs on MariaDB 10.6+ (10.10+ for the schema script's {@code RANDOM_BYTES}) and
 * MySQL 8.0+: each SQL text sits next to the method that binds and runs it. The table name is filled
 * in once, at construction; nothing is concatenated per call. MariaDB has no data-modifying CTEs, so a
 * write that touches several rows is a short transaction ({@link Database#inTransaction}): the session
 * row is locked first, then the attribute rows are written, so that concurrent saves serialize on its
 * row lock. Row reading and the statements bound alike on every database are in {@link JdbcRows}.
 */
public final class MariaDbDialect implements Dialect {

    private static final System.Logger LOG = System.getLogger("io.sessiondb");
    private static final int SCHEMA_LOCK_SECONDS = 30;
    private static final int ER_DUP_ENTRY = 1062;
    private static final int ER_DUP_FIELDNAME = 1060;
    private static final int ER_DUP_KEYNAME = 1061;
    private static final int ER_CANT_DROP_FIELD_OR_KEY = 1091;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;

    private final String table;
    private final String schemaName;
    private final String tableName;
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
    private final String selectExpiredSql;
    private final String claimLockedSql;
    private final String releaseClaimSql;
    private final String countSql;
    private final String findByPrincipalSql;
    private final String deleteByPrincipalSql;
    private final String deleteExpiredBeforeSql;
    private final String tryLockSql;
    private final String unlockSql;
    private final String deleteLapsedLocksSql;
    private final String lockHeldSql;
    private final String causalLoadSql;
    private final String causalExistsSql;
    private final String causalSelectExpiredSql;
    /** Whether the database is a Galera cluster: set by {@link #readSchema}, which runs at start. See {@link Galera}. */
    private volatile boolean galera;

    public MariaDbDialect(String table) {
        this.table = table;
        int dot = table.indexOf('.');
        this.schemaName = dot < 0 ? null : table.substring(0, dot);
        this.tableName = table.substring(dot + 1);
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
        selectExpiredSql = fill(SELECT_EXPIRED);
        claimLockedSql = fill(CLAIM_LOCKED);
        releaseClaimSql = fill(RELEASE_CLAIM);
        countSql = fill(COUNT);
        findByPrincipalSql = fill(FIND_BY_PRINCIPAL);
        deleteByPrincipalSql = fill(DELETE_BY_PRINCIPAL);
        deleteExpiredBeforeSql = fill(DELETE_EXPIRED_BEFORE);
        tryLockSql = fill(TRY_LOCK);
        unlockSql = fill(UNLOCK);
        deleteLapsedLocksSql = fill(DELETE_LAPSED_LOCKS);
        lockHeldSql = fill(LOCK_HELD);
        causalLoadSql = Galera.causal(loadSql);
        causalExistsSql = Galera.causal(existsSql);
        causalSelectExpiredSql = Galera.causal(selectExpiredSql);
    }

    @Override
    public String name() {
        return "mariadb";
    }

    // Lock names are limited to 64 characters: hash the (possibly qualified) table name.
    private static final String LOCK_SCHEMA = "SELECT GET_LOCK(CONCAT('sessiondb_', MD5(?)), ?)";

    /** DDL commits implicitly on MariaDB/MySQL, so the scripts run under a named lock, not in a transaction. */
    @Override
    public <T> T underSchemaLock(Connection c, Database.Work<T> work) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(LOCK_SCHEMA)) {
            lock.setString(1, table);
            lock.setInt(2, SCHEMA_LOCK_SECONDS);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new SQLException("another node held the schema lock of " + table + " for more than "
                            + SCHEMA_LOCK_SECONDS + " s");
                }
            }
        }
        T result;
        try {
            result = work.run(c);
        } catch (SQLException | RuntimeException e) {
            try {
                unlockSchema(c);
            } catch (SQLException unlockFailed) {
                e.addSuppressed(unlockFailed);
            }
            throw e;
        }
        unlockSchema(c);
        return result;
    }

    private static final String UNLOCK_SCHEMA = "SELECT RELEASE_LOCK(CONCAT('sessiondb_', MD5(?)))";

    private void unlockSchema(Connection c) throws SQLException {
        try (PreparedStatement unlock = c.prepareStatement(UNLOCK_SCHEMA)) {
            unlock.setString(1, table);
            unlock.execute();
        }
    }

    /** An upgrade interrupted between two DDL statements left a column or index that exists already, or dropped one. */
    @Override
    public boolean isAlreadyApplied(SQLException e) {
        return e.getErrorCode() == ER_DUP_FIELDNAME || e.getErrorCode() == ER_DUP_KEYNAME
                || e.getErrorCode() == ER_CANT_DROP_FIELD_OR_KEY;
    }

    private static final String TABLE_EXISTS = """
            SELECT COUNT(*) FROM information_schema.tables
            WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?""";

    private static final String READ_SCHEMA = """
            SELECT version, seal_key FROM ${table}_schema ORDER BY version DESC LIMIT 1""";

    private static final String DATABASE_NOW = "SELECT ROUND(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000)";

    @Override
    public long databaseNowMs(Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(DATABASE_NOW)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public Optional<SchemaInfo> readSchema(Connection c) throws SQLException {
        detectGalera(c);
        // Causal on Galera too: a repository starting through another node must see a schema just created.
        try (PreparedStatement exists = c.prepareStatement(galera ? Galera.causal(TABLE_EXISTS) : TABLE_EXISTS)) {
            exists.setString(1, schemaName);
            exists.setString(2, tableName + "_schema");
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return Optional.empty();
                }
            }
        }
        return JdbcRows.readSchemaRecord(c, galera ? Galera.causal(readSchemaSql) : readSchemaSql);
    }

    /** Runs at start (with the schema check): on Galera, the reads the store acts on become causal. */
    private void detectGalera(Connection c) throws SQLException {
        boolean on = Galera.isOn(c);
        if (on && !galera) {
            LOG.log(Level.INFO, "sessiondb - table {0} is on a MariaDB Galera cluster (wsrep_on=ON): loads are causal"
                    + " (wsrep_sync_wait=1 per statement), so every Galera node sees a session''s last write", table);
        }
        galera = on;
    }

    private static final String LOAD = """
            SELECT s.id_sealed, s.created_ms, s.last_access_ms, s.max_inactive_ms, s.expiry_ms, s.principal,
                   s.last_node, s.metadata, s.version, s.claimed_by, s.claimed_until_ms, s.previous_access_ms,
                   a.name, a.value
            FROM ${table} s
            LEFT JOIN ${table}_attributes a ON a.app = s.app AND a.id_digest = s.id_digest
            WHERE s.app = ? AND s.id_digest = ?""";

    @Override
    public Optional<StoredRow> load(Connection c, String app, byte[] idDigest) throws SQLException {
        return JdbcRows.load(c, galera ? causalLoadSql : loadSql, app, idDigest);
    }

    private static final String INSERT = """
            INSERT INTO ${table} (app, id_digest, id_sealed, created_ms, last_access_ms, max_inactive_ms,
                                  expiry_ms, principal, last_node, metadata, previous_access_ms, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""";

    // VALUES(col) is what both MariaDB and MySQL accept (MySQL 8.0.20+ warns, MariaDB has no alias form).
    private static final String UPSERT_ATTRIBUTE = """
            INSERT INTO ${table}_attributes (app, id_digest, name, value) VALUES (?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE value = VALUES(value)""";

    @Override
    public boolean insert(Connection c, RowWrite w) throws SQLException {
        return Database.inTransaction(c, tx -> {
            try (PreparedStatement ps = tx.prepareStatement(insertSql)) {
                bindInsert(ps, w);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_DUP_ENTRY) {
                    return false;
                }
                throw e;
            }
            try (PreparedStatement ps = tx.prepareStatement(upsertAttributeSql)) {
                JdbcRows.upsertAll(ps, w.app(), w.idDigest(), w.upserts());
            }
            return true;
        });
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

    private static final String DELETE_ATTRIBUTE = """
            DELETE FROM ${table}_attributes WHERE app = ? AND id_digest = ? AND name = ?""";

    @Override
    public boolean update(Connection c, RowWrite w) throws SQLException {
        if (w.upserts().isEmpty() && w.removals().isEmpty()) {
            // A touch or a row-only change is one statement: atomic in auto-commit mode.
            return updateRow(c, w);
        }
        return Database.inTransaction(c, tx -> {
            if (!updateRow(tx, w)) {
                return false;
            }
            try (PreparedStatement ps = tx.prepareStatement(upsertAttributeSql)) {
                JdbcRows.upsertAll(ps, w.app(), w.idDigest(), w.upserts());
            }
            try (PreparedStatement ps = tx.prepareStatement(deleteAttributeSql)) {
                JdbcRows.deleteAll(ps, w.app(), w.idDigest(), w.removals());
            }
            return true;
        });
    }

    // Runs first in a save, so it takes the session's row lock: concurrent saves of one session
    // serialize on it, and a session that is gone or claimed matches no row and is never re-created.
    // MySQL (and MariaDB without SIMULTANEOUS_ASSIGNMENT) assigns left to right, later assignments
    // seeing earlier new values: the access group's CASEs come before last_access_ms, so that all
    // three compare with the stored access time.
    private static final String UPDATE = """
            UPDATE ${table}
            SET expiry_ms = CASE WHEN ? >= last_access_ms THEN ? ELSE expiry_ms END,
                previous_access_ms = CASE WHEN ? >= last_access_ms THEN ? ELSE previous_access_ms END,
                last_access_ms = GREATEST(last_access_ms, ?),
                max_inactive_ms = ?,
                principal = ?,
                last_node = ?,
                metadata = COALESCE(?, metadata),
                version = (version DIV 4294967296 + 1) * 4294967296 + ?
            WHERE app = ? AND id_digest = ? AND claimed_by IS NULL AND (? = 0 OR version = ?)""";

    private boolean updateRow(Connection c, RowWrite w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(updateSql)) {
            bindUpdate(ps, w);
            return ps.executeUpdate() == 1;
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
        return JdbcRows.exists(c, galera ? causalExistsSql : existsSql, app, idDigest, nowMs);
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

    // SKIP LOCKED (MariaDB 10.6+, MySQL 8.0+) lets concurrent sweepers take disjoint sessions; the
    // expiry index bounds the scan to expired rows. The rows stay locked until the claim commits.
    private static final String SELECT_EXPIRED = """
            SELECT id_digest, id_sealed FROM ${table}
            WHERE expiry_ms <= ? AND app = ? AND (claimed_by IS NULL OR claimed_until_ms < ?)
            ORDER BY expiry_ms
            LIMIT ?
            FOR UPDATE SKIP LOCKED""";

    private static final String CLAIM_LOCKED = """
            UPDATE ${table} SET claimed_by = ?, claimed_until_ms = ? WHERE app = ? AND id_digest = ?""";

    @Override
    public List<byte[]> claimExpired(Connection c, String app, long nowMs, String claimer, long leaseUntilMs, int limit)
            throws SQLException {
        return Database.inTransaction(c, tx -> {
            List<byte[]> digests = new ArrayList<>();
            List<byte[]> sealed = new ArrayList<>();
            try (PreparedStatement ps = tx.prepareStatement(galera ? causalSelectExpiredSql : selectExpiredSql)) {
                ps.setLong(1, nowMs);
                ps.setString(2, app);
                ps.setLong(3, nowMs);
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        digests.add(rs.getBytes(1));
                        sealed.add(rs.getBytes(2));
                    }
                }
            }
            if (digests.isEmpty()) {
                return sealed;
            }
            try (PreparedStatement ps = tx.prepareStatement(claimLockedSql)) {
                for (byte[] digest : digests) {
                    ps.setString(1, claimer);
                    ps.setLong(2, leaseUntilMs);
                    ps.setString(3, app);
                    ps.setBytes(4, digest);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return sealed;
        });
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

    @Override
    public int deleteByPrincipal(Connection c, String app, String principal) throws SQLException {
        return JdbcRows.deleteByPrincipal(c, deleteByPrincipalSql, app, principal);
    }

    // MySQL cannot delete from a table it selects from in a subquery; single-table DELETE takes a LIMIT.
    private static final String DELETE_EXPIRED_BEFORE = """
            DELETE FROM ${table} WHERE expiry_ms < ? ORDER BY expiry_ms LIMIT ?""";

    @Override
    public int deleteExpiredBefore(Connection c, long beforeMs, int limit) throws SQLException {
        return JdbcRows.deleteExpiredBefore(c, deleteExpiredBeforeSql, beforeMs, limit);
    }

    /** @return {@code template} with the table name filled in; called once per statement, at construction */
    // MariaDB reports matched, not changed, rows by default: the upsert takes a free, lapsed or own lease,
    // then one read on the same connection tells who holds it.
    private static final String TRY_LOCK = """
            INSERT INTO ${table}_locks (app, id_digest, owner, until_ms) VALUES (?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE
                owner = IF(until_ms < ? OR owner = VALUES(owner), VALUES(owner), owner),
                until_ms = IF(owner = VALUES(owner), VALUES(until_ms), until_ms)""";

    private static final String LOCK_HELD = """
            SELECT 1 FROM ${table}_locks WHERE app = ? AND id_digest = ? AND owner = ?""";

    @Override
    public boolean tryLock(Connection c, String app, byte[] idDigest, String owner, long nowMs, long untilMs)
            throws SQLException {
        JdbcRows.tryLock(c, tryLockSql, app, idDigest, owner, nowMs, untilMs);
        return JdbcRows.byOwner(c, lockHeldSql, app, idDigest, owner) == 1;
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
        int code = e.getErrorCode();
        // 40001 / 1213 deadlock (a Galera certification conflict too); 1205 lock wait timeout (the
        // store rolls its transaction back). Broken connections are RetryRule's.
        return "40001".equals(state) || code == ER_LOCK_DEADLOCK || code == ER_LOCK_WAIT_TIMEOUT;
    }

}
