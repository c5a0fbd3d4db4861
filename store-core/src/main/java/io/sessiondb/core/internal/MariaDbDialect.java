package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MariaDB 10.6+ (10.10+ for the schema script's {@code RANDOM_BYTES}) and MySQL 8.0+: binds
 * {@link MariaDbStatements} to JDBC. Writes that touch several rows run in one explicit transaction,
 * the session row first, so that they serialize on its row lock.
 */
public final class MariaDbDialect implements Dialect {

    private static final int SCHEMA_LOCK_SECONDS = 30;
    private static final int ER_DUP_ENTRY = 1062;
    private static final int ER_DUP_FIELDNAME = 1060;
    private static final int ER_DUP_KEYNAME = 1061;
    private static final int ER_LOCK_DEADLOCK = 1213;
    private static final int ER_LOCK_WAIT_TIMEOUT = 1205;

    private final String table;
    private final String schemaName;
    private final String tableName;
    private final MariaDbStatements sql;

    public MariaDbDialect(String table) {
        this.table = table;
        int dot = table.indexOf('.');
        this.schemaName = dot < 0 ? null : table.substring(0, dot);
        this.tableName = table.substring(dot + 1);
        this.sql = new MariaDbStatements(table);
    }

    @Override
    public String name() {
        return "mariadb";
    }

    /** DDL commits implicitly on MariaDB/MySQL, so the scripts run under a named lock, not in a transaction. */
    @Override
    public <T> T underSchemaLock(Connection c, Database.Work<T> work) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(sql.lockSchema)) {
            lock.setString(1, table);
            lock.setInt(2, SCHEMA_LOCK_SECONDS);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new SQLException("another node held the schema lock of " + table + " for more than "
                            + SCHEMA_LOCK_SECONDS + " s");
                }
            }
        }
        T result;
        try {
            result = work.run(c);
        } catch (SQLException | RuntimeException e) {
            try {
                unlockSchema(c);
            } catch (SQLException unlockFailed) {
                e.addSuppressed(unlockFailed);
            }
            throw e;
        }
        unlockSchema(c);
        return result;
    }

    private void unlockSchema(Connection c) throws SQLException {
        try (PreparedStatement unlock = c.prepareStatement(sql.unlockSchema)) {
            unlock.setString(1, table);
            unlock.execute();
        }
    }

    /** An upgrade interrupted between two DDL statements left a column or index that exists already. */
    @Override
    public boolean isAlreadyApplied(SQLException e) {
        return e.getErrorCode() == ER_DUP_FIELDNAME || e.getErrorCode() == ER_DUP_KEYNAME;
    }

    @Override
    public Optional<SchemaInfo> readSchema(Connection c) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement(sql.tableExists)) {
            exists.setString(1, schemaName);
            exists.setString(2, tableName + "_schema");
            try (ResultSet rs = exists.executeQuery()) {
                rs.next();
                if (rs.getInt(1) == 0) {
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
        return inTransaction(c, tx -> {
            try (PreparedStatement ps = tx.prepareStatement(sql.insert)) {
                JdbcRows.bindInsert(ps, w);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getErrorCode() == ER_DUP_ENTRY) {
                    return false;
                }
                throw e;
            }
            try (PreparedStatement ps = tx.prepareStatement(sql.upsertAttribute)) {
                JdbcRows.upsertAll(ps, w.app(), w.idDigest(), w.upserts());
            }
            return true;
        });
    }

    @Override
    public boolean update(Connection c, RowWrite w) throws SQLException {
        if (w.upserts().isEmpty() && w.removals().isEmpty()) {
            // A touch or a row-only change is one statement: atomic in auto-commit mode.
            return updateRow(c, w);
        }
        return inTransaction(c, tx -> {
            if (!updateRow(tx, w)) {
                return false;
            }
            try (PreparedStatement ps = tx.prepareStatement(sql.upsertAttribute)) {
                JdbcRows.upsertAll(ps, w.app(), w.idDigest(), w.upserts());
            }
            try (PreparedStatement ps = tx.prepareStatement(sql.deleteAttribute)) {
                JdbcRows.deleteAll(ps, w.app(), w.idDigest(), w.removals());
            }
            return true;
        });
    }

    private boolean updateRow(Connection c, RowWrite w) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.update)) {
            JdbcRows.bindUpdate(ps, w);
            return ps.executeUpdate() == 1;
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
        return inTransaction(c, tx -> {
            List<byte[]> digests = new ArrayList<>();
            List<byte[]> sealed = new ArrayList<>();
            try (PreparedStatement ps = tx.prepareStatement(sql.selectExpired)) {
                ps.setLong(1, nowMs);
                ps.setString(2, app);
                ps.setLong(3, nowMs);
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        digests.add(rs.getBytes(1));
                        sealed.add(rs.getBytes(2));
                    }
                }
            }
            if (digests.isEmpty()) {
                return sealed;
            }
            try (PreparedStatement ps = tx.prepareStatement(sql.claimLocked)) {
                for (byte[] digest : digests) {
                    ps.setString(1, claimer);
                    ps.setLong(2, leaseUntilMs);
                    ps.setString(3, app);
                    ps.setBytes(4, digest);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return sealed;
        });
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
        int code = e.getErrorCode();
        // 08: connection exception; 40001 / 1213 deadlock; 1205 lock wait timeout.
        return (state != null && (state.startsWith("08") || state.equals("40001")))
                || code == ER_LOCK_DEADLOCK || code == ER_LOCK_WAIT_TIMEOUT
                || e instanceof java.sql.SQLRecoverableException;
    }

    private static <T> T inTransaction(Connection c, Database.Work<T> work) throws SQLException {
        return Database.inTransaction(c, work);
    }
}
