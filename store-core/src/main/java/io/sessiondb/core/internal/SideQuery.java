package io.sessiondb.core.internal;

import io.sessiondb.core.SessionStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A query run on a second pooled connection, on a thread of its own, while the caller's connection does
 * other work: two statements at once on a database that runs each on one core. Whoever is free first runs
 * it: the second connection as soon as it has one, or else the caller, on its own connection, when it
 * {@link #join}s. So a pool of one connection, or one whose connections are all busy, never makes the
 * caller wait for a second one, and the query runs exactly once. Run on the second connection, it sees
 * its own snapshot of the database, not the caller's transaction's.
 */
final class SideQuery<T> {

    private final Database.Work<T> work;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final CompletableFuture<T> sideResult = new CompletableFuture<>();

    private SideQuery(Database.Work<T> work) {
        this.work = work;
    }

    /**
     * Starts {@code work} on a connection of {@code pool} other than the caller's.
     *
     * @param operation what is being done, for messages
     */
    static <T> SideQuery<T> start(Database pool, String operation, Database.Work<T> work) {
        SideQuery<T> query = new SideQuery<>(work);
        Thread thread = new Thread(() -> query.runBeside(pool, operation), "sessiondb-" + operation);
        thread.setDaemon(true);
        thread.start();
        return query;
    }

    private void runBeside(Database pool, String operation) {
        try {
            pool.tryRun(operation, c -> {
                if (taken.compareAndSet(false, true)) {
                    sideResult.complete(work.run(c));
                }
                return null;
            });
        } catch (Throwable e) {
            // Seen by join only once the query is taken here; before that, the caller runs it itself.
            sideResult.completeExceptionally(e);
        }
    }

    /**
     * @param own the caller's connection, where the query runs when no second connection has taken it yet
     * @return the query's result, from whichever connection ran it
     * @throws SQLException when it ran on {@code own} and failed
     * @throws SessionStoreException when it ran on the second connection and failed
     */
    T join(Connection own) throws SQLException {
        if (taken.compareAndSet(false, true)) {
            return work.run(own);
        }
        try {
            return sideResult.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw (Error) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionStoreException("interrupted while waiting for a statistics query", null, e, false);
        }
    }
}
