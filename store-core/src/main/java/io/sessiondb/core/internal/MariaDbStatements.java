package io.sessiondb.core.internal;

/**
 * Every SQL statement sessiondb runs on MariaDB 10.6+ and MySQL 8.0+. The table name is filled in
 * once, at construction; nothing is concatenated per call. MariaDB has no data-modifying CTEs, so a
 * save is a short transaction: the session row is locked first, then the attribute rows are written.
 */
final class MariaDbStatements {

    // Lock names are limited to 64 characters: hash the (possibly qualified) table name.
    private static final String LOCK_SCHEMA = "SELECT GET_LOCK(CONCAT('sessiondb_', MD5(?)), ?)";

    private static final String UNLOCK_SCHEMA = "SELECT RELEASE_LOCK(CONCAT('sessiondb_', MD5(?)))";

    private static final String TABLE_EXISTS = """
            SELECT COUNT(*) FROM information_schema.tables
            WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?""";

    private static final String READ_SCHEMA = """
            SELECT version, seal_key FROM ${table}_schema ORDER BY version DESC LIMIT 1""";

    private static final String LOAD = """
            SELECT s.id_sealed, s.created_ms, s.last_access_ms, s.max_inactive_ms, s.expiry_ms, s.principal,
                   s.last_node, s.metadata, s.version, s.claimed_by, s.claimed_until_ms, s.previous_access_ms,
                   a.name, a.value
            FROM ${table} s
            LEFT JOIN ${table}_attributes a ON a.app = s.app AND a.id_digest = s.id_digest
            WHERE s.app = ? AND s.id_digest = ?""";

    private static final String INSERT = """
            INSERT INTO ${table} (app, id_digest, id_sealed, created_ms, last_access_ms, max_inactive_ms,
                                  expiry_ms, principal, last_node, metadata, previous_access_ms, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""";

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
                version = version + 1
            WHERE app = ? AND id_digest = ? AND claimed_by IS NULL""";

    // VALUES(col) is what both MariaDB and MySQL accept (MySQL 8.0.20+ warns, MariaDB has no alias form).
    private static final String UPSERT_ATTRIBUTE = """
            INSERT INTO ${table}_attributes (app, id_digest, name, value) VALUES (?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE value = VALUES(value)""";

    private static final String DELETE_ATTRIBUTE = """
            DELETE FROM ${table}_attributes WHERE app = ? AND id_digest = ? AND name = ?""";

    private static final String DELETE = "DELETE FROM ${table} WHERE app = ? AND id_digest = ?";

    private static final String CHANGE_ID = """
            UPDATE ${table} SET id_digest = ?, id_sealed = ?, version = version + 1
            WHERE app = ? AND id_digest = ? AND claimed_by IS NULL""";

    private static final String EXISTS = """
            SELECT 1 FROM ${table}
            WHERE app = ? AND id_digest = ? AND claimed_by IS NULL AND (expiry_ms IS NULL OR expiry_ms > ?)""";

    private static final String CLAIM = """
            UPDATE ${table} SET claimed_by = ?, claimed_until_ms = ?
            WHERE app = ? AND id_digest = ? AND expiry_ms <= ?
              AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until_ms < ?)""";

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

    private static final String COUNT = """
            SELECT COUNT(*) FROM ${table} WHERE app = ? AND (expiry_ms IS NULL OR expiry_ms > ?)""";

    private static final String FIND_BY_PRINCIPAL = """
            SELECT id_digest, principal, created_ms, last_access_ms, expiry_ms, last_node, metadata
            FROM ${table} WHERE app = ? AND principal = ? ORDER BY last_access_ms DESC""";

    private static final String DELETE_BY_PRINCIPAL = "DELETE FROM ${table} WHERE app = ? AND principal = ?";

    // MySQL cannot delete from a table it selects from in a subquery; single-table DELETE takes a LIMIT.
    private static final String DELETE_EXPIRED_BEFORE = """
            DELETE FROM ${table} WHERE expiry_ms < ? ORDER BY expiry_ms LIMIT ?""";

    final String lockSchema = LOCK_SCHEMA;
    final String unlockSchema = UNLOCK_SCHEMA;
    final String tableExists = TABLE_EXISTS;
    final String readSchema;
    final String load;
    final String insert;
    final String update;
    final String upsertAttribute;
    final String deleteAttribute;
    final String delete;
    final String changeId;
    final String exists;
    final String claim;
    final String selectExpired;
    final String claimLocked;
    final String releaseClaim;
    final String count;
    final String findByPrincipal;
    final String deleteByPrincipal;
    final String deleteExpiredBefore;

    MariaDbStatements(String table) {
        readSchema = fill(READ_SCHEMA, table);
        load = fill(LOAD, table);
        insert = fill(INSERT, table);
        update = fill(UPDATE, table);
        upsertAttribute = fill(UPSERT_ATTRIBUTE, table);
        deleteAttribute = fill(DELETE_ATTRIBUTE, table);
        delete = fill(DELETE, table);
        changeId = fill(CHANGE_ID, table);
        exists = fill(EXISTS, table);
        claim = fill(CLAIM, table);
        selectExpired = fill(SELECT_EXPIRED, table);
        claimLocked = fill(CLAIM_LOCKED, table);
        releaseClaim = fill(RELEASE_CLAIM, table);
        count = fill(COUNT, table);
        findByPrincipal = fill(FIND_BY_PRINCIPAL, table);
        deleteByPrincipal = fill(DELETE_BY_PRINCIPAL, table);
        deleteExpiredBefore = fill(DELETE_EXPIRED_BEFORE, table);
    }

    private static String fill(String template, String table) {
        return template.replace("${table}", table);
    }
}
