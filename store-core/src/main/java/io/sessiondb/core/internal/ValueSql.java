package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statements on stored attribute values that every database runs alike, for the maintenance of
 * their encryption ({@link ValueCipher}): reading a session's values or a batch of every app's values in
 * key order, and replacing one value only while it still holds the bytes that were read
 * (compare-and-set), so that a concurrent write by a node is never lost.
 */
public final class ValueSql {

    private static final String SESSION_VALUES = """
            SELECT name, value FROM ${table}_attributes WHERE app = ? AND id_digest = ?""";

    private static final String FIRST_BATCH = """
            SELECT app, id_digest, name, value FROM ${table}_attributes
            ORDER BY app, id_digest, name LIMIT ?""";

    private static final String NEXT_BATCH = """
            SELECT app, id_digest, name, value FROM ${table}_attributes
            WHERE (app, id_digest, name) > (?, ?, ?)
            ORDER BY app, id_digest, name LIMIT ?""";

    private static final String BY_DIGEST_RANGE = """
            SELECT app, id_digest, name, value FROM ${table}_attributes
            WHERE id_digest >= ? AND id_digest < ?
            ORDER BY app, id_digest, name LIMIT ?""";

    private static final String REPLACE = """
            UPDATE ${table}_attributes SET value = ? WHERE app = ? AND id_digest = ? AND name = ? AND value = ?""";

    /** One stored value and where it is. */
    public record StoredValue(String app, byte[] idDigest, String name, byte[] value) {
    }

    private final String sessionValuesSql;
    private final String firstBatchSql;
    private final String nextBatchSql;
    private final String replaceSql;
    private final String byDigestRangeSql;

    public ValueSql(String table) {
        sessionValuesSql = SESSION_VALUES.replace("${table}", table);
        firstBatchSql = FIRST_BATCH.replace("${table}", table);
        nextBatchSql = NEXT_BATCH.replace("${table}", table);
        replaceSql = REPLACE.replace("${table}", table);
        byDigestRangeSql = BY_DIGEST_RANGE.replace("${table}", table);
    }

    /** @return the stored values of one session, name to bytes */
    public Map<String, byte[]> sessionValues(Connection c, String app, byte[] idDigest) throws SQLException {
        Map<String, byte[]> values = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sessionValuesSql)) {
            ps.setString(1, app);
            ps.setBytes(2, idDigest);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getBytes(2));
                }
            }
        }
        return values;
    }

    /**
     * @param after the last value of the previous batch, or {@code null} for the first
     * @return up to {@code limit} values of every app, in (app, id digest, name) order, after {@code after}
     */
    public List<StoredValue> batch(Connection c, StoredValue after, int limit) throws SQLException {
        List<StoredValue> values = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(after == null ? firstBatchSql : nextBatchSql)) {
            int i = 1;
            if (after != null) {
                ps.setString(i++, after.app());
                ps.setBytes(i++, after.idDigest());
                ps.setString(i++, after.name());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(new StoredValue(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getBytes(4)));
                }
            }
        }
        return values;
    }

    /**
     * @param app  only this app, or {@code null} for every app
     * @return up to {@code limit} values of the sessions whose id digest is in {@code [from, to)}, in key order
     */
    public List<StoredValue> byDigestRange(Connection c, String app, byte[] from, byte[] to, int limit) throws SQLException {
        List<StoredValue> values = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(byDigestRangeSql)) {
            ps.setBytes(1, from);
            ps.setBytes(2, to);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredValue v = new StoredValue(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getBytes(4));
                    if (app == null || app.equals(v.app())) {
                        values.add(v);
                    }
                }
            }
        }
        return values;
    }

    /** @return whether the value was replaced: false when it no longer holds {@code expected} (written since, or gone) */
    public boolean replace(Connection c, String app, byte[] idDigest, String name, byte[] expected, byte[] replacement)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(replaceSql)) {
            ps.setBytes(1, replacement);
            ps.setString(2, app);
            ps.setBytes(3, idDigest);
            ps.setString(4, name);
            ps.setBytes(5, expected);
            return ps.executeUpdate() == 1;
        }
    }
}
