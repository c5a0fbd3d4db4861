package io.sessiondb.core.admin;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.internal.Database;
import io.sessiondb.core.internal.Dialect;
import io.sessiondb.core.internal.Dialects;
import io.sessiondb.core.internal.ExpiredSweep;
import io.sessiondb.core.internal.SchemaInfo;
import io.sessiondb.core.internal.SchemaMigration;
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

    private final SessiondbConfig config;
    private final Database database;
    private final ExpiredSweep expiredSweep;
    private volatile Dialect dialect;

    private SessionAdmin(SessiondbConfig config) {
        this.config = config;
        this.database = new Database(config, "sessiondb-admin[" + config.getTableName() + "]");
        this.expiredSweep = new ExpiredSweep(database, config.getHistoryDays());
    }

    /**
     * An admin over the table of {@code config} (its jdbcUrl or DataSource, tableName, createSchema and
     * historyDays); appName is not needed. Closing it closes the pool it built.
     */
    public static SessionAdmin start(SessiondbConfig config) {
        return new SessionAdmin(config);
    }

    /** An admin over {@code tableName} in {@code dataSource}; the table must exist (schema version 3). */
    public static SessionAdmin of(DataSource dataSource, String tableName) {
        SessiondbConfig config = new SessiondbConfig();
        config.setDataSource(dataSource);
        config.setTableName(tableName);
        config.setCreateSchema(false);
        return new SessionAdmin(config);
    }

    /** @return the dialect of the table, once its schema is known to be current (upgraded when createSchema is on) */
    private Dialect dialect() {
        Dialect d = dialect;
        if (d == null) {
            String table = config.getTableName();
            d = database.run("schema check", null, c -> {
                Dialect found = config.getJdbcUrl() != null ? Dialects.forJdbcUrl(config.getJdbcUrl(), table)
                        : Dialects.forConnection(c, table);
                int version = found.readSchema(c).map(SchemaInfo::version).orElse(0);
                if (version < SchemaInfo.CURRENT_VERSION && config.isCreateSchema()) {
                    SchemaMigration.migrate(c, found, table);
                } else if (version != SchemaInfo.CURRENT_VERSION) {
                    throw new IllegalStateException("table " + table + " has schema version " + version + ", this"
                            + " sessiondb needs " + SchemaInfo.CURRENT_VERSION + ": start a node with createSchema=true"
                            + " or run the scripts in io/sessiondb/schema/ (docs/migration.md)");
                }
                return found;
            });
            database.useDialect(d);
            dialect = d;
        }
        return d;
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
        return expiredSweep.purge(dialect(), System.currentTimeMillis());
    }

    /** @return statistics of {@code app}, or of every app when {@code app} is null */
    public SessionStatistics statistics(String app) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {
        database.close();
    }
}
