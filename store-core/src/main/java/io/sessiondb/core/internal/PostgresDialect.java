package io.sessiondb.core.internal;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PostgreSQL 13+: binds {@link PostgresStatements} to JDBC. */
public final class PostgresDialect implements Dialect {

    private final String table;
    private final PostgresStatements sql;

    public PostgresDialect(String table) {
        this.table = table;
        this.sql = new PostgresStatements(table);
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public <T> T underSchemaLock(Connection c, Database.Work<T> work) throws SQLException {
        return Database.inTransaction(c, tx -> {
            try (PreparedStatement lock = tx.prepareStatement(sql.lockSchema)) {
                lock.setString(1, "sessiondb:" + table);
                lock.execute();
            }
            return work.run(tx);
        });
    }

    /** DDL is transactional here: a failed script leaves nothing behind to skip. */
    @Override
    public boolean isAlreadyApplied(SQLException e) {
        return false;
    }

    @Override
    public Optional<SchemaInfo> readSchema(Connection c) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement(sql.tableExists)) {
            exists.setString(1, table + "_schema");
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
        }
        return JdbcRows.readSchemaRecord(c, sql.readSchema);
    }

    @Override
    public Optional<StoredRow> load(Connection c, String app, byte[] idDigest) throws SQLException {
        return JdbcRows.load(c, sql.load, app, idDigest);
    }

    @Override
    public boolean insert(Connection c, RowWrite w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.insert)) {
            JdbcRows.bindInsert(ps, w);
            bindAttributes(c, ps, 12, w.upserts());
            return singleCount(ps) == 1;
        }
    }

    @Override
    public boolean update(Connection c, RowWrite w) throws SQLException {
        if (!w.writeRow()) {
            try (PreparedStatement ps = c.prepareStatement(sql.updateAttributes)) {
                ps.setString(1, w.app());
                ps.setBytes(2, w.idDigest());
                bindAttributes(c, ps, 3, w.upserts());
                ps.setArray(5, c.createArrayOf("text", w.removals().toArray(new String[0])));
                return singleCount(ps) == 1;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.update)) {
            JdbcRows.bindUpdate(ps, w);
            bindAttributes(c, ps, 12, w.upserts());
            ps.setArray(14, c.createArrayOf("text", w.removals().toArray(new String[0])));
            return singleCount(ps) == 1;
        }
    }

    @Override
    public boolean delete(Connection c, String app, byte[] idDigest) throws SQLException {
        return JdbcRows.deleteSession(c, sql.delete, app, idDigest);
    }

    @Override
    public boolean changeId(Connection c, String app, byte[] oldDigest, byte[] newDigest, byte[] newSealed)
            throws SQLException {
        return JdbcRows.changeId(c, sql.changeId, app, oldDigest, newDigest, newSealed);
    }

    @Override
    public boolean exists(Connection c, String app, byte[] idDigest, long nowMs) throws SQLException {
        return JdbcRows.exists(c, sql.exists, app, idDigest, nowMs);
    }

    @Override
    public boolean claim(Connection c, String app, byte[] idDigest, long nowMs, String claimer, long leaseUntilMs)
            throws SQLException {
        return JdbcRows.claim(c, sql.claim, app, idDigest, nowMs, claimer, leaseUntilMs);
    }

    @Override
    public List<byte[]> claimExpired(Connection c, String app, long nowMs, String claimer, long leaseUntilMs, int limit)
            throws SQLException {
        return JdbcRows.claimExpiredReturning(c, sql.claimExpired, app, nowMs, claimer, leaseUntilMs, limit);
    }

    @Override
    public boolean releaseClaim(Connection c, String app, byte[] idDigest, String claimer, long accessedMs)
            throws SQLException {
        return JdbcRows.releaseClaim(c, sql.releaseClaim, app, idDigest, claimer, accessedMs);
    }

    @Override
    public long count(Connection c, String app, long nowMs) throws SQLException {
        return JdbcRows.count(c, sql.count, app, nowMs);
    }

    @Override
    public List<StoredSummary> findByPrincipal(Connection c, String app, String principal) throws SQLException {
        return JdbcRows.findByPrincipal(c, sql.findByPrincipal, app, principal);
    }

    @Override
    public int deleteByPrincipal(Connection c, String app, String principal) throws SQLException {
        return JdbcRows.deleteByPrincipal(c, sql.deleteByPrincipal, app, principal);
    }

    @Override
    public int deleteExpiredBefore(Connection c, long beforeMs, int limit) throws SQLException {
        return JdbcRows.deleteExpiredBefore(c, sql.deleteExpiredBefore, beforeMs, limit);
    }

    @Override
    public boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return e instanceof java.sql.SQLRecoverableException;
        }
        // 08: connection exception; 40001 serialization failure; 40P01 deadlock; 57P0x server shutting down.
        return state.startsWith("08") || state.equals("40001") || state.equals("40P01") || state.startsWith("57P0");
    }

    private static void bindAttributes(Connection c, PreparedStatement ps, int index, Map<String, byte[]> attributes)
            throws SQLException {
        String[] names = new String[attributes.size()];
        byte[][] values = new byte[attributes.size()][];
        int i = 0;
        for (Map.Entry<String, byte[]> e : attributes.entrySet()) {
            names[i] = e.getKey();
            values[i++] = e.getValue();
        }
        Array nameArray = c.createArrayOf("text", names);
        Array valueArray = c.createArrayOf("bytea", values);
        ps.setArray(index, nameArray);
        ps.setArray(index + 1, valueArray);
    }

    private static long singleCount(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }


}
