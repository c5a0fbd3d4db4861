package io.sessiondb.core.admin;

import io.sessiondb.core.internal.SchemaScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes admin test rows with plain SQL, as the request path of schema version 3 and later would: session rows
 * with the client columns, index rows and history rows. Portable across the three test databases.
 */
final class AdminRows {

    /** A session row to insert; null columns stay NULL. */
    record Row(String app, byte[] digest, String principal, long createdMs, long lastAccessMs, Long expiryMs,
               Long revokedMs, String clientAddress, String userAgent, String clientType, String createdNode,
               String lastNode, Integer attributeCount, Long sizeBytes) {

        Row revoked(long ms) {
            return new Row(app, digest, principal, createdMs, lastAccessMs, expiryMs, ms, clientAddress, userAgent,
                    clientType, createdNode, lastNode, attributeCount, sizeBytes);
        }
    }

    private AdminRows() {
    }

    static byte[] randomDigest() {
        byte[] digest = new byte[32];
        ThreadLocalRandom.current().nextBytes(digest);
        return digest;
    }

    /** @return an active session row of {@code principal} in {@code app} last used at {@code lastAccessMs} */
    static Row session(String app, String principal, long lastAccessMs) {
        return new Row(app, randomDigest(), principal, lastAccessMs - 60_000, lastAccessMs, lastAccessMs + 3_600_000,
                null, "192.0.2.1", "Mozilla/5.0", "desktop", "node-a", "node-b", 2, 300L);
    }

    static void insert(Connection c, String table, List<Row> rows) throws SQLException {
        String sql = "INSERT INTO " + table + " (app, id_digest, id_sealed, created_ms, last_access_ms, max_inactive_ms,"
                + " expiry_ms, principal, last_node, version, revoked_ms, client_address, user_agent, client_type,"
                + " created_node, attribute_count, size_bytes) VALUES (?, ?, ?, ?, ?, 3600000, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)";
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Row r : rows) {
                int i = 0;
                ps.setString(++i, r.app());
                ps.setBytes(++i, r.digest());
                ps.setBytes(++i, new byte[] {1, 2, 3});
                ps.setLong(++i, r.createdMs());
                ps.setLong(++i, r.lastAccessMs());
                setLong(ps, ++i, r.expiryMs());
                ps.setString(++i, r.principal());
                ps.setString(++i, r.lastNode());
                setLong(ps, ++i, r.revokedMs());
                ps.setString(++i, r.clientAddress());
                ps.setString(++i, r.userAgent());
                ps.setString(++i, r.clientType());
                ps.setString(++i, r.createdNode());
                if (r.attributeCount() == null) {
                    ps.setNull(++i, Types.INTEGER);
                } else {
                    ps.setInt(++i, r.attributeCount());
                }
                setLong(ps, ++i, r.sizeBytes());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static void insert(Connection c, String table, Row row) throws SQLException {
        insert(c, table, List.of(row));
    }

    static void index(Connection c, String table, Row row, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + "_index (app, id_digest, name, value)"
                + " VALUES (?, ?, ?, ?)")) {
            ps.setString(1, row.app());
            ps.setBytes(2, row.digest());
            ps.setString(3, name);
            ps.setString(4, value);
            ps.executeUpdate();
        }
    }

    static void attribute(Connection c, String table, Row row, String name, int bytes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + "_attributes (app, id_digest, name, value)"
                + " VALUES (?, ?, ?, ?)")) {
            ps.setString(1, row.app());
            ps.setBytes(2, row.digest());
            ps.setString(3, name);
            ps.setBytes(4, new byte[bytes]);
            ps.executeUpdate();
        }
    }

    static void history(Connection c, String table, String app, long createdMs, long endedMs, String how)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + "_history (app, id_digest, ended_ms,"
                + " created_ms, duration_ms, ended_how, principal, client_type, created_node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, app);
            ps.setBytes(2, randomDigest());
            ps.setLong(3, endedMs);
            ps.setLong(4, createdMs);
            ps.setLong(5, endedMs - createdMs);
            ps.setString(6, how);
            ps.setString(7, "someone");
            ps.setString(8, "desktop");
            ps.setString(9, "node-a");
            ps.executeUpdate();
        }
    }

    /** @return the revoked_ms and expiry_ms of a row, or nulls */
    static Long[] revocation(Connection c, String table, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT revoked_ms, expiry_ms FROM " + table
                + " WHERE app = ? AND id_digest = ?")) {
            ps.setString(1, row.app());
            ps.setBytes(2, row.digest());
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long revoked = rs.getLong(1);
                Long r = rs.wasNull() ? null : revoked;
                long expiry = rs.getLong(2);
                return new Long[] {r, rs.wasNull() ? null : expiry};
            }
        }
    }

    static long count(Connection c, String table) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** @return the highest schema version recorded for {@code table} */
    static int schemaVersion(Connection c, String table) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT MAX(version) FROM " + table + "_schema")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Creates {@code table} as an older sessiondb left it: the schema scripts of versions 1 to {@code version}
     * of {@code dialect}, each statement run as a DBA's client would run the file (split on semicolons that
     * end a line, comment lines dropped).
     */
    static void createAtVersion(Connection c, String dialect, String table, int version) throws SQLException {
        for (int v = 1; v <= version; v++) {
            runScript(c, dialect, table, v);
        }
    }

    /** Runs the schema script of {@code version} of {@code dialect} on {@code table} as a DBA's client would. */
    static void runScript(Connection c, String dialect, String table, int version) throws SQLException {
        try (var st = c.createStatement()) {
            for (String sql : statements(SchemaScript.load(dialect, version, table))) {
                st.execute(sql);
            }
        }
    }

    private static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--") || line.isBlank()) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }

    /** Drops every table of {@code table}, children first. */
    static void drop(Connection c, String table) throws SQLException {
        try (var st = c.createStatement()) {
            for (String t : new ArrayList<>(List.of(table + "_index", table + "_history", table + "_history_days",
                    table + "_history_rollup", table + "_attributes", table + "_locks", table + "_schema", table))) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
        }
    }
}
