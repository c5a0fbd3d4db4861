package io.sessiondb.core;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/** The JMX view of one repository; registered at start, unregistered at close. */
final class SessiondbMetrics implements SessiondbMetricsMBean {

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    /** How long a session count is reused: a metrics scraper reads every attribute at every scrape. */
    static final long SESSION_COUNT_REUSE_MS = 30_000;

    private record Count(long sessions, long countedAtMs) {
    }

    private final SessionRepository repository;
    private final StoreMetrics metrics;
    private volatile Count lastCount;
    private ObjectName name;

    SessiondbMetrics(SessionRepository repository) {
        this.repository = repository;
        this.metrics = repository.metrics();
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
        return metrics.loadLatency().p50Ms();
    }

    @Override
    public double getLoadLatencyP95Ms() {
        return metrics.loadLatency().p95Ms();
    }

    @Override
    public double getLoadLatencyP99Ms() {
        return metrics.loadLatency().p99Ms();
    }

    @Override
    public double getLoadLatencyMaxMs() {
        return metrics.loadLatency().maxMs();
    }

    @Override
    public double getSaveLatencyP50Ms() {
        return metrics.saveLatency().p50Ms();
    }

    @Override
    public double getSaveLatencyP95Ms() {
        return metrics.saveLatency().p95Ms();
    }

    @Override
    public double getSaveLatencyP99Ms() {
        return metrics.saveLatency().p99Ms();
    }

    @Override
    public double getSaveLatencyMaxMs() {
        return metrics.saveLatency().maxMs();
    }

    @Override
    public long getSessionCount() {
        long now = System.currentTimeMillis();
        Count last = lastCount;
        if (last == null || now - last.countedAtMs() >= SESSION_COUNT_REUSE_MS) {
            last = new Count(repository.count(), now);
            lastCount = last;
        }
        return last.sessions();
    }
}
