package io.sessiondb.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sessiondb.core.StoreMetrics;
import java.util.function.ToLongFunction;

/**
 * The store's {@link StoreMetrics} counters as Micrometer function counters named {@code sessiondb.*}
 * (0 until the server has started the store). Registered when Micrometer is present; declare a bean of
 * this type (or a {@link MeterBinder} of your own and {@code sessiondb} metrics filters) to replace it.
 */
public class SessiondbMeterBinder implements MeterBinder {

    private final SessiondbRuntime runtime;

    /** @param runtime the running store */
    public SessiondbMeterBinder(SessiondbRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "sessiondb.loads", "sessions read", StoreMetrics::loads);
        counter(registry, "sessiondb.load.misses", "session reads that found no session", StoreMetrics::loadMisses);
        counter(registry, "sessiondb.inserts", "new sessions written", StoreMetrics::inserts);
        counter(registry, "sessiondb.updates", "changed sessions written", StoreMetrics::updates);
        counter(registry, "sessiondb.touches", "access times written alone", StoreMetrics::touches);
        counter(registry, "sessiondb.unchanged.saves", "saves that wrote nothing", StoreMetrics::unchangedSaves);
        counter(registry, "sessiondb.gone.saves", "saves of sessions gone from the database", StoreMetrics::goneSaves);
        counter(registry, "sessiondb.attributes.written", "attribute rows written", StoreMetrics::attributesWritten);
        counter(registry, "sessiondb.bytes.written", "serialized attribute bytes written", StoreMetrics::bytesWritten);
        counter(registry, "sessiondb.deletes", "sessions deleted", StoreMetrics::deletes);
        counter(registry, "sessiondb.expired.claims", "expired sessions this node claimed", StoreMetrics::expiredClaims);
        counter(registry, "sessiondb.failures", "operations that failed on the database", StoreMetrics::failures);
        counter(registry, "sessiondb.unreadable.attributes", "attributes left out of a load", StoreMetrics::unreadableAttributes);
    }

    private void counter(MeterRegistry registry, String name, String description, ToLongFunction<StoreMetrics> value) {
        FunctionCounter.builder(name, runtime, r -> r.repository().map(repo -> (double) value.applyAsLong(repo.metrics())).orElse(0.0))
                .description(description)
                .register(registry);
    }
}
