package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The admin statements that differ on SQLite: the revocation by indexed attribute as a row-value
 * {@code IN (subquery)}, which SQLite runs as a lookup on the index table, and percentiles with window
 * functions (SQLite has no ordered-set aggregates).
 */
final class SqliteAdminSql extends AdminSql {

    private static final String REVOKE_ATTRIBUTE = """
            UPDATE ${table} SET revoked_ms = ?, expiry_ms = ?, version = version + 1
            WHERE revoked_ms IS NULL AND (app, id_digest) IN (
                SELECT i.app, i.id_digest FROM ${table}_index i WHERE i.name = ? AND i.value = ?${iapp})""";

    private final Map<Ranked, Variants> ranked;

    SqliteAdminSql(String table) {
        super(table, "created_ms / " + DAY_MS, REVOKE_ATTRIBUTE, "${table}", APPS);
        ranked = rankedQueries();
    }

    @Override
    protected RawStatistics.Percentiles percentiles(Connection c, Ranked what, String app) throws SQLException {
        return ranked(c, ranked.get(what).of(app), app);
    }
}
