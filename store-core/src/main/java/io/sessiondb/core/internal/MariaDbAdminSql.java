package io.sessiondb.core.internal;

/**
 * The admin statements that differ on MariaDB / MySQL: {@code DIV} for the day of a time (plain
 * {@code /} is decimal here), a multi-table {@code UPDATE} for the revocation by indexed attribute (an
 * {@code IN (subquery)} in an UPDATE is not turned into a join before MariaDB 11.1 and would scan the
 * table), the primary key for the statistics' scans of the sessions, {@code DISTINCT} for the apps.
 */
final class MariaDbAdminSql extends AdminSql {

    private static final String REVOKE_ATTRIBUTE = """
            UPDATE ${table} s JOIN ${table}_index i ON s.app = i.app AND s.id_digest = i.id_digest
            SET s.revoked_ms = ?, s.expiry_ms = ?, s.version = s.version + 1
            WHERE i.name = ? AND i.value = ?${iapp} AND s.revoked_ms IS NULL""";

    // Left to itself, MariaDB reads the distinct principals of the active sessions through the principal
    // index (no temporary table), which costs one random primary-key lookup per session: minutes on a
    // million sessions that do not fit the buffer pool. The primary key is the table in key order: a
    // sequential scan of it (of the app's range, for one app).
    private static final String SESSIONS_SCAN = "${table} USE INDEX (PRIMARY)";

    // MariaDB reads this with a loose index scan ("Using index for group-by"); the recursive MIN(app) of
    // the other databases is a full index scan per app here.
    private static final String DISTINCT_APPS = "SELECT DISTINCT app FROM ${from}";

    MariaDbAdminSql(String table) {
        super(table, "created_ms DIV " + DAY_MS, REVOKE_ATTRIBUTE, SESSIONS_SCAN, DISTINCT_APPS);
    }
}
