package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The admin statements that differ on PostgreSQL: {@code UPDATE ... FROM} for the revocation by indexed
 * attribute, and the memory of the statistics' hash aggregates.
 */
final class PostgresAdminSql extends AdminSql {

    private static final String REVOKE_ATTRIBUTE = """
            UPDATE ${table} s SET revoked_ms = ?, expiry_ms = ?, version = s.version + 1
            FROM ${table}_index i
            WHERE i.name = ? AND i.value = ?${iapp}
              AND s.app = i.app AND s.id_digest = i.id_digest AND s.revoked_ms IS NULL""";

    private static final String STATISTICS_WORK_MEM = "64MB";

    PostgresAdminSql(String table) {
        super(table, "created_ms / " + DAY_MS, REVOKE_ATTRIBUTE, "${table}", APPS);
    }

    /**
     * The statistics in one transaction whose hash aggregates get {@value #STATISTICS_WORK_MEM} of memory
     * ({@code SET LOCAL}: for this transaction only, also through a transaction pooler): with the default
     * 4 MB the distinct principals of a million sessions spill to disk.
     */
    @Override
    public RawStatistics statistics(Connection c, String app, long nowMs, long sinceMs) throws SQLException {
        return Database.inTransaction(c, tx -> {
            try (Statement st = tx.createStatement()) {
                st.execute("SET LOCAL work_mem = '" + STATISTICS_WORK_MEM + "'");
            }
            return super.statistics(tx, app, nowMs, sinceMs);
        });
    }
}
