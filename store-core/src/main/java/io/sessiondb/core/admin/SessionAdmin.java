package io.sessiondb.core.admin;

import io.sessiondb.core.SessiondbConfig;
import java.util.List;
import javax.sql.DataSource;

/**
 * The operator's view of a session table: who is logged in and from where, log a user out
 * everywhere, sweep, statistics. Thread-safe; used by {@code sessiondb-cli} and its admin console, and
 * by anyone embedding the store.
 *
 * <p>Every query is served by an index (plans in docs/admin-queries.md). Nothing here returns a raw
 * session id or an attribute value.
 *
 * <p>Revoking marks rows; it deletes nothing. A revoked session is dead on every node at its next
 * request, and the normal expiry protocol claims it and runs its destroy listeners once in the cluster.
 * Revoking is idempotent: a session already revoked is not counted again.
 */
public final class SessionAdmin implements AutoCloseable {

    private SessionAdmin() {
    }

    /**
     * An admin over the table of {@code config} (its jdbcUrl or DataSource, tableName and
     * createSchema); appName is not needed. Closing it closes the pool it built.
     */
    public static SessionAdmin start(SessiondbConfig config) {
        throw new UnsupportedOperationException("not yet");
    }

    /** An admin over {@code tableName} in {@code dataSource}; the table must exist (schema version 3). */
    public static SessionAdmin of(DataSource dataSource, String tableName) {
        throw new UnsupportedOperationException("not yet");
    }

    /** @return the apps that have sessions or history in the table, sorted */
    public List<String> apps() {
        throw new UnsupportedOperationException("not yet");
    }

    /** @return one page of sessions matching {@code query}, newest activity first */
    public SessionPage sessions(SessionQuery query) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Revokes the session whose short id ({@link SessionInfo#id()}) is {@code shortId}, in any app.
     *
     * @return 1, or 0 when no unrevoked session has that id
     */
    public int revoke(String shortId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Revokes every session of {@code principal} in {@code app}, or in every app when {@code app} is null. */
    public int revokePrincipal(String app, String principal) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Revokes every session whose indexed attribute {@code name} has {@code value}, in {@code app} or all. */
    public int revokeAttribute(String app, String name, String value) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Revokes every session of {@code app}. */
    public int revokeApp(String app) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Sweeps now: deletes expired and revoked sessions no node has claimed, writing their history,
     * without listeners (the code the sweeper runs for sessions whose app is not deployed).
     *
     * @return the number deleted
     */
    public int purgeExpired() {
        throw new UnsupportedOperationException("not yet");
    }

    /** @return statistics of {@code app}, or of every app when {@code app} is null */
    public SessionStatistics statistics(String app) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {
    }
}
