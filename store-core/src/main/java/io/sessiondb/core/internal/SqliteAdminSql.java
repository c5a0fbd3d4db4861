package io.sessiondb.core.internal;

import java.sql.Connection;

/**
 * The admin statements that differ on SQLite: the revocation by indexed attribute as a row-value
 * {@code IN (subquery)}, which SQLite runs as a lookup on the index table; the statistics' snapshot is a
 * deferred {@code BEGIN} (a read transaction sees one snapshot of the file).
 */
final class SqliteAdminSql extends AdminSql {

    private static final String REVOKE_ATTRIBUTE = """
            UPDATE ${table} SET revoked_ms = ?, expiry_ms = ?, version = version + 1
            WHERE revoked_ms IS NULL AND (app, id_digest) IN (
                SELECT i.app, i.id_digest FROM ${table}_index i WHERE i.name = ? AND i.value = ?${iapp})""";

    SqliteAdminSql(String table) {
        super(table, "created_ms / " + DAY_MS, REVOKE_ATTRIBUTE, APPS);
    }

    @Override
    protected String snapshotBeginSql() {
        return "BEGIN";
    }

    @Override
    protected void startSnapshot(Connection tx) {
        // BEGIN is all SQLite needs: its transactions are serializable.
    }
}
