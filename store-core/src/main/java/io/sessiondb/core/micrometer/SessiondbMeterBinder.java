package io.sessiondb.core.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sessiondb.core.Latency;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.StoreMetrics;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Binds the metrics of one {@link SessionRepository} ({@link StoreMetrics}) to a Micrometer registry,
 * for applications that embed sessiondb and already use Micrometer:
 *
 * <pre>{@code
 * new SessiondbMeterBinder(repository).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Micrometer is an optional dependency of store-core: this class is the only one that uses it, and
 * nothing loads it unless the application does. Every meter is tagged {@code app} (the repository's
 * app name) and {@code node} (its node name). The meters, all read from the repository's counters when
 * the registry publishes (nothing is added to the request path):
 * <ul>
 *   <li>function counters {@code sessiondb.loads}, {@code sessiondb.load.misses}, {@code sessiondb.saves},
 *   {@code sessiondb.inserts}, {@code sessiondb.updates}, {@code sessiondb.touches},
 *   {@code sessiondb.writes.skipped}, {@code sessiondb.gone.saves}, {@code sessiondb.attributes.written},
 *   {@code sessiondb.bytes.written}, {@code sessiondb.deletes}, {@code sessiondb.expiries.claimed},
 *   {@code sessiondb.revocations.seen}, {@code sessiondb.failures}, {@code sessiondb.unreadable.attributes},
 *   {@code sessiondb.database.errors}, {@code sessiondb.database.retries}, and
 *   {@code sessiondb.deserialization.failures} tagged {@code class}, one per class as it appears;</li>
 *   <li>gauge {@code sessiondb.active.sessions}: sessions the container holds on this node (NaN when
 *   no container reports them);</li>
 *   <li>for {@code load} and {@code save}: time gauges {@code sessiondb.load.latency} tagged
 *   {@code quantile} 0.5, 0.95 and 0.99, and {@code sessiondb.load.latency.max}, over the last minute;
 *   and function timer {@code sessiondb.load} (count and total time since start).</li>
 * </ul>
 * docs/metrics.md gives the meaning and unit of each.
 */
public final class SessiondbMeterBinder implements MeterBinder {

    private final StoreMetrics metrics;
    private final Tags tags;

    /** Binds {@code repository}'s metrics, tagged with its app and node names. */
    public SessiondbMeterBinder(SessionRepository repository) {
        this(repository, Tags.empty());
    }

    /** Binds {@code repository}'s metrics, tagged with its app and node names and {@code extraTags}. */
    public SessiondbMeterBinder(SessionRepository repository, Iterable<Tag> extraTags) {
        this.metrics = repository.metrics();
        this.tags = Tags.of("app", repository.config().getAppName(), "node", repository.config().getNodeName())
                .and(extraTags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "sessiondb.loads", "loads that found a session", StoreMetrics::loads);
        counter(registry, "sessiondb.load.misses", "loads that found no session", StoreMetrics::loadMisses);
        counter(registry, "sessiondb.saves", "saves that had something to write", StoreMetrics::saves);
        counter(registry, "sessiondb.inserts", "new sessions inserted", StoreMetrics::inserts);
        counter(registry, "sessiondb.updates", "saves that wrote attributes or row values", StoreMetrics::updates);
        counter(registry, "sessiondb.touches", "saves that only wrote the access time", StoreMetrics::touches);
        counter(registry, "sessiondb.writes.skipped", "saves that wrote nothing", StoreMetrics::unchangedSaves);
        counter(registry, "sessiondb.gone.saves", "saves of sessions gone from the database", StoreMetrics::goneSaves);
        counter(registry, "sessiondb.attributes.written", "attributes inserted or overwritten",
                StoreMetrics::attributesWritten);
        counter(registry, "sessiondb.bytes.written", "serialized attribute bytes written", StoreMetrics::bytesWritten);
        counter(registry, "sessiondb.deletes", "sessions deleted", StoreMetrics::deletes);
        counter(registry, "sessiondb.expiries.claimed", "expired sessions claimed by this node", StoreMetrics::expiredClaims);
        counter(registry, "sessiondb.revocations.seen", "revoked sessions found when loading", StoreMetrics::revocationsSeen);
        counter(registry, "sessiondb.failures", "operations that failed", StoreMetrics::failures);
        counter(registry, "sessiondb.unreadable.attributes", "attributes left out of loaded sessions",
                StoreMetrics::unreadableAttributes);
        counter(registry, "sessiondb.database.errors", "database calls that failed", StoreMetrics::databaseErrors);
        counter(registry, "sessiondb.database.retries", "operations tried again after a database error",
                StoreMetrics::databaseRetries);
        metrics.onUnreadableClass(className -> FunctionCounter.builder("sessiondb.deserialization.failures", metrics,
                        m -> m.unreadableAttributes(className)).tags(tags).tag("class", className)
                .description("attributes that could not be deserialized, by the class that failed").register(registry));
        Gauge.builder("sessiondb.active.sessions", metrics, SessiondbMeterBinder::activeSessions).tags(tags)
                .description("sessions the container holds in memory on this node").register(registry);
        latency(registry, "sessiondb.load", "loads", StoreMetrics::loadLatency);
        latency(registry, "sessiondb.save", "saves that had something to write", StoreMetrics::saveLatency);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<StoreMetrics> value) {
        FunctionCounter.builder(name, metrics, value).tags(tags).description(description).register(registry);
    }

    private void latency(MeterRegistry registry, String name, String what, Function<StoreMetrics, Latency> latency) {
        timeGauge(registry, name + ".latency", "0.5", "median time of " + what + " over the last minute",
                m -> latency.apply(m).p50Ms());
        timeGauge(registry, name + ".latency", "0.95", "95th percentile of the time of " + what + " over the last minute",
                m -> latency.apply(m).p95Ms());
        timeGauge(registry, name + ".latency", "0.99", "99th percentile of the time of " + what + " over the last minute",
                m -> latency.apply(m).p99Ms());
        TimeGauge.builder(name + ".latency.max", metrics, TimeUnit.MILLISECONDS, m -> latency.apply(m).maxMs()).tags(tags)
                .description("slowest of the " + what + " over the last minute").register(registry);
        FunctionTimer.builder(name, metrics, m -> latency.apply(m).count(), m -> latency.apply(m).totalMs(),
                TimeUnit.MILLISECONDS).tags(tags).description("time of " + what + " since start").register(registry);
    }

    private void timeGauge(MeterRegistry registry, String name, String quantile, String description,
                           ToDoubleFunction<StoreMetrics> millis) {
        TimeGauge.builder(name, metrics, TimeUnit.MILLISECONDS, millis).tags(tags).tag("quantile", quantile)
                .description(description).register(registry);
    }

    private static double activeSessions(StoreMetrics m) {
        long active = m.activeSessions();
        return active == StoreMetrics.NOT_REPORTED ? Double.NaN : active;
    }
}
