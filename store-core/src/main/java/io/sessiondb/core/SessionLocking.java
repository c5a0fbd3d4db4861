package io.sessiondb.core;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The optional session lock ({@code lockingMode}): a request that may write takes a short lease on its
 * session in {@code <table>_locks} before its session is loaded and gives it up after the session is
 * saved, so that requests of one session run one at a time across every node; concurrent requests of
 * that session wait, polling, at most {@code lockTimeoutMs} (then {@link SessionLockTimeoutException}:
 * a 503). Requests whose URI the mode does not cover never wait. A lease lasts {@link #LEASE_MS}: one
 * left by a node that crashed lapses by itself, and the orphan sweep deletes it.
 *
 * <p>Costs two statements per covered request (take, give up), plus one per poll while waiting.
 */
public final class SessionLocking {

    /** How long a lease lasts unless given up: {@value} ms; longer than any request should take. */
    public static final long LEASE_MS = 60_000;

    private static final System.Logger LOG = System.getLogger("io.sessiondb");
    private static final long FIRST_POLL_MS = 2;
    private static final long MAX_POLL_MS = 50;

    private final SessionRepository repository;
    private final String mode;
    private final Pattern uris;
    private final long timeoutMs;
    private final String ownerPrefix;
    private final AtomicLong requests = new AtomicLong();

    /** The locking {@code repository}'s config asks for. */
    public static SessionLocking of(SessionRepository repository) {
        return new SessionLocking(repository);
    }

    private SessionLocking(SessionRepository repository) {
        SessiondbConfig config = repository.config();
        this.repository = repository;
        this.mode = config.getLockingMode();
        this.uris = config.getLockingUriPattern() == null ? null : Pattern.compile(config.getLockingUriPattern());
        this.timeoutMs = config.getLockTimeoutMs();
        this.ownerPrefix = repository.claimer() + "#";
    }

    /** @return whether a request for {@code uri} (decoded, without the query string) takes the lease */
    public boolean appliesTo(String uri) {
        return switch (mode) {
            case SessiondbConfig.LOCKING_ALL -> true;
            case SessiondbConfig.LOCKING_URI_PATTERN -> uri != null && uris.matcher(uri).matches();
            default -> false;
        };
    }

    /**
     * Waits for the lease of session {@code id} and takes it.
     *
     * @return the lease; close it once the request's session is saved
     * @throws SessionLockTimeoutException when another request held it for {@code lockTimeoutMs}
     * @throws SessionStoreException when the database fails
     */
    public Lease acquire(String id) {
        String owner = ownerPrefix + requests.incrementAndGet();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        long pollMs = FIRST_POLL_MS;
        while (!repository.tryLock(id, owner, LEASE_MS)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new SessionLockTimeoutException("session " + LogText.id(id) + " was locked by another request"
                        + " for lockTimeoutMs=" + timeoutMs + " ms", id);
            }
            sleep(pollMs);
            pollMs = Math.min(MAX_POLL_MS, pollMs * 2);
        }
        return new Lease(id, owner);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionLockTimeoutException("interrupted while waiting for a session's lease", null);
        }
    }

    /** A held lease. Closing it twice, or from another thread, is harmless. */
    public final class Lease implements AutoCloseable {

        private final String id;
        private final String owner;
        private volatile boolean closed;

        private Lease(String id, String owner) {
            this.id = id;
            this.owner = owner;
        }

        /** Gives the lease up; if the database fails, it lapses after {@link #LEASE_MS} instead. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                repository.unlock(id, owner);
            } catch (SessionStoreException e) {
                LOG.log(Level.WARNING, "sessiondb - the lease of session {0} could not be given up; it lapses in {1} s: {2}",
                        LogText.id(id), LEASE_MS / 1000, LogText.line(e.getMessage()));
            }
        }
    }
}
