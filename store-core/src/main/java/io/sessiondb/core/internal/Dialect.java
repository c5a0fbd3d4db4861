package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * All SQL of one database product. Each method is one logical operation on a connection in
 * auto-commit mode and runs in one transaction; where the database allows, in one round trip.
 * Implementations hold the table names given at construction and nothing else.
 */
public interface Dialect {

    /** @return a short name, e.g. {@code postgresql}, also the name of the schema resource */
    String name();

    /**
     * @return this dialect with the commits of session saves not waiting for the database's log flush
     * ({@code synchronousCommit=false}), or {@code null} when the database has no per-transaction setting
     * for it (MariaDB/MySQL: {@code innodb_flush_log_at_trx_commit} is global; SQLite: a per-connection pragma)
     */
    default Dialect withAsynchronousCommit() {
        return null;
    }

    /**
     * Runs {@code work} (schema reads and DDL) under the lock that serializes schema changes of this
     * table across nodes, so that nodes starting together create or upgrade it once: PostgreSQL an
     * advisory transaction lock (the DDL runs in that transaction), MariaDB/MySQL {@code GET_LOCK}
     * (DDL commits implicitly), SQLite a {@code BEGIN IMMEDIATE} transaction.
     */
    <T> T underSchemaLock(Connection c, Database.Work<T> work) throws SQLException;

    /**
     * @return whether a DDL statement failed only because an interrupted earlier run already applied it
     * (a column or index that exists): only on databases whose DDL is not transactional
     */
    boolean isAlreadyApplied(SQLException e);

    /** @return the database server's current time, epoch milliseconds */
    long databaseNowMs(Connection c) throws SQLException;

    /** @return the schema record, or empty when the tables do not exist */
    Optional<SchemaInfo> readSchema(Connection c) throws SQLException;

    Optional<StoredRow> load(Connection c, String app, byte[] idDigest) throws SQLException;

    /** Inserts a new session and all its attributes. @return false if a session with that id exists */
    boolean insert(Connection c, RowWrite write) throws SQLException;

    /**
     * Updates an existing, unclaimed, unrevoked session: row values, the access time (never backwards), and the
     * given attribute upserts and removals. @return false if the session is gone, claimed for expiry or revoked
     */
    boolean update(Connection c, RowWrite write) throws SQLException;

    /**
     * Deletes a session (attributes and index rows follow by cascade) and, when {@code history} is on,
     * writes its {@code <table>_history} row in the same transaction: ended how is {@code revoked} for a
     * revoked row, {@code expired} for a row claimed for expiry or expired at {@code nowMs}, else
     * {@code invalidated}. @return whether it existed
     */
    boolean delete(Connection c, String app, byte[] idDigest, long nowMs, boolean history) throws SQLException;

    boolean changeId(Connection c, String app, byte[] oldDigest, byte[] newDigest, byte[] newSealed) throws SQLException;

    boolean exists(Connection c, String app, byte[] idDigest, long nowMs) throws SQLException;

    /** Claims one expired session for {@code claimer} until {@code leaseUntilMs}. @return true if won */
    boolean claim(Connection c, String app, byte[] idDigest, long nowMs, String claimer, long leaseUntilMs)
            throws SQLException;

    /**
     * In one statement: clears {@code claimer}'s claim on a session that is not revoked, moves the access time to {@code accessedMs} if
     * later and renews the expiry from the access time. @return false if {@code claimer} held no claim or the
     * session is revoked (a revoked session is never renewed)
     */
    boolean releaseClaim(Connection c, String app, byte[] idDigest, String claimer, long accessedMs) throws SQLException;

    /** Claims up to {@code limit} expired, unclaimed sessions. @return their sealed ids */
    List<byte[]> claimExpired(Connection c, String app, long nowMs, String claimer, long leaseUntilMs, int limit)
            throws SQLException;

    long count(Connection c, String app, long nowMs) throws SQLException;

    List<StoredSummary> findByPrincipal(Connection c, String app, String principal) throws SQLException;

    /**
     * Logs {@code principal} out of {@code app}: deletes its sessions and, when {@code history} is on, writes
     * their history rows in the same transaction, {@code revoked} at {@code nowMs} for a live session (with
     * its sealed id, so that a node holding it in memory finds it), as {@link #delete} does for the others
     * (expired, or revoked before). @return the number deleted
     */
    int deleteByPrincipal(Connection c, String app, String principal, long nowMs, boolean history) throws SQLException;

    /**
     * Deletes up to {@code limit} sessions of any app that expired before {@code beforeMs} (revoked ones
     * included: revoking sets the expiry) and that no node holds a live claim on at {@code nowMs},
     * writing their history rows in the same transaction when {@code history} is on.
     */
    int deleteExpiredBefore(Connection c, long beforeMs, long nowMs, int limit, boolean history) throws SQLException;

    /**
     * @return the sealed ids of the sessions of {@code app} revoked at or after {@code sinceMs}: those still
     * stored (the revoked index) and those expired since (history rows, by their end = the revocation)
     */
    List<byte[]> revokedSince(Connection c, String app, long sinceMs) throws SQLException;

    /** Deletes up to {@code limit} history rows of any app that ended before {@code beforeMs}. @return the number deleted */
    int pruneHistory(Connection c, long beforeMs, int limit) throws SQLException;

    /**
     * Gives the planner statistics on the session and attribute tables if they hold sessions and were
     * never analyzed (a fresh table, or one just filled by an import), so that the load and save statements
     * are planned on the primary key from then on; after that the database's own maintenance keeps them.
     * Only PostgreSQL needs it: until its first {@code ANALYZE}, every index on a table ties in the planner's
     * estimates, and a generic plan on {@code (app, created_ms)} reads all of the app's sessions per load.
     *
     * @return whether nothing is left to do: the tables have statistics now, or this database needs none;
     * {@code false} while the session table is empty (try again later)
     */
    default boolean analyzeIfNeverAnalyzed(Connection c) throws SQLException {
        return true;
    }

    /**
     * Takes the lease of a session for {@code owner} until {@code untilMs} when it is free, lapsed (held
     * until before {@code nowMs}) or already {@code owner}'s (then renews it).
     *
     * @return whether {@code owner} holds the lease now
     */
    boolean tryLock(Connection c, String app, byte[] idDigest, String owner, long nowMs, long untilMs) throws SQLException;

    /**
     * @return whether the server refused or rolled back the work, so that nothing of it was applied and a
     * new attempt may succeed (a deadlock, a serialization failure, a busy database); the store retries
     * such a failure at most five times, with jittered backoff. Broken connections are classified by {@link RetryRule}, not here.
     */
    boolean isTransient(SQLException e);
}
