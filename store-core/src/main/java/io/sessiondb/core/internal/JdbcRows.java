package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the dialects share because the databases do not differ there: reading the load and summary
 * column layouts, and running the single statements whose placeholders are the same on every database
 * (only their SQL text differs; each dialect's text names its placeholders in the order below), and
 * the attribute batches of the databases that bind one attribute per statement (MariaDB/MySQL, SQLite:
 * placeholders app, digest, name[, value]). The rest of the save path (insert, update) binds in each
 * dialect, next to its SQL.
 */
final class JdbcRows {

    private JdbcRows() {
    }

    /**
     * Reads the rows of a load query: the session columns repeated on every row (sealed id, created,
     * access, max inactive, expiry, principal, last node, metadata, version, claimed by, claimed until,
     * previous access, client address, user agent, revoked), then attribute name and value (both NULL
     * when the session has no attributes).
     */
    static Optional<StoredRow> readLoaded(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        Map<String, byte[]> attributes = new HashMap<>();
        StoredRow row = new StoredRow(rs.getBytes(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                nullableLong(rs, 5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9),
                rs.getString(10), rs.getLong(11), nullableLong(rs, 12), rs.getString(13), rs.getString(14),
                nullableLong(rs, 15), attributes);
        do {
            String name = rs.getString(16);
            if (name != null) {
                attributes.put(name, rs.getBytes(17));
            }
        } while (rs.next());
        return Optional.of(row);
    }

    /** Reads the rows of a find-by-principal query. */
    static List<StoredSummary> readSummaries(ResultSet rs) throws SQLException {
        List<StoredSummary> found = new ArrayList<>();
        while (rs.next()) {
            found.add(new StoredSummary(rs.getBytes(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                    nullableLong(rs, 5), rs.getString(6), rs.getString(7)));
        }
        return found;
    }

    /** Runs a load: placeholders app, digest; columns as {@link #readLoaded}. */
    static Optional<StoredRow> load(Connection c, String sql, String app, byte[] idDigest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, app);
            ps.setBytes(2, idDigest);
            try (ResultSet rs = ps.executeQuery()) {
                return readLoaded(rs);
            }
        }
    }

    /** Reads the newest schema record: columns version, seal key. */
    static Optional<SchemaInfo> readSchemaRecord(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new SchemaInfo(rs.getInt(1), rs.getBytes(2))) : Optional.empty();
        }
    }

    /** Runs a delete of one session: placeholders app, digest. @return whether a row was deleted */
    static boolean deleteSession(Connection c, String sql, String app, byte[] idDigest) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, app);
            ps.setBytes(2, idDigest);
            return ps.executeUpdate() > 0;
        }
    }

    /** Runs a change of id: placeholders new digest, new seal, app, old digest. */
    static boolean changeId(Connection c, String sql, String app, byte[] oldDigest, byte[] newDigest, byte[] newSealed)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBytes(1, newDigest);
            ps.setBytes(2, newSealed);
            ps.setString(3, app);
            ps.setBytes(4, oldDigest);
            return ps.executeUpdate() > 0;
        }
    }

    /** Runs an exists query: placeholders app, digest, now. */
    static boolean exists(Connection c, String sql, String app, byte[] idDigest, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, app);
            ps.setBytes(2, idDigest);
            ps.setLong(3, nowMs);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Runs a claim of one session: placeholders claimer, lease, app, digest, now, claimer, now. */
    static boolean claim(Connection c, String sql, String app, byte[] idDigest, long nowMs, String claimer,
                         long leaseUntilMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, claimer);
            ps.setLong(2, leaseUntilMs);
            ps.setString(3, app);
            ps.setBytes(4, idDigest);
            ps.setLong(5, nowMs);
            ps.setString(6, claimer);
            ps.setLong(7, nowMs);
            return ps.executeUpdate() > 0;
        }
    }

    /** Runs a release of a claim: placeholders accessed, accessed, accessed, app, digest, claimer. */
    static boolean releaseClaim(Connection c, String sql, String app, byte[] idDigest, String claimer, long accessedMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, accessedMs);
            ps.setLong(2, accessedMs);
            ps.setLong(3, accessedMs);
            ps.setString(4, app);
            ps.setBytes(5, idDigest);
            ps.setString(6, claimer);
            return ps.executeUpdate() > 0;
        }
    }

    /**
     * Runs a one-statement claim of expired sessions ({@code UPDATE … RETURNING id_sealed}): placeholders
     * claimer, lease, now, app, now, limit. @return the sealed ids claimed
     */
    static List<byte[]> claimExpiredReturning(Connection c, String sql, String app, long nowMs, String claimer,
                                              long leaseUntilMs, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, claimer);
            ps.setLong(2, leaseUntilMs);
            ps.setLong(3, nowMs);
            ps.setString(4, app);
            ps.setLong(5, nowMs);
            ps.setInt(6, limit);
            List<byte[]> sealed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sealed.add(rs.getBytes(1));
                }
            }
            return sealed;
        }
    }

    /** Runs a count: placeholders app, now. */
    static long count(Connection c, String sql, String app, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, app);
            ps.setLong(2, nowMs);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Runs a find by principal: placeholders app, principal. */
    static List<StoredSummary> findByPrincipal(Connection c, String sql, String app, String principal)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, app);
            ps.setString(2, principal);
            try (ResultSet rs = ps.executeQuery()) {
                return readSummaries(rs);
            }
        }
    }

    /** Runs a delete by principal: placeholders app, principal. */
    /**
     * Marks the live sessions of a principal revoked at {@code nowMs}, before they are deleted with their
     * history: placeholders now, app, principal, now.
     */
    static void revokeLiveOfPrincipal(Connection c, String sql, String app, String principal, long nowMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, nowMs);
            ps.setString(2, app);
            ps.setString(3, principal);
            ps.setLong(4, nowMs);
            ps.executeUpdate();
        }
    }

    static int deleteByPrincipal(Connection c, String sql, String app, String principal) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, app);
            ps.setString(2, principal);
            return ps.executeUpdate();
        }
    }

    /**
     * Runs a query of revoked sessions, stored and ended: placeholders since, app, since, app.
     * @return their sealed ids
     */
    static List<byte[]> revokedSince(Connection c, String sql, String app, long sinceMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, sinceMs);
            ps.setString(2, app);
            ps.setLong(3, sinceMs);
            ps.setString(4, app);
            List<byte[]> sealed = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sealed.add(rs.getBytes(1));
                }
            }
            return sealed;
        }
    }

    /** Runs a bounded delete of old history rows: placeholders before, limit. */
    static int pruneHistory(Connection c, String sql, long beforeMs, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, beforeMs);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        }
    }

    /**
     * Writes the index rows of a save: upserts (placeholders app, digest, name, value) and deletes
     * (placeholders app, digest, name), each as one batch; nothing when the save changes no indexed attribute.
     */
    static void writeIndex(Connection c, String upsertSql, String deleteSql, RowWrite w) throws SQLException {
        if (!w.indexUpserts().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(upsertSql)) {
                for (Map.Entry<String, String> e : w.indexUpserts().entrySet()) {
                    ps.setString(1, w.app());
                    ps.setBytes(2, w.idDigest());
                    ps.setString(3, e.getKey());
                    ps.setString(4, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!w.indexRemovals().isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(deleteSql)) {
                deleteAll(ps, w.app(), w.idDigest(), w.indexRemovals());
            }
        }
    }

    /**
     * Binds the client columns and sizes every dialect's update sets after the metadata: client address,
     * user agent, client type, attribute count, size. @return the next placeholder index
     */
    static int bindClient(PreparedStatement ps, int index, RowWrite w) throws SQLException {
        int i = index;
        ps.setString(i++, w.client().address());
        ps.setString(i++, w.client().userAgent());
        ps.setString(i++, w.client().type());
        ps.setInt(i++, w.attributeCount());
        ps.setLong(i++, w.sizeBytes());
        return i;
    }

    /**
     * Binds the columns every dialect's insert takes after its version-1 columns: created node, client
     * address, user agent, client type, attribute count, size. @return the next placeholder index
     */
    static int bindInsertClient(PreparedStatement ps, int index, RowWrite w) throws SQLException {
        ps.setString(index, w.client().createdNode());
        return bindClient(ps, index + 1, w);
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    /** Adds one batch entry (app, digest, name, value) per attribute and runs the batch. */
    static void upsertAll(PreparedStatement ps, String app, byte[] idDigest, Map<String, byte[]> attributes)
            throws SQLException {
        if (attributes.isEmpty()) {
            return;
        }
        for (Map.Entry<String, byte[]> e : attributes.entrySet()) {
            ps.setString(1, app);
            ps.setBytes(2, idDigest);
            ps.setString(3, e.getKey());
            ps.setBytes(4, e.getValue());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    /** Adds one batch entry (app, digest, name) per removed attribute and runs the batch. */
    static void deleteAll(PreparedStatement ps, String app, byte[] idDigest, Collection<String> names)
            throws SQLException {
        if (names.isEmpty()) {
            return;
        }
        for (String name : names) {
            ps.setString(1, app);
            ps.setBytes(2, idDigest);
            ps.setString(3, name);
            ps.addBatch();
        }
        ps.executeBatch();
    }

    /** Binds app, digest, owner, until, now (the upsert of a lease) and runs it. @return rows changed */
    static int tryLock(Connection c, String sql, String app, byte[] idDigest, String owner, long nowMs, long untilMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, app);
            ps.setBytes(2, idDigest);
            ps.setString(3, owner);
            ps.setLong(4, untilMs);
            ps.setLong(5, nowMs);
            return ps.executeUpdate();
        }
    }

    /** Binds app, digest, owner and runs {@code sql}, a lease's delete. @return rows deleted */
    static int deleteByOwner(Connection c, String sql, String app, byte[] idDigest, String owner) throws SQLException {
        try (PreparedStatement ps = bindOwner(c, sql, app, idDigest, owner)) {
            return ps.executeUpdate();
        }
    }

    /** Binds app, digest, owner and runs {@code sql}, a query of the lease held by that owner. @return whether it found it */
    static boolean heldBy(Connection c, String sql, String app, byte[] idDigest, String owner) throws SQLException {
        try (PreparedStatement ps = bindOwner(c, sql, app, idDigest, owner); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static PreparedStatement bindOwner(Connection c, String sql, String app, byte[] idDigest, String owner)
            throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            ps.setString(1, app);
            ps.setBytes(2, idDigest);
            ps.setString(3, owner);
            return ps;
        } catch (SQLException e) {
            ps.close();
            throw e;
        }
    }

    /** Binds {@code beforeMs} and runs {@code sql}. @return rows deleted */
    static int deleteBefore(Connection c, String sql, long beforeMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, beforeMs);
            return ps.executeUpdate();
        }
    }
}
