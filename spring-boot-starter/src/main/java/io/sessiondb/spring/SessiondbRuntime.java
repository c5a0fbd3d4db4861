package io.sessiondb.spring;

import io.sessiondb.core.SessionRepository;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The running sessiondb store of the application's embedded server, for the health indicator, the
 * metrics and the application itself (e.g. {@code repository().get().findByPrincipal(user)}). The
 * store starts with the server, after the application context has made this bean.
 */
public final class SessiondbRuntime {

    private volatile Supplier<SessionRepository> repository = () -> null;
    private volatile BooleanSupplier sweeperAlive = () -> false;

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
