package io.sessiondb.cli.console;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.sessiondb.core.admin.SessionStatistics;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Cluster-wide metrics read from the session table, for {@code /metrics}: one gauge family per
 * figure, every point labelled by {@code app}. The statistics come from a {@link StatisticsCache}, so a
 * scrape queries the database at most once per cache period.
 *
 * <ul>
 *   <li>{@code sessiondb_sessions}: stored sessions (active, expired not yet swept, revoked not yet swept)</li>
 *   <li>{@code sessiondb_sessions_active}: sessions neither expired nor revoked</li>
 *   <li>{@code sessiondb_principals_active}: distinct principals of the active sessions</li>
 *   <li>{@code sessiondb_sessions_active_by_client_type}: active sessions, label {@code client_type}</li>
 *   <li>{@code sessiondb_sessions_active_by_node}: active sessions by last writer, label {@code node}</li>
 *   <li>{@code sessiondb_sessions_expired_pending}: expired or revoked, not yet swept</li>
 *   <li>{@code sessiondb_history_rows}: rows in the history table</li>
 * </ul>
 */
final class ClusterMetrics implements MultiCollector {

    private final Supplier<Map<String, SessionStatistics>> statistics;

    /** @param statistics the statistics by app */
    ClusterMetrics(Supplier<Map<String, SessionStatistics>> statistics) {
        this.statistics = statistics;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, SessionStatistics> byApp = new TreeMap<>(statistics.get());
        return new MetricSnapshots(
                gauge(byApp, "sessiondb_sessions",
                        "Stored sessions: active, expired and revoked ones not yet swept", SessionStatistics::sessions),
                gauge(byApp, "sessiondb_sessions_active",
                        "Sessions neither expired nor revoked", SessionStatistics::active),
                gauge(byApp, "sessiondb_principals_active",
                        "Distinct principals of the active sessions", SessionStatistics::principals),
                breakdown(byApp, "sessiondb_sessions_active_by_client_type",
                        "Active sessions by client type", "client_type", SessionStatistics::byClientType),
                breakdown(byApp, "sessiondb_sessions_active_by_node",
                        "Active sessions by the node that wrote them last", "node", SessionStatistics::byNode),
                gauge(byApp, "sessiondb_sessions_expired_pending",
                        "Sessions expired or revoked and not yet swept (grows when no sweeper runs)",
                        SessionStatistics::expiredPending),
                gauge(byApp, "sessiondb_history_rows",
                        "Rows in the history of ended sessions", SessionStatistics::historyRows));
    }

    private static GaugeSnapshot gauge(Map<String, SessionStatistics> byApp, String name, String help,
                                       Function<SessionStatistics, Long> value) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        byApp.forEach((app, stats) -> gauge.dataPoint(GaugeDataPointSnapshot.builder()
                .labels(Labels.of("app", app)).value(value.apply(stats)).build()));
        return gauge.build();
    }

    private static GaugeSnapshot breakdown(Map<String, SessionStatistics> byApp, String name, String help,
                                           String label, Function<SessionStatistics, Map<String, Long>> counts) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        byApp.forEach((app, stats) -> sorted(counts.apply(stats)).forEach((key, count) ->
                gauge.dataPoint(GaugeDataPointSnapshot.builder()
                        .labels(Labels.of("app", app, label, key)).value(count).build())));
        return gauge.build();
    }

    /** Sorted by key, so series come out in a stable order; a null key (not captured) is "unknown". */
    private static Map<String, Long> sorted(Map<String, Long> counts) {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((key, count) -> sorted.merge(key == null ? "unknown" : key, count, Long::sum));
        return sorted;
    }
}
