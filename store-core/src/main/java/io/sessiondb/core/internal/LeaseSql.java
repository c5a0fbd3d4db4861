package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The statements of session leases ({@code lockingMode}) that every database runs alike: giving a
 * lease up and deleting lapsed ones. Taking a lease differs per database: {@link Dialect#tryLock}.
 */
public final class LeaseSql {

    private static final String UNLOCK = """
            DELETE FROM ${table}_locks WHERE app = ? AND id_digest = ? AND owner = ?""";

    private static final String DELETE_LAPSED = "DELETE FROM ${table}_locks WHERE until_ms < ?";

    private final String unlockSql;
    private final String deleteLapsedSql;

    public LeaseSql(String table) {
        unlockSql = UNLOCK.replace("${table}", table);
        deleteLapsedSql = DELETE_LAPSED.replace("${table}", table);
    }

    /** Gives up the lease of a session if {@code owner} holds it. */
    public void unlock(Connection c, String app, byte[] idDigest, String owner) throws SQLException {
        JdbcRows.deleteByOwner(c, unlockSql, app, idDigest, owner);
    }

    /** Deletes leases of any app that lapsed before {@code beforeMs} (their holders crashed). @return the count */
    public int deleteLapsed(Connection c, long beforeMs) throws SQLException {
        return JdbcRows.deleteBefore(c, deleteLapsedSql, beforeMs);
    }
}
