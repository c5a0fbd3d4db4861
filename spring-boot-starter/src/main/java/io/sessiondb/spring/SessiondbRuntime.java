package io.sessiondb.spring;

import io.sessiondb.core.SessionRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The running sessiondb store of the application's embedded server, for the health indicator, the
 * metrics and the application itself (e.g. {@code repository().get().findByPrincipal(user)}). The
 * store starts with the server, after the application context has made this bean.
 */
public final class SessiondbRuntime {

    private volatile Supplier<SessionRepository> repository = () -> null;
    private volatile BooleanSupplier sweeperAlive = () -> false;
    /** Guarded by {@code this}: what {@link #whenStarted} registered, and the store started last. */
    private final List<Consumer<SessionRepository>> startListeners = new ArrayList<>();
    private SessionRepository started;

    /** Made by the auto-configuration; the server customizer attaches the store. */
    SessiondbRuntime() {
    }

    /**
     * @param repository   the store's repository, {@code null} while the store is not started
     * @param sweeperAlive whether the container still runs the expiry sweep
     */
    void attach(Supplier<SessionRepository> repository, BooleanSupplier sweeperAlive) {
        this.repository = repository;
        this.sweeperAlive = sweeperAlive;
    }

    /**
     * Called by the server customizer when the container has started the store.
     *
     * @param repository the started store's repository
     */
    synchronized void started(SessionRepository repository) {
        started = repository;
        startListeners.forEach(listener -> listener.accept(repository));
    }

    /**
     * Runs {@code listener} with the store's repository once the container has started it: now if it has,
     * else when it does (the Micrometer binder, which Boot may bind before or after the server starts).
     */
    synchronized void whenStarted(Consumer<SessionRepository> listener) {
        startListeners.add(listener);
        if (started != null) {
            listener.accept(started);
        }
    }

    /** @return the started store's repository, or empty before the server has started it (or after it stopped) */
    public Optional<SessionRepository> repository() {
        return Optional.ofNullable(repository.get());
    }

    /**
     * @return whether the container's background expiry sweep runs (Tomcat: it ran within three of its
     * cycles; Jetty: the session house keeper runs with an interval)
     */
    public boolean isSweeperAlive() {
        return sweeperAlive.getAsBoolean();
    }
}
