package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The admin statements that differ on PostgreSQL: {@code UPDATE ... FROM} for the revocation by indexed
 * attribute, and percentiles as ordered-set aggregates ({@code percentile_disc}, nearest rank), one sort
 * per statement.
 */
final class PostgresAdminSql extends AdminSql {

    private static final String REVOKE_ATTRIBUTE = """
            UPDATE ${table} s SET revoked_ms = ?, expiry_ms = ?, version = s.version + 1
            FROM ${table}_index i
            WHERE i.name = ? AND i.value = ?${iapp}
              AND s.app = i.app AND s.id_digest = i.id_digest AND s.revoked_ms IS NULL""";

    private static final String PERCENTILES = """
            SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ${column}),
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY ${column}),
                   MAX(${column})
            FROM ${from} WHERE ${column} IS NOT NULL ${andApp}""";

    private static final String STATISTICS_WORK_MEM = "64MB";

    private final Variants sizes;
    private final Variants durations;

    PostgresAdminSql(String table) {
        super(table, "created_ms / " + DAY_MS, REVOKE_ATTRIBUTE, "${table}", APPS);
        sizes = variants(PERCENTILES.replace("${column}", Ranked.SIZES.column).replace("${from}", Ranked.SIZES.from));
        durations = variants(PERCENTILES.replace("${column}", Ranked.DURATIONS.column)
                .replace("${from}", Ranked.DURATIONS.from));
    }

    /**
     * The statistics in one transaction whose sorts (the percentiles) get {@value #STATISTICS_WORK_MEM} of
     * memory ({@code SET LOCAL}: for this transaction only, also through a transaction pooler): the default
     * 4 MB spills a million values to disk and takes several times as long.
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

    @Override
    protected RawStatistics.Percentiles percentiles(Connection c, Ranked ranked, String app) throws SQLException {
        String sql = (ranked == Ranked.SIZES ? sizes : durations).of(app);
        try (PreparedStatement ps = prepare(c, sql, app); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new RawStatistics.Percentiles(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }
}
