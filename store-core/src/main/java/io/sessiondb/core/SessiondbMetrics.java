package io.sessiondb.core;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The JMX view of one repository; registered at start, unregistered at close. */
final class SessiondbMetrics implements SessiondbMetricsMBean {

    private static final System.Logger LOG = System.getLogger("io.sessiondb");

    private final SessionRepository repository;
    private final StoreMetrics metrics;
    private ObjectName name;

    SessiondbMetrics(SessionRepository repository) {
        this.repository = repository;
        this.metrics = repository.metrics();
    }

    void register(String app, String instance) {
        try {
            ObjectName candidate = new ObjectName("io.sessiondb", new java.util.Hashtable<>(java.util.Map.of(
                    "type", "SessionRepository", "app", ObjectName.quote(app), "name", ObjectName.quote(instance))));
            ManagementFactory.getPlatformMBeanServer().registerMBean(this, candidate);
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
    public long getSessionCount() {
        return repository.count();
    }
}
