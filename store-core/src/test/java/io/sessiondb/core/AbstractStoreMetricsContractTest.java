package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SaveResult.Outcome;
import io.sessiondb.core.internal.ClassCounts;
import io.sessiondb.core.testing.TestDatabase;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The per-node metrics of {@link SessionRepository} ({@link StoreMetrics} and its JMX bean), run
 * against a real database by one subclass per dialect: counters and latency percentiles move as loads
 * and saves happen, deserialization failures are counted by class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractStoreMetricsContractTest {

    private static final long HOUR_MS = 3_600_000;

    /** A value a strict serial filter rejects. */
    public static final class Rejected implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    protected String table;
    protected String app;
    protected SessionRepository repo;

    /** @return a config for this dialect's test database with the given table and app */
    protected abstract SessiondbConfig config(String table, String app);

    /** @return a plain connection to this dialect's test database */
    protected abstract Connection connect() throws SQLException;

    /** Drops the tables of {@code table}. */
    protected abstract void dropTables(String table);

    @BeforeAll
    void createTable() {
        table = TestDatabase.uniqueTable("nm_" + getClass().getSimpleName());
    }

    @AfterAll
    void dropTable() {
        dropTables(table);
    }

    @BeforeEach
    void startRepository(TestInfo info) {
        app = info.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID().toString().substring(0, 6);
        repo = SessionRepository.start(config(table, app));
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    private static SessionSnapshot snapshot(String id, long accessMs, Map<String, Object> attributes) {
        return new SessionSnapshot(id, accessMs - 1000, accessMs, HOUR_MS, null, Map.of(), attributes);
    }

    protected ObjectName jmxName() throws Exception {
        Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(
                new ObjectName("io.sessiondb:type=SessionRepository,app=" + ObjectName.quote(app) + ",*"), null);
        assertEquals(1, names.size(), names.toString());
        return names.iterator().next();
    }

    @Test
    void countersAndLatencyPercentilesMoveAsLoadsAndSavesHappen() throws Exception {
        StoreMetrics m = repo.metrics();
        assertEquals(0, m.loadLatency().windowCount());
        assertEquals(0, m.saveLatency().windowCount());
        long now = System.currentTimeMillis();
        int sessions = 20;
        long bytes = 0;
        for (int i = 0; i < sessions; i++) {
            SaveResult inserted = repo.save(snapshot("s" + i, now, Map.of("cart", "item-" + i, "n", i)), null);
            bytes += inserted.bytesWritten();
            LoadedSession loaded = repo.load("s" + i, null).orElseThrow();
            Map<String, Object> changed = new HashMap<>(loaded.session().attributes());
            changed.put("n", i + 1000);
            SessionSnapshot next = new SessionSnapshot("s" + i, now - 1000, now + 1, HOUR_MS, null, Map.of(), changed);
            SaveResult updated = repo.save(next, loaded.baseline());
            assertEquals(Outcome.UPDATED, updated.outcome());
            bytes += updated.bytesWritten();
            assertEquals(Outcome.UNCHANGED, repo.save(next, updated.baseline()).outcome());
        }
        assertTrue(repo.load("none", null).isEmpty());

        assertEquals(sessions, m.loads());
        assertEquals(1, m.loadMisses());
        assertEquals(2L * sessions, m.saves(), "inserts and updates; the unchanged saves wrote nothing");
        assertEquals(sessions, m.inserts());
        assertEquals(sessions, m.updates());
        assertEquals(sessions, m.unchangedSaves());
        assertEquals(3L * sessions, m.attributesWritten());
        assertEquals(bytes, m.bytesWritten());
        assertEquals(0, m.databaseErrors());

        Latency loads = m.loadLatency();
        assertEquals(sessions + 1, loads.windowCount(), "every load, the miss too");
        assertEquals(sessions + 1, loads.count());
        assertPlausible(loads);
        Latency saves = m.saveLatency();
        assertEquals(2L * sessions, saves.windowCount());
        assertPlausible(saves);

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = jmxName();
        assertEquals(2L * sessions, server.getAttribute(name, "Saves"));
        assertEquals((long) sessions, server.getAttribute(name, "UnchangedSaves"));
        double p50 = (Double) server.getAttribute(name, "SaveLatencyP50Ms");
        double p99 = (Double) server.getAttribute(name, "SaveLatencyP99Ms");
        double max = (Double) server.getAttribute(name, "SaveLatencyMaxMs");
        assertTrue(p50 > 0 && p50 <= p99 && p99 <= max, p50 + " " + p99 + " " + max);
        assertTrue((Double) server.getAttribute(name, "LoadLatencyP95Ms") > 0);
    }

    private static void assertPlausible(Latency latency) {
        assertTrue(latency.p50Ms() > 0, "a database call takes some time: " + latency);
        assertTrue(latency.p50Ms() <= latency.p95Ms() && latency.p95Ms() <= latency.p99Ms()
                && latency.p99Ms() <= latency.maxMs(), latency.toString());
        assertTrue(latency.maxMs() < 60_000, latency.toString());
        assertTrue(latency.totalMs() >= latency.maxMs(), latency.toString());
    }

    @Test
    void deserializationFailuresAreCountedByClass() throws Exception {
        long now = System.currentTimeMillis();
        repo.save(snapshot("a", now, Map.of("ok", 1, "gadget", new Rejected())), null);
        repo.save(snapshot("b", now, Map.of("ok", 2, "broken", "soon corrupt")), null);
        byte[] corrupt = {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, 1, 2, 3};
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + table + "_attributes SET value = ? WHERE app = ? AND name = 'broken'")) {
            ps.setBytes(1, corrupt);
            ps.setString(2, app);
            assertEquals(1, ps.executeUpdate());
        }
        SessiondbConfig strict = config(table, app);
        strict.setSerialFilter(SessiondbConfig.DEFAULT_SERIAL_FILTER + ";!" + Rejected.class.getName());
        repo.close();
        repo = SessionRepository.start(strict);
        assertEquals(Set.of("gadget"), repo.load("a", null).orElseThrow().unreadable());
        assertEquals(Set.of("gadget"), repo.load("a", null).orElseThrow().unreadable());
        assertEquals(Set.of("broken"), repo.load("b", null).orElseThrow().unreadable());

        StoreMetrics m = repo.metrics();
        assertEquals(Map.of(Rejected.class.getName(), 2L, ClassCounts.UNKNOWN, 1L), m.unreadableAttributesByClass());
        assertEquals(3, m.unreadableAttributes());

        TabularData byClass = (TabularData) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(jmxName(), "DeserializationFailuresByClass");
        Map<Object, Object> rows = new HashMap<>();
        for (Object row : byClass.values()) {
            rows.put(((CompositeData) row).get("key"), ((CompositeData) row).get("value"));
        }
        assertEquals(Map.of(Rejected.class.getName(), 2L, ClassCounts.UNKNOWN, 1L), rows);
    }

    @Test
    void sessionCountOverJmxIsOneQueryReusedForThirtySeconds() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long now = System.currentTimeMillis();
        repo.save(snapshot("first", now, Map.of("k", 1)), null);
        assertEquals(1L, server.getAttribute(jmxName(), "SessionCount"));
        repo.save(snapshot("second", now, Map.of("k", 2)), null);
        assertEquals(1L, server.getAttribute(jmxName(), "SessionCount"), "a scrape soon after reuses the count");
        assertEquals(2, repo.count());
    }

    @Test
    void activeSessionsAndRevocationsAreWhatTheContainerReports() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertEquals(StoreMetrics.NOT_REPORTED, server.getAttribute(jmxName(), "ActiveSessions"));
        repo.metrics().reportActiveSessions(() -> 7);
        repo.metrics().revocationSeen();
        assertEquals(7L, server.getAttribute(jmxName(), "ActiveSessions"));
        assertEquals(1L, server.getAttribute(jmxName(), "RevocationsSeen"));
    }
}
