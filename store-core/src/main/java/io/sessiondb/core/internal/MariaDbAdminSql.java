package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The admin statements that differ on MariaDB / MySQL: {@code DIV} for the day of a time (plain
 * {@code /} is decimal here), a multi-table {@code UPDATE} for the revocation by indexed attribute (an
 * {@code IN (subquery)} in an UPDATE is not turned into a join before MariaDB 11.1 and would scan the
 * table), {@code DISTINCT} for the apps, and the statistics' counts over the sessions in two statements
 * run at once on two connections (MariaDB runs a statement on one core): one pass over the primary key
 * for everything but the distinct principals, which are counted from the principal index beside it.
 */
final class MariaDbAdminSql extends AdminSql {

    private static final String REVOKE_ATTRIBUTE = """
            UPDATE ${table} s JOIN ${table}_index i ON s.app = i.app AND s.id_digest = i.id_digest
            SET s.revoked_ms = ?, s.expiry_ms = ?, s.version = s.version + 1
            WHERE i.name = ? AND i.value = ?${iapp} AND s.revoked_ms IS NULL""";

    // MariaDB reads this with a loose index scan ("Using index for group-by"); the recursive MIN(app) of
    // the other databases is a full index scan per app here.
    private static final String DISTINCT_APPS = "SELECT DISTINCT app FROM ${from}";

    // One grouped pass for the counts by client type, node, state and day of creation and for the size
    // histogram together (one group per combination, folded apart in Java): the sessions are read once
    // instead of twice. Through the primary key, which is the table in key order (the app's range of it for
    // one app): left to itself, MariaDB may read an app's sessions through a secondary index, one random
    // lookup per session. The temporary table of the groups has fixed-length rows of about 1.1 KB (last_node
    // takes its 1,020 bytes); at the default 16 MB (some 15,000 groups: more nodes, more days of creation,
    // more sizes than the bench's 8,000) it moves to disk and the pass takes 7 to 11 s instead of 1, so the
    // statement may take 256 MB of memory for it, as PostgreSQL's hash tables get 64 MB x 4 (SET STATEMENT
    // is MariaDB's syntax, as is the CAST AS INTEGER of LogHistogram).
    private static final String SESSIONS_ONE_PASS = """
            SET STATEMENT max_heap_table_size = 268435456, tmp_memory_table_size = 268435456 FOR
            SELECT client_type, last_node,
                   CASE WHEN revoked_ms IS NULL AND (expiry_ms IS NULL OR expiry_ms > ?) THEN 1 ELSE 0 END,
                   CASE WHEN created_ms >= ? THEN created_ms DIV ${dayMs} ELSE -1 END,
                   CASE WHEN size_bytes IS NOT NULL THEN ${bucket} END,
                   COUNT(*), MAX(size_bytes)
            FROM ${table} USE INDEX (PRIMARY) ${whereApp}
            GROUP BY 1, 2, 3, 4, 5""";

    // The distinct principals of the active sessions from a principal index alone (schema version 5 added
    // expiry_ms and revoked_ms to both), read in principal order so that the GROUP BY needs no temporary
    // table: 0.22 to 0.27 s on the bench's million sessions in the buffer pool (0.44 to 0.62 s with
    // MariaDB's default 128 MB), against 1.2 to 1.55 s for COUNT(DISTINCT) over the primary key. FORCE
    // INDEX: with few active sessions the planner would take the expiry index and look each row up.
    private static final String PRINCIPALS = """
            SELECT COUNT(*) FROM (
                SELECT principal FROM ${table} FORCE INDEX (${index})
                WHERE principal IS NOT NULL AND revoked_ms IS NULL AND (expiry_ms IS NULL OR expiry_ms > ?) ${andApp}
                GROUP BY principal) p""";

    private final Variants sessionsOnePass;
    private final Variants principals;

    MariaDbAdminSql(String table) {
        super(table, "created_ms DIV " + DAY_MS, REVOKE_ATTRIBUTE, DISTINCT_APPS);
        sessionsOnePass = variants(SESSIONS_ONE_PASS.replace("${dayMs}", Long.toString(DAY_MS))
                .replace("${bucket}", LogHistogram.bucketOf("size_bytes")));
        String name = table.substring(table.indexOf('.') + 1);
        principals = new Variants(
                variants(PRINCIPALS.replace("${index}", name + "_principal_newest_ix")).oneApp(),
                variants(PRINCIPALS.replace("${index}", name + "_principal_all_newest_ix")).allApps());
    }

    /**
     * The distinct principals on a second connection (its own snapshot, see {@link AdminSql#statistics})
     * while this one makes the pass over the primary key; on this one after the pass when no second
     * connection was free ({@link SideQuery}).
     */
    @Override
    protected void readSessions(Connection c, Database pool, String app, long nowMs, long sinceMs, SessionCounts counts)
            throws SQLException {
        SideQuery<Long> distinctPrincipals = SideQuery.start(pool, "statistics", own -> {
            try (PreparedStatement ps = prepare(own, principals.of(app), app, nowMs); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        try (PreparedStatement ps = prepare(c, sessionsOnePass.of(app), app, nowMs, sinceMs);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long count = rs.getLong(6);
                counts.group(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getLong(4), count);
                long bucket = rs.getLong(5);
                if (!rs.wasNull()) {
                    counts.sizes(bucket, count, rs.getLong(7));
                }
            }
        }
        counts.principals(distinctPrincipals.join(c));
    }
}
