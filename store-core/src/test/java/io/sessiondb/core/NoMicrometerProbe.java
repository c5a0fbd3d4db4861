package io.sessiondb.core;

import io.sessiondb.core.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Runs a repository through a save, a load and a read of every metric, JMX attribute included; loaded
 * by {@link StoreRunsWithoutMicrometerIT} in a class loader without Micrometer.
 */
public final class NoMicrometerProbe implements Runnable {

    @Override
    public void run() {
        // DriverManager hands a caller only drivers of its own class loader: register this loader's copy.
        if (!org.postgresql.Driver.isRegistered()) {
            throw new AssertionError("the PostgreSQL driver registers itself when its class is initialized");
        }
        String app = "no-micrometer-" + UUID.randomUUID().toString().substring(0, 6);
        try (SessionRepository repo = SessionRepository.start(TestDatabase.postgresConfig(StoreRunsWithoutMicrometerIT.TABLE, app))) {
            long now = System.currentTimeMillis();
            repo.save(new SessionSnapshot("p", now, now, 60_000, null, Map.of(), Map.of("k", 1)), null);
            repo.load("p", null).orElseThrow();
            repo.metrics().toString();
            repo.metrics().loadLatency();
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = server.queryNames(
                    new ObjectName("io.sessiondb:type=SessionRepository,app=" + ObjectName.quote(app) + ",*"), null);
            if (names.size() != 1) {
                throw new AssertionError("the repository's MBean is registered: " + names);
            }
            ObjectName name = names.iterator().next();
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                server.getAttribute(name, attribute.getName());
            }
        } catch (javax.management.JMException e) {
            throw new AssertionError(e);
        }
    }
}
