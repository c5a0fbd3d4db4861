package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The admin statements that differ on PostgreSQL: {@code UPDATE ... FROM} for the revocation by indexed
 * attribute, and the statistics' counts over the sessions in one pass ({@code GROUPING SETS}) with the
 * memory its hash tables need.
 */
final class PostgresAdminSql extends AdminSql {

    private static final String REVOKE_ATTRIBUTE = """
            UPDATE ${table} s SET revoked_ms = ?, expiry_ms = ?, version = s.version + 1
            FROM ${table}_index i
            WHERE i.name = ? AND i.value = ?${iapp}
              AND s.app = i.app AND s.id_digest = i.id_digest AND s.revoked_ms IS NULL""";

    // One scan of the sessions, three hash aggregates over it: the groups by client type, node, state and day
    // of creation (kind 0), the size histogram (kind 1) and the distinct principals of the active sessions
    // (kind 2, counted over the grouping set's rows without sending them). The three passes of AdminSql read
    // the table three times (1.9 s against 1.2 s on the bench's million sessions, under load).
    private static final String SESSIONS_ONE_PASS = """
            WITH s AS (
                SELECT client_type, last_node,
                       CASE WHEN revoked_ms IS NULL AND (expiry_ms IS NULL OR expiry_ms > ?) THEN 1 ELSE 0 END AS active,
                       CASE WHEN created_ms >= ? THEN created_ms / ${dayMs} ELSE -1 END AS day,
                       CASE WHEN size_bytes IS NOT NULL THEN ${bucket} END AS bucket,
                       size_bytes,
                       CASE WHEN revoked_ms IS NULL AND (expiry_ms IS NULL OR expiry_ms > ?) THEN principal END AS principal
                FROM ${table} ${whereApp}
            ), g AS (
                SELECT GROUPING(client_type, last_node, active, day) AS not_group, GROUPING(bucket) AS not_size,
                       GROUPING(principal) AS not_principal, client_type, last_node, active, day, bucket, principal,
                       COUNT(*) AS n, MAX(size_bytes) AS max_size
                FROM s GROUP BY GROUPING SETS ((client_type, last_node, active, day), (bucket), (principal))
            )
            SELECT 0, client_type, last_node, active, day, n, 0 FROM g WHERE not_group = 0
            UNION ALL
            SELECT 1, NULL, NULL, 0, bucket, n, max_size FROM g WHERE not_size = 0 AND bucket IS NOT NULL
            UNION ALL
            SELECT 2, NULL, NULL, 0, 0, COUNT(*), 0 FROM g WHERE not_principal = 0 AND principal IS NOT NULL""";

    // The hash tables of the pass above (the distinct principals of a million sessions: about 80 MB) are
    // planned against work_mem times hash_mem_multiplier: below the planner's estimate it sorts the million
    // rows instead (3 s). Both for this transaction only (SET LOCAL, also through a transaction pooler).
    private static final String STATISTICS_WORK_MEM = "64MB";
    private static final String STATISTICS_HASH_MEM_MULTIPLIER = "4";

    private final Variants sessionsOnePass;

    PostgresAdminSql(String table) {
        super(table, "created_ms / " + DAY_MS, REVOKE_ATTRIBUTE, APPS);
        sessionsOnePass = variants(SESSIONS_ONE_PASS.replace("${dayMs}", Long.toString(DAY_MS))
                .replace("${bucket}", LogHistogram.bucketOf("size_bytes")));
    }

    @Override
    protected void startSnapshot(Connection tx) throws SQLException {
        super.startSnapshot(tx);
        try (Statement st = tx.createStatement()) {
            st.execute("SET LOCAL work_mem = '" + STATISTICS_WORK_MEM + "'");
            st.execute("SET LOCAL hash_mem_multiplier = " + STATISTICS_HASH_MEM_MULTIPLIER);
        }
    }

    @Override
    protected void readSessions(Connection c, Database pool, String app, long nowMs, long sinceMs, SessionCounts counts)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sessionsOnePass.of(app), app, nowMs, sinceMs, nowMs);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                switch (rs.getInt(1)) {
                    case 0 -> counts.group(rs.getString(2), rs.getString(3), rs.getInt(4) == 1, rs.getLong(5), rs.getLong(6));
                    case 1 -> counts.sizes(rs.getLong(5), rs.getLong(6), rs.getLong(7));
                    default -> counts.principals(rs.getLong(6));
                }
            }
        }
    }
}
