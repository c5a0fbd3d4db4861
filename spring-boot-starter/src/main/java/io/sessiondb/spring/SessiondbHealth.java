package io.sessiondb.spring;

import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionStoreException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the health indicator of either Boot line reports: UP when the session database answers and the
 * container's expiry sweep runs, DOWN otherwise, with the reason in the details.
 */
final class SessiondbHealth {

    /** The id looked up to reach the database: one primary-key read of a session that does not exist. */
    private static final String PROBE_ID = "sessiondb-health-probe";

    /** @param up whether the store is healthy; {@code details} says what was checked */
    record Result(boolean up, Map<String, Object> details) {
    }

    private SessiondbHealth() {
    }

    /**
     * Reads one (absent) session. While the database is gone this takes up to the store's
     * {@code failoverTimeoutMs} (it rides through a failover first).
     */
    static Result check(SessiondbRuntime runtime) {
        Map<String, Object> details = new LinkedHashMap<>();
        Optional<SessionRepository> started = runtime.repository();
        if (started.isEmpty()) {
            details.put("store", "not started");
            return new Result(false, details);
        }
        SessionRepository repository = started.get();
        details.put("app", repository.config().getAppName());
        details.put("table", repository.config().getTableName());
        boolean up = true;
        try {
            repository.exists(PROBE_ID);
            details.put("database", "reachable");
        } catch (SessionStoreException e) {
            up = false;
            details.put("database", e.isDatabaseUnreachable() ? "unreachable" : "failing");
            details.put("error", e.getMessage());
        }
        boolean sweeping = runtime.isSweeperAlive();
        details.put("sweeper", sweeping ? "alive" : "stopped");
        return new Result(up && sweeping, details);
    }
}
