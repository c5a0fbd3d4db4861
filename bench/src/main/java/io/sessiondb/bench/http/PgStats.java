package io.sessiondb.bench.http;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the database did during one measured run, from the benchmark's own PostgreSQL: statements from
 * {@code pg_stat_statements} (the servers' user only, transaction control left out), write
 * transactions from the transaction id counter ({@code pg_current_xact_id()}, which assigns one to the
 * harness's own query: subtracted; {@code pg_stat_database.xact_commit} lags by up to ten seconds behind
 * idle pooled connections, so it is not used), WAL bytes from {@code pg_current_wal_lsn()}. The harness reads them as
 * {@code postgres} in database {@code postgres}, so its own queries are not counted.
 */
final class PgStats {

    /** Counters at one moment. */
    record Snapshot(long statements, long writeTransactions, long walBytes) {
        Snapshot minus(Snapshot before) {
            return new Snapshot(statements - before.statements, writeTransactions - before.writeTransactions - 1, walBytes - before.walBytes);
        }
    }

    private static final String QUERY = """
            SELECT (SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                    WHERE r.rolname = 'bench' AND s.query !~* '^\\s*(BEGIN|COMMIT|ROLLBACK|SET|SHOW|START)'),
                   pg_current_xact_id()::TEXT::BIGINT,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::BIGINT""";

    private final String monitorUrl;

    /** @param monitorUrl JDBC URL of database {@code postgres} as a superuser */
    PgStats(String monitorUrl) {
        this.monitorUrl = monitorUrl;
    }

    Snapshot snapshot() throws SQLException {
        try (Connection c = DriverManager.getConnection(monitorUrl); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(QUERY)) {
                rs.next();
                return new Snapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }
}
