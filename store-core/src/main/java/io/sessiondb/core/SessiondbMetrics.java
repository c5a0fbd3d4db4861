package io.sessiondb.core;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/** The JMX view of one repository; registered at start, unregistered at close. */
final class SessiondbMetrics implements SessiondbMetricsMBean {

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    /** How long a session count is reused: a metrics scraper reads every attribute at every scrape. */
    static final long SESSION_COUNT_REUSE_MS = 30_000;
    /** How long a latency snapshot is reused: the four attributes of one scrape come from one snapshot. */
    static final long LATENCY_REUSE_MS = 1_000;

    private final StoreMetrics metrics;
    private final Reused<Long> sessionCount;
    private final Reused<Latency> loadLatency;
    private final Reused<Latency> saveLatency;
    private ObjectName name;

    SessiondbMetrics(SessionRepository repository) {
        this.metrics = repository.metrics();
        this.sessionCount = new Reused<>(repository::count, SESSION_COUNT_REUSE_MS);
        this.loadLatency = new Reused<>(metrics::loadLatency, LATENCY_REUSE_MS);
        this.saveLatency = new Reused<>(metrics::saveLatency, LATENCY_REUSE_MS);
    }

    /** A value read from its source at most once per {@code reuseMs}; concurrent reads may both read it, which is harmless. */
    private static final class Reused<T> {
        private record Read<T>(T value, long atMs) {
        }

        private final Supplier<T> source;
        private final long reuseMs;
        private volatile Read<T> last;

        Reused(Supplier<T> source, long reuseMs) {
            this.source = source;
            this.reuseMs = reuseMs;
        }

        T get() {
            long now = System.currentTimeMillis();
            Read<T> read = last;
            if (read == null || now - read.atMs() >= reuseMs) {
                read = new Read<>(source.get(), now);
                last = read;
            }
            return read.value();
        }
    }

    void register(String app, String instance) {
        try {
            // Keys in this order: the JMX exporter's rules (docs/metrics/jmx-exporter.yaml) match the name as written.
            ObjectName candidate = new ObjectName("io.sessiondb:type=SessionRepository,app=" + ObjectName.quote(app)
                    + ",name=" + ObjectName.quote(instance));
            // As an MXBean (open types: the map by class becomes TabularData), which its name alone would not make it.
            ManagementFactory.getPlatformMBeanServer().registerMBean(
                    new StandardMBean(this, SessiondbMetricsMBean.class, true), candidate);
            name = candidate;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "sessiondb[{0}] - metrics are not registered with JMX: {1}", LogText.of(app), LogText.of(e.toString()));
        }
    }

    void unregister() {
        if (name == null) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            LOG.log(Level.DEBUG, "JMX unregister of {0} failed: {1}", LogText.of(name.toString()), LogText.of(e.toString()));
        }
        name = null;
    }

    @Override
    public long getLoads() {
        return metrics.loads();
    }

    @Override
    public long getLoadMisses() {
        return metrics.loadMisses();
    }

    @Override
    public long getInserts() {
        return metrics.inserts();
    }

    @Override
    public long getUpdates() {
        return metrics.updates();
    }

    @Override
    public long getTouches() {
        return metrics.touches();
    }

    @Override
    public long getUnchangedSaves() {
        return metrics.unchangedSaves();
    }

    @Override
    public long getGoneSaves() {
        return metrics.goneSaves();
    }

    @Override
    public long getAttributesWritten() {
        return metrics.attributesWritten();
    }

    @Override
    public long getBytesWritten() {
        return metrics.bytesWritten();
    }

    @Override
    public long getDeletes() {
        return metrics.deletes();
    }

    @Override
    public long getExpiredClaims() {
        return metrics.expiredClaims();
    }

    @Override
    public long getFailures() {
        return metrics.failures();
    }

    @Override
    public long getUnreadableAttributes() {
        return metrics.unreadableAttributes();
    }

    @Override
    public long getQuarantinedAttributes() {
        return metrics.quarantinedAttributes();
    }

    @Override
    public Map<String, Long> getDeserializationFailuresByClass() {
        return metrics.unreadableAttributesByClass();
    }

    @Override
    public long getSaves() {
        return metrics.saves();
    }

    @Override
    public long getRevocationsSeen() {
        return metrics.revocationsSeen();
    }

    @Override
    public long getDatabaseErrors() {
        return metrics.databaseErrors();
    }

    @Override
    public long getDatabaseRetries() {
        return metrics.databaseRetries();
    }

    @Override
    public long getActiveSessions() {
        return metrics.activeSessions();
    }

    @Override
    public double getLoadLatencyP50Ms() {
        return loadLatency.get().p50Ms();
    }

    @Override
    public double getLoadLatencyP95Ms() {
        return loadLatency.get().p95Ms();
    }

    @Override
    public double getLoadLatencyP99Ms() {
        return loadLatency.get().p99Ms();
    }

    @Override
    public double getLoadLatencyMaxMs() {
        return loadLatency.get().maxMs();
    }

    @Override
    public double getSaveLatencyP50Ms() {
        return saveLatency.get().p50Ms();
    }

    @Override
    public double getSaveLatencyP95Ms() {
        return saveLatency.get().p95Ms();
    }

    @Override
    public double getSaveLatencyP99Ms() {
        return saveLatency.get().p99Ms();
    }

    @Override
    public double getSaveLatencyMaxMs() {
        return saveLatency.get().maxMs();
    }

    @Override
    public long getSessionCount() {
        return sessionCount.get();
    }
}
