package io.sessiondb.core.internal;

/**
 * Every SQL statement sessiondb runs on PostgreSQL. The table name is filled in once, at construction;
 * nothing is concatenated per call. Writes are single statements (data-modifying CTEs), so each is
 * atomic in auto-commit mode and costs one round trip.
 */
final class PostgresStatements {

    private static final String LOCK_SCHEMA = "SELECT pg_advisory_xact_lock(hashtext(?))";

    private static final String READ_SCHEMA = """
            SELECT version, seal_key FROM ${table}_schema ORDER BY version DESC LIMIT 1""";

    private static final String TABLE_EXISTS = "SELECT to_regclass(?) IS NOT NULL";

    private static final String LOAD = """
            SELECT s.id_sealed, s.created_ms, s.last_access_ms, s.max_inactive_ms, s.expiry_ms, s.principal,
                   s.last_node, s.metadata::TEXT, s.version, s.claimed_by, s.claimed_until_ms, s.previous_access_ms,
                   a.name, a.value
            FROM ${table} s
            LEFT JOIN ${table}_attributes a ON a.app = s.app AND a.id_digest = s.id_digest
            WHERE s.app = ? AND s.id_digest = ?""";

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
                    version = version + 1
                WHERE app = ? AND id_digest = ? AND claimed_by IS NULL
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

    // Only attributes changed and no touch is due: the session row is locked, not rewritten, which
    // spares a new row version and its index entries (expiry, principal) on every such request.
    private static final String UPDATE_ATTRIBUTES = """
            WITH s AS (
                SELECT app, id_digest FROM ${table}
                WHERE app = ? AND id_digest = ? AND claimed_by IS NULL
                FOR NO KEY UPDATE
            ), u AS (
                INSERT INTO ${table}_attributes (app, id_digest, name, value)
                SELECT s.app, s.id_digest, v.name, v.value FROM s, unnest(?::TEXT[], ?::BYTEA[]) AS v(name, value)
                ON CONFLICT (app, id_digest, name) DO UPDATE SET value = EXCLUDED.value
            ), d AS (
                DELETE FROM ${table}_attributes a USING s
                WHERE a.app = s.app AND a.id_digest = s.id_digest AND a.name = ANY(?::TEXT[])
            )
            SELECT count(*) FROM s""";

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
            SELECT count(*) FROM ${table} WHERE app = ? AND (expiry_ms IS NULL OR expiry_ms > ?)""";

    private static final String FIND_BY_PRINCIPAL = """
            SELECT id_digest, principal, created_ms, last_access_ms, expiry_ms, last_node, metadata::TEXT
            FROM ${table} WHERE app = ? AND principal = ? ORDER BY last_access_ms DESC""";

    private static final String DELETE_BY_PRINCIPAL = "DELETE FROM ${table} WHERE app = ? AND principal = ?";

    private static final String DELETE_EXPIRED_BEFORE = """
            DELETE FROM ${table} WHERE (app, id_digest) IN (
                SELECT app, id_digest FROM ${table} WHERE expiry_ms < ? LIMIT ? FOR UPDATE SKIP LOCKED)""";

    final String lockSchema = LOCK_SCHEMA;
    final String tableExists = TABLE_EXISTS;
    final String readSchema;
    final String load;
    final String insert;
    final String update;
    final String updateAttributes;
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

    PostgresStatements(String table) {
        readSchema = fill(READ_SCHEMA, table);
        load = fill(LOAD, table);
        insert = fill(INSERT, table);
        update = fill(UPDATE, table);
        updateAttributes = fill(UPDATE_ATTRIBUTES, table);
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
