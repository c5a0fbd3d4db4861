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
    private final String revokeLiveOfPrincipalSql;
    private final String historyOfPrincipalSql;
    private final String deleteExpiredBeforeSql;
    private final String tryLockSql;
    private final String lockHeldSql;
    private final String insertHistorySql;
    private final String insertHistoryRowSql;
    private final String upsertIndexSql;
    private final String deleteIndexSql;
    private final String revokedSinceSql;
    private final String pruneHistorySql;
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
        revokeLiveOfPrincipalSql = fill(REVOKE_LIVE_OF_PRINCIPAL);
        historyOfPrincipalSql = fill(HISTORY_OF_PRINCIPAL);
        deleteExpiredBeforeSql = fill(DELETE_EXPIRED_BEFORE);
        tryLockSql = fill(TRY_LOCK);
        lockHeldSql = fill(LOCK_HELD);
        insertHistorySql = fill(INSERT_HISTORY);
        insertHistoryRowSql = fill(INSERT_HISTORY_ROW);
        upsertIndexSql = fill(UPSERT_INDEX);
        deleteIndexSql = fill(DELETE_INDEX);
        revokedSinceSql = fill(REVOKED_SINCE);
        pruneHistorySql = fill(PRUNE_HISTORY);
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
                   s.client_address, s.user_agent, s.revoked_ms, a.name, a.value
            FROM ${table} s
            LEFT JOIN ${table}_attributes a ON a.app = s.app AND a.id_digest = s.id_digest
            WHERE s.app = ? AND s.id_digest = ?""";

    @Override
    public Optional<StoredRow> load(Connection c, String app, byte[] idDigest) throws SQLException {
        return JdbcRows.load(c, galera ? causalLoadSql : loadSql, app, idDigest);
    }

    private static final String INSERT = """
            INSERT INTO ${table} (app, id_digest, id_sealed, created_ms, last_access_ms, max_inactive_ms,
                                  expiry_ms, principal, last_node, metadata, previous_access_ms, version,
                  created_node, client_address, user_agent, client_type, attribute_count, size_bytes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)""";

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
            JdbcRows.writeIndex(tx, upsertIndexSql, deleteIndexSql, w);
            return true;
        });
    }

    private static final String UPSERT_INDEX = """
            INSERT INTO ${table}_index (app, id_digest, name, value) VALUES (?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE value = VALUES(value)""";

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

    private static final String DELETE_ATTRIBUTE = """
            DELETE FROM ${table}_attributes WHERE app = ? AND id_digest = ? AND name = ?""";

    @Override
    public boolean update(Connection c, RowWrite w) throws SQLException {
        if (w.upserts().isEmpty() && w.removals().isEmpty() && !w.changesIndex()) {
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
            JdbcRows.writeIndex(tx, upsertIndexSql, deleteIndexSql, w);
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
                client_address = COALESCE(?, client_address),
                user_agent = COALESCE(?, user_agent),
                client_type = COALESCE(?, client_type),
                attribute_count = ?,
                size_bytes = ?,
                version = (version DIV 4294967296 + 1) * 4294967296 + ?
            WHERE app = ? AND id_digest = ? AND claimed_by IS NULL AND revoked_ms IS NULL
                  AND (? = 0 OR version = ?)""";

    private boolean updateRow(Connection c, RowWrite w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(updateSql)) {
            bindUpdate(ps, w);
            return ps.executeUpdate() == 1;
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

    // How a deleted session ended (revoked; expired: claimed for expiry or past its expiry; else
    // invalidated) and when (the revocation, the expiry, or now). Placeholders: now (5 times).
    private static final String ENDED = """
            app, id_digest, created_ms, principal, client_type, created_node,
                   CASE WHEN revoked_ms IS NOT NULL THEN id_sealed END AS sealed,
                   CASE WHEN revoked_ms IS NOT NULL THEN revoked_ms
                        WHEN claimed_by IS NOT NULL OR expiry_ms <= ? THEN LEAST(COALESCE(expiry_ms, ?), ?)
                        ELSE ? END AS ended_ms,
                   CASE WHEN revoked_ms IS NOT NULL THEN 'revoked'
                        WHEN claimed_by IS NOT NULL OR expiry_ms <= ? THEN 'expired'
                        ELSE 'invalidated' END AS how
            """;

    // The history row of one session, read with the row's lock so that two deletes of one session
    // write one row. Placeholders: now (5 times), app, digest.
    private static final String INSERT_HISTORY = """
            INSERT IGNORE INTO ${table}_history (app, id_digest, ended_ms, created_ms, duration_ms, ended_how, principal,
                                                 client_type, created_node, id_sealed)
            SELECT app, id_digest, ended_ms, created_ms, GREATEST(ended_ms - created_ms, 0), how, principal,
                   client_type, created_node, sealed
            FROM (
            """ + "SELECT " + ENDED + """
                  FROM ${table} WHERE app = ? AND id_digest = ? FOR UPDATE) e""";

    @Override
    public boolean delete(Connection c, String app, byte[] idDigest, long nowMs, boolean history) throws SQLException {
        if (!history) {
            return JdbcRows.deleteSession(c, deleteSql, app, idDigest);
        }
        return Database.inTransaction(c, tx -> {
            try (PreparedStatement ps = tx.prepareStatement(insertHistorySql)) {
                bindHistory(ps, app, idDigest, nowMs);
                ps.executeUpdate();
            }
            return JdbcRows.deleteSession(tx, deleteSql, app, idDigest);
        });
    }

    private static void bindHistory(PreparedStatement ps, String app, byte[] idDigest, long nowMs) throws SQLException {
        for (int i = 1; i <= 5; i++) {
            ps.setLong(i, nowMs);
        }
        ps.setString(6, app);
        ps.setBytes(7, idDigest);
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

    // The history rows of a principal's sessions, as INSERT_HISTORY writes one. Placeholders: now (5 times), app, principal.
    private static final String HISTORY_OF_PRINCIPAL = INSERT_HISTORY.replace("AND id_digest = ?", "AND principal = ?");

    @Override
    public int deleteByPrincipal(Connection c, String app, String principal, long nowMs, boolean history)
            throws SQLException {
        if (!history) {
            return JdbcRows.deleteByPrincipal(c, deleteByPrincipalSql, app, principal);
        }
        return Database.inTransaction(c, tx -> {
            JdbcRows.revokeLiveOfPrincipal(tx, revokeLiveOfPrincipalSql, app, principal, nowMs);
            try (PreparedStatement ps = tx.prepareStatement(historyOfPrincipalSql)) {
                for (int i = 1; i <= 5; i++) {
                    ps.setLong(i, nowMs);
                }
                ps.setString(6, app);
                ps.setString(7, principal);
                ps.executeUpdate();
            }
            return JdbcRows.deleteByPrincipal(tx, deleteByPrincipalSql, app, principal);
        });
    }

    // Sessions no node holds a live claim on; SKIP LOCKED leaves those a node is writing to it. Each
    // is then deleted by key (with its history row first) in the same transaction.
    // Placeholders: now (5 times), before, now, limit.
    private static final String DELETE_EXPIRED_BEFORE = "SELECT " + ENDED + """
            FROM ${table}
            WHERE expiry_ms < ? AND (claimed_by IS NULL OR claimed_until_ms < ?)
            ORDER BY expiry_ms
            LIMIT ?
            FOR UPDATE SKIP LOCKED""";

    // A plain VALUES insert, so that the driver can send the batch in one go (it cannot for INSERT … SELECT).
    private static final String INSERT_HISTORY_ROW = """
            INSERT IGNORE INTO ${table}_history (app, id_digest, ended_ms, created_ms, duration_ms, ended_how, principal,
                                                 client_type, created_node, id_sealed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    @Override
    public int deleteExpiredBefore(Connection c, long beforeMs, long nowMs, int limit, boolean history) throws SQLException {
        return Database.inTransaction(c, tx -> {
            List<String> apps = new ArrayList<>();
            List<byte[]> digests = new ArrayList<>();
            try (PreparedStatement ps = tx.prepareStatement(deleteExpiredBeforeSql);
                 PreparedStatement insert = tx.prepareStatement(insertHistoryRowSql)) {
                for (int i = 1; i <= 5; i++) {
                    ps.setLong(i, nowMs);
                }
                ps.setLong(6, beforeMs);
                ps.setLong(7, nowMs);
                ps.setInt(8, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        apps.add(rs.getString(1));
                        digests.add(rs.getBytes(2));
                        long created = rs.getLong(3);
                        long ended = rs.getLong(8);
                        insert.setString(1, rs.getString(1));
                        insert.setBytes(2, rs.getBytes(2));
                        insert.setLong(3, ended);
                        insert.setLong(4, created);
                        insert.setLong(5, Math.max(0, ended - created));
                        insert.setString(6, rs.getString(9));
                        insert.setString(7, rs.getString(4));
                        insert.setString(8, rs.getString(5));
                        insert.setString(9, rs.getString(6));
                        insert.setBytes(10, rs.getBytes(7));
                        insert.addBatch();
                    }
                }
                if (history && !digests.isEmpty()) {
                    insert.executeBatch();
                }
            }
            if (digests.isEmpty()) {
                return 0;
            }
            try (PreparedStatement ps = tx.prepareStatement(deleteSql)) {
                for (int i = 0; i < digests.size(); i++) {
                    ps.setString(1, apps.get(i));
                    ps.setBytes(2, digests.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return digests.size();
        });
    }

    // Revoked sessions still stored, and those another node has expired since (their history rows).
    private static final String REVOKED_SINCE = """
            SELECT id_sealed FROM ${table} WHERE revoked_ms >= ? AND app = ?
            UNION ALL
            SELECT id_sealed FROM ${table}_history WHERE ended_ms >= ? AND app = ? AND ended_how = 'revoked'""";

    @Override
    public List<byte[]> revokedSince(Connection c, String app, long sinceMs) throws SQLException {
        return JdbcRows.revokedSince(c, galera ? Galera.causal(revokedSinceSql) : revokedSinceSql, app, sinceMs);
    }

    private static final String PRUNE_HISTORY = """
            DELETE FROM ${table}_history WHERE ended_ms < ? ORDER BY ended_ms LIMIT ?""";

    @Override
    public int pruneHistory(Connection c, long beforeMs, int limit) throws SQLException {
        return JdbcRows.pruneHistory(c, pruneHistorySql, beforeMs, limit);
    }

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
        return JdbcRows.heldBy(c, lockHeldSql, app, idDigest, owner);
    }

    /** @return {@code template} with the table name filled in; called once per statement, at construction */
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
