package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * SQLite 3.35+ through sqlite-jdbc: binds {@link SqliteStatements} to JDBC. SQLite has one writer
 * at a time per database file, across threads and processes; every write that spans statements
 * runs in a {@code BEGIN IMMEDIATE} transaction, which takes the write lock before reading, so two
 * writers never both read and then fail or overwrite each other. Readers never block (WAL).
 */
public final class SqliteDialect implements Dialect {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private final String table;
    private final SqliteStatements sql;

    /** @throws IllegalStateException naming tableName when it is schema-qualified */
    public SqliteDialect(String table) {
        if (table.contains(".")) {
            throw new IllegalStateException("tableName '" + table + "' is schema-qualified, which sessiondb does not"
                    + " support on SQLite (a schema there is an attached database file): use a plain name");
        }
        this.table = table;
        this.sql = new SqliteStatements(table);
    }

    @Override
    public String name() {
        return "sqlite";
    }

    /** SQLite DDL is transactional: the scripts run in one write transaction, which is the lock. */
    @Override
    public <T> T underSchemaLock(Connection c, Database.Work<T> work) throws SQLException {
        return write(c, work);
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
        return write(c, tx -> {
            try (PreparedStatement ps = tx.prepareStatement(sql.insert)) {
                JdbcRows.bindInsert(ps, w);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement ps = tx.prepareStatement(sql.upsertAttribute)) {
                JdbcRows.upsertAll(ps, w.app(), w.idDigest(), w.upserts());
            }
            return true;
        });
    }

    @Override
    public boolean update(Connection c, RowWrite w) throws SQLException {
        return write(c, tx -> {
            try (PreparedStatement ps = tx.prepareStatement(sql.update)) {
                JdbcRows.bindUpdate(ps, w);
                if (ps.executeUpdate() != 1) {
                    return false;
                }
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

    @Override
    public boolean delete(Connection c, String app, byte[] idDigest) throws SQLException {
        return write(c, tx -> JdbcRows.deleteSession(tx, sql.delete, app, idDigest));
    }

    @Override
    public boolean changeId(Connection c, String app, byte[] oldDigest, byte[] newDigest, byte[] newSealed)
            throws SQLException {
        return write(c, tx -> JdbcRows.changeId(tx, sql.changeId, app, oldDigest, newDigest, newSealed));
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
        return write(c, tx -> JdbcRows.claimExpiredReturning(tx, sql.claimExpired, app, nowMs, claimer, leaseUntilMs,
                limit));
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
        return write(c, tx -> JdbcRows.deleteByPrincipal(tx, sql.deleteByPrincipal, app, principal));
    }

    @Override
    public int deleteExpiredBefore(Connection c, long beforeMs, int limit) throws SQLException {
        return write(c, tx -> JdbcRows.deleteExpiredBefore(tx, sql.deleteExpiredBefore, beforeMs, limit));
    }

    @Override
    public boolean isTransient(SQLException e) {
        // The low byte of sqlite-jdbc's error code is SQLite's primary result code.
        int primary = e.getErrorCode() & 0xff;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }

    /**
     * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction: the database's write lock is taken
     * first (waiting up to the busy timeout), then committed, or rolled back when {@code work} throws.
     * Issued as statements, so it does not depend on how the driver maps {@code setAutoCommit}.
     */
    private static <T> T write(Connection c, Database.Work<T> work) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(SqliteStatements.FOREIGN_KEYS_ON);
        }
        return Database.inTransaction(c, SqliteStatements.BEGIN_IMMEDIATE, work);
    }
}
