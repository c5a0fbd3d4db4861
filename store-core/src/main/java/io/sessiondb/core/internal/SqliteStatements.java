package io.sessiondb.core.internal;

/**
 * Every SQL statement sessiondb runs on SQLite 3.35+ (sqlite-jdbc bundles its own SQLite). The table
 * name is filled in once, at construction; nothing is concatenated per call. SQLite serializes all
 * writers on the database file, so a multi-statement write takes the write lock up front
 * ({@code BEGIN IMMEDIATE}) and a single-statement write takes it when it starts.
 */
final class SqliteStatements {

    static final String BEGIN_IMMEDIATE = "BEGIN IMMEDIATE";

    // Per connection, and a no-op inside a transaction: set before each write begins, so that a
    // DataSource handed in without sqlite-jdbc's foreign_keys property still cascades.
    static final String FOREIGN_KEYS_ON = "PRAGMA foreign_keys = ON";

    private static final String TABLE_EXISTS = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?";

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
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
            ON CONFLICT (app, id_digest) DO NOTHING""";

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
                version = version + 1
            WHERE app = ? AND id_digest = ? AND claimed_by IS NULL""";

    private static final String UPSERT_ATTRIBUTE = """
            INSERT INTO ${table}_attributes (app, id_digest, name, value) VALUES (?, ?, ?, ?)
            ON CONFLICT (app, id_digest, name) DO UPDATE SET value = excluded.value""";

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
            WHERE app = ? AND id_digest = ? AND claimed_by = ?""";

    private static final String COUNT = """
            SELECT COUNT(*) FROM ${table} WHERE app = ? AND (expiry_ms IS NULL OR expiry_ms > ?)""";

    private static final String FIND_BY_PRINCIPAL = """
            SELECT id_digest, principal, created_ms, last_access_ms, expiry_ms, last_node, metadata
            FROM ${table} WHERE app = ? AND principal = ? ORDER BY last_access_ms DESC""";

    private static final String DELETE_BY_PRINCIPAL = "DELETE FROM ${table} WHERE app = ? AND principal = ?";

    private static final String DELETE_EXPIRED_BEFORE = """
            DELETE FROM ${table} WHERE rowid IN (
                SELECT rowid FROM ${table} WHERE expiry_ms < ? ORDER BY expiry_ms LIMIT ?)""";

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
    final String claimExpired;
    final String releaseClaim;
    final String count;
    final String findByPrincipal;
    final String deleteByPrincipal;
    final String deleteExpiredBefore;

    SqliteStatements(String table) {
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
        claimExpired = fill(CLAIM_EXPIRED, table);
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
