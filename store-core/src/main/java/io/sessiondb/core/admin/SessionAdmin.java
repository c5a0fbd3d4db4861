package io.sessiondb.core.admin;

import io.sessiondb.core.LogText;
import io.sessiondb.core.SessionStoreException;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.internal.AdminListing;
import io.sessiondb.core.internal.AdminRow;
import io.sessiondb.core.internal.AdminSql;
import io.sessiondb.core.internal.Database;
import io.sessiondb.core.internal.DatabaseClock;
import io.sessiondb.core.internal.Dialect;
import io.sessiondb.core.internal.Dialects;
import io.sessiondb.core.internal.ExpiredSweep;
import io.sessiondb.core.internal.RawStatistics;
import io.sessiondb.core.internal.SchemaMigration;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
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
 *
 * <p>Every time it writes or compares (revocation times, the purge's cut-off and history end times,
 * what counts as expired in listings and statistics) is on the database's clock ({@link DatabaseClock}),
 * as the store's own, so that an admin machine whose clock is off changes none of them.
 */
public final class SessionAdmin implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    private final SessiondbConfig config;
    private final String logPrefix;
    private final Dialect urlDialect;
    private final Database database;
    private final DatabaseClock clock;
    private final ExpiredSweep expiredSweep;
    private volatile AdminSql sql;
    private volatile Dialect dialect;

    private SessionAdmin(SessiondbConfig config, LongSupplier nodeClock) {
        this.config = config;
        this.logPrefix = "sessiondb-admin[" + config.getTableName() + "]";
        this.urlDialect = config.getJdbcUrl() == null ? null : Dialects.forJdbcUrl(config.getJdbcUrl(), config.getTableName());
        this.database = new Database(config, logPrefix);
        this.clock = new DatabaseClock(nodeClock, logPrefix);
        this.expiredSweep = new ExpiredSweep(database, clock, config.getTableName(), config.getHistoryDays());
    }

    /**
     * An admin over the table of {@code config} (its jdbcUrl or DataSource, tableName and createSchema);
     * appName is not needed, and the other settings are not used. Validates and seals the config, builds
     * the pool and creates or upgrades the tables as {@link io.sessiondb.core.SessionRepository#start} does.
     * A database that cannot be reached does not stop the start: the schema is checked on the first call
     * that reaches it. Closing the admin closes the pool it built.
     *
     * @throws IllegalStateException naming the property when the config is invalid or the schema unusable
     */
    public static SessionAdmin start(SessiondbConfig config) {
        return start(config, System::currentTimeMillis);
    }

    /** {@link #start(SessiondbConfig)} with this machine's clock given: tests skew it. */
    static SessionAdmin start(SessiondbConfig config, LongSupplier nodeClock) {
        config.sealForAdmin();
        SessionAdmin admin = new SessionAdmin(config, nodeClock);
        LOG.log(Level.INFO, "{0} - starting", admin.logPrefix);
        try {
            admin.sql();
        } catch (SessionStoreException e) {
            if (!e.isDatabaseUnreachable()) {
                admin.close();
                throw e;
            }
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        return admin;
    }

    /**
     * An admin over {@code tableName} in {@code dataSource}; the tables must exist at the current schema
     * version (no DDL is run). The DataSource is not closed by {@link #close()}.
     *
     * @throws IllegalArgumentException naming tableName when it is not a plain identifier
     * @throws IllegalStateException when the tables are missing or older, naming the scripts to run
     */
    public static SessionAdmin of(DataSource dataSource, String tableName) {
        SessiondbConfig config = new SessiondbConfig();
        config.setDataSource(dataSource);
        config.setTableName(tableName);
        config.setCreateSchema(false);
        return start(config);
    }

    /** @return the apps that have sessions or history rows in the table, sorted */
    public List<String> apps() {
        AdminSql s = sql();
        return run("list apps", s::apps);
    }

    /**
     * One page of the sessions of a principal or of an indexed attribute value, newest activity first
     * (last access descending, then app and short id). Pages are keyset-paginated: a page starts strictly
     * after the last session of the previous one, so a session that exists, unchanged in last access, for
     * a whole walk through the pages is listed exactly once, whatever is created, revoked or swept
     * meanwhile; a session used during the walk moves to the front and may be missed or listed again.
     *
     * @return the page; {@link SessionPage#next()} is null on the last one
     * @throws IllegalArgumentException naming the cursor when {@link SessionQuery#after()} is not one a page returned
     */
    public SessionPage sessions(SessionQuery query) {
        PageCursor after = PageCursor.decode(query.after());
        AdminSql s = sql();
        long now = clock.now();
        AdminListing listing = new AdminListing(query.app(), query.principal(), query.attributeName(),
                query.attributeValue(), query.includeExpired() ? Long.MIN_VALUE : now, after.lastAccessMs(), after.app(),
                after.idDigest(), query.limit() + 1);
        List<AdminRow> rows = run("list sessions", c -> s.sessions(c, listing));
        boolean more = rows.size() > query.limit();
        List<SessionInfo> page = new ArrayList<>(Math.min(rows.size(), query.limit()));
        for (AdminRow row : more ? rows.subList(0, query.limit()) : rows) {
            page.add(info(row, now));
        }
        String next = null;
        if (more) {
            AdminRow last = rows.get(query.limit() - 1);
            next = new PageCursor(last.lastAccessMs(), last.app(), last.idDigest()).encode();
        }
        return new SessionPage(page, next);
    }

    private static SessionInfo info(AdminRow row, long nowMs) {
        SessionInfo.Status status = row.revokedMs() != null ? SessionInfo.Status.REVOKED
                : row.expiryMs() != null && row.expiryMs() <= nowMs ? SessionInfo.Status.EXPIRED
                : SessionInfo.Status.ACTIVE;
        return new SessionInfo(ShortId.of(row.idDigest()), row.app(), row.principal(), Instant.ofEpochMilli(row.createdMs()),
                Instant.ofEpochMilli(row.lastAccessMs()), row.expiryMs() == null ? null : Instant.ofEpochMilli(row.expiryMs()),
                status, row.clientAddress(), row.userAgent(), row.clientType(), row.createdNode(), row.lastNode(),
                row.attributes(), row.bytes());
    }

    /**
     * Revokes the session whose short id ({@link SessionInfo#id()}) is {@code shortId}, in any app. A
     * longer hex prefix of the id digest (an even number of digits, up to all 64) is taken too.
     *
     * @return 1, or 0 when no unrevoked session has that id (none has, or it is revoked already)
     * @throws IllegalArgumentException naming the short id when it is not one, or when several sessions
     *                                  share it (none is revoked then: pass more digits)
     */
    public int revoke(String shortId) {
        byte[][] range = ShortId.range(shortId);
        AdminSql s = sql();
        List<AdminSql.Found> found = run("find session by short id", c -> s.byDigestPrefix(c, range[0], range[1]));
        if (found.size() > 1) {
            throw new IllegalArgumentException("short id " + LogText.of(shortId) + " is ambiguous: several sessions"
                    + " share it, so none was revoked; pass more hex digits of the id digest");
        }
        if (found.isEmpty()) {
            return 0;
        }
        AdminSql.Found session = found.get(0);
        int revoked = run("revoke session", c -> s.revokeSession(c, session.app(), session.idDigest(), clock.now()));
        LOG.log(Level.INFO, "{0} - revoked session {1} of app {2}: {3}", logPrefix, LogText.of(shortId),
                LogText.of(session.app()), revoked);
        return revoked;
    }

    /**
     * Revokes every session of {@code principal} in {@code app}, or in every app when {@code app} is null.
     *
     * @return the number of sessions revoked now (those revoked before are not counted again)
     */
    public int revokePrincipal(String app, String principal) {
        require(principal, "principal");
        AdminSql s = sql();
        int revoked = run("revoke principal", c -> s.revokePrincipal(c, app, principal, clock.now()));
        LOG.log(Level.INFO, "{0} - revoked {1} sessions of principal {2} in {3}", logPrefix, revoked,
                LogText.of(principal), app == null ? "every app" : "app " + LogText.of(app));
        return revoked;
    }

    /**
     * Revokes every session whose indexed attribute {@code name} (one of {@code indexedAttributes}) has
     * {@code value}, in {@code app} or in every app when {@code app} is null.
     *
     * @return the number of sessions revoked now
     */
    public int revokeAttribute(String app, String name, String value) {
        require(name, "name");
        require(value, "value");
        AdminSql s = sql();
        int revoked = run("revoke attribute", c -> s.revokeAttribute(c, app, name, value, clock.now()));
        LOG.log(Level.INFO, "{0} - revoked {1} sessions with {2}={3} in {4}", logPrefix, revoked, LogText.of(name),
                LogText.of(value), app == null ? "every app" : "app " + LogText.of(app));
        return revoked;
    }

    /**
     * Revokes every session of {@code app}.
     *
     * @return the number of sessions revoked now
     */
    public int revokeApp(String app) {
        require(app, "app");
        AdminSql s = sql();
        int revoked = run("revoke app", c -> s.revokeApp(c, app, clock.now()));
        LOG.log(Level.INFO, "{0} - revoked {1} sessions of app {2}", logPrefix, revoked, LogText.of(app));
        return revoked;
    }

    /**
     * Sweeps now: deletes expired and revoked sessions no node has claimed, writing their history,
     * without listeners (the code the sweeper runs for sessions whose app is not deployed).
     *
     * @return the number deleted
     */
    public int purgeExpired() {
        sql(); // the schema is current and the dialect known
        return expiredSweep.purge(dialect, clock.now());
    }

    /**
     * Statistics of {@code app}, or of every app when {@code app} is null, computed on the database: counts
     * over the session table, creations per day and week over the session and history tables, durations
     * over the history table, sizes over the sessions that record one (schema version 3 and later).
     * Percentiles are nearest-rank: the p-th is the smallest value that p percent of the values do not
     * exceed. One read transaction at repeatable read: every figure comes from one snapshot, except on
     * MariaDB the distinct principals, counted at the same time on a second pooled connection when one is
     * free (its own snapshot, a few milliseconds apart). The history figures come from the per-day rollup
     * the sweepers keep (schema version 4) for the days it covers and from the raw rows for the others, with
     * the same result as the raw rows alone. Its cost grows with the stored sessions of the app (all of them
     * for every app); see docs/admin-queries.md. A statement that outlasts the driver's socket timeout (60 s)
     * fails the call as unreachable and is not retried.
     */
    public SessionStatistics statistics(String app) {
        AdminSql s = sql();
        long now = clock.now();
        // Not retried after a lost connection: a connection lost to the driver's socket timeout (60 s) leaves
        // the statement running on the server, and running it again would only add the same load.
        RawStatistics raw = database.run("statistics", null,
                c -> s.statistics(c, database, app, now, StatisticsShape.sinceMs(now)), null);
        return StatisticsShape.of(raw, now);
    }

    /** Closes the pool the admin built; a DataSource handed in is left open. */
    @Override
    public void close() {
        LOG.log(Level.INFO, "{0} - stopping", logPrefix);
        database.close();
    }

    private static void require(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " cannot be null or empty");
        }
    }

    /** Runs {@code work}, sampling the clock's offset on its connection first when due (at most once a minute). */
    private <T> T run(String operation, Database.Work<T> work) {
        return database.run(operation, null, c -> {
            clock.sampleIfDue(c, dialect);
            return work.run(c);
        });
    }

    private AdminSql sql() {
        AdminSql s = sql;
        if (s == null) {
            // Not synchronized: concurrent first calls may both check the schema, which is safe.
            s = database.run("schema check", null, this::prepare);
            sql = s;
        }
        return s;
    }

    private AdminSql prepare(Connection c) throws SQLException {
        String table = config.getTableName();
        Dialect dialect = urlDialect != null ? urlDialect : Dialects.forConnection(c, table);
        SchemaMigration.ensureCurrent(c, dialect, table, config.isCreateSchema(), logPrefix);
        database.useDialect(dialect);
        this.dialect = dialect;
        clock.sampleIfDue(c, dialect);
        return AdminSql.of(dialect, table);
    }
}
