package io.sessiondb.tomcat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * One fair permit per session id, so that requests of one session on one node run one at a time
 * (each loads the session, puts it in the manager, saves it and takes it out again). Requests on
 * different nodes are not serialized here: the database's row lock and the per-attribute writes keep
 * their changes. An entry exists only while a request holds or waits for it.
 */
final class SessionLocks {

    /** A held permit; release it exactly once, from any thread. */
    final class Held {

        private final String id;
        private final Entry entry;
        private volatile AutoCloseable lease;

        private Held(String id, Entry entry) {
            this.id = id;
            this.entry = entry;
        }

        /** Adds the cluster-wide lease taken after this node's permit; {@link #release} gives it up first. */
        void attach(AutoCloseable lease) {
            this.lease = lease;
        }

        void release() {
            AutoCloseable held = lease;
            lease = null;
            if (held != null) {
                try {
                    held.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e); // SessionLocking.Lease.close() throws nothing
                }
            }
            entry.semaphore.release();
            entries.computeIfPresent(id, (k, e) -> --e.users == 0 ? null : e);
        }
    }

    private static final class Entry {
        private final Semaphore semaphore = new Semaphore(1, true);
        private int users;
    }

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Waits for the permit of {@code id}. */
    Held acquire(String id) {
        Entry entry = entries.compute(id, (k, e) -> {
            Entry current = e == null ? new Entry() : e;
            current.users++;
            return current;
        });
        entry.semaphore.acquireUninterruptibly();
        return new Held(id, entry);
    }

    /** @return the number of ids held or waited for, for tests */
    int size() {
        return entries.size();
    }
}
