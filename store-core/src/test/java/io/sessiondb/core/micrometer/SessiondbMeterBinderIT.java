package io.sessiondb.core.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sessiondb.core.AbstractStoreMetricsContractTest.Rejected;
import io.sessiondb.core.LoadedSession;
import io.sessiondb.core.SessionRepository;
import io.sessiondb.core.SessionSnapshot;
import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.TestDatabase;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Micrometer binder on a real PostgreSQL repository, read through a {@link SimpleMeterRegistry}. */
class SessiondbMeterBinderIT {

    private static final String TABLE = TestDatabase.uniqueTable("nm_binder");

    @AfterAll
    static void dropTable() {
        TestDatabase.dropTables(TABLE);
    }

    @Test
    void metersFollowTheRepositoryCountersAndLatency() {
        String app = "binder-" + UUID.randomUUID().toString().substring(0, 6);
        SessiondbConfig config = TestDatabase.postgresConfig(TABLE, app);
        config.setNodeName("node-a");
        config.setSerialFilter(SessiondbConfig.DEFAULT_SERIAL_FILTER + ";!" + Rejected.class.getName());
        try (SessionRepository repo = SessionRepository.start(config)) {
            MeterRegistry registry = new SimpleMeterRegistry();
            new SessiondbMeterBinder(repo, Tags.of("env", "test")).bindTo(registry);
            Tags tags = Tags.of("app", app, "node", "node-a", "env", "test");
            assertEquals(0, registry.get("sessiondb.loads").tags(tags).functionCounter().count());
            assertTrue(Double.isNaN(registry.get("sessiondb.active.sessions").tags(tags).gauge().value()),
                    "no container reports its sessions");
            assertNull(registry.find("sessiondb.deserialization.failures").meter(), "no class failed yet");

            long now = System.currentTimeMillis();
            for (int i = 0; i < 10; i++) {
                repo.save(new SessionSnapshot("s" + i, now, now, 3_600_000, null, Map.of(), Map.of("n", i)), null);
                LoadedSession loaded = repo.load("s" + i, null).orElseThrow();
                repo.save(loaded.session(), loaded.baseline());
            }
            repo.save(new SessionSnapshot("bad", now, now, 3_600_000, null, Map.of(), Map.of("gadget", new Rejected())), null);
            repo.load("bad", null).orElseThrow();
            repo.metrics().reportActiveSessions(() -> 4);

            assertEquals(11, registry.get("sessiondb.loads").tags(tags).functionCounter().count());
            assertEquals(11, registry.get("sessiondb.saves").tags(tags).functionCounter().count());
            assertEquals(10, registry.get("sessiondb.writes.skipped").tags(tags).functionCounter().count());
            assertEquals(repo.metrics().bytesWritten(), registry.get("sessiondb.bytes.written").tags(tags).functionCounter().count());
            assertEquals(1, registry.get("sessiondb.deserialization.failures").tags(tags)
                    .tag("class", Rejected.class.getName()).functionCounter().count());
            assertEquals(4, registry.get("sessiondb.active.sessions").tags(tags).gauge().value());

            double p50 = registry.get("sessiondb.load.latency").tags(tags).tag("quantile", "0.5").timeGauge()
                    .value(TimeUnit.MILLISECONDS);
            double p99 = registry.get("sessiondb.load.latency").tags(tags).tag("quantile", "0.99").timeGauge()
                    .value(TimeUnit.MILLISECONDS);
            double max = registry.get("sessiondb.load.latency.max").tags(tags).timeGauge().value(TimeUnit.MILLISECONDS);
            assertTrue(p50 > 0 && p50 <= p99 && p99 <= max, p50 + " " + p99 + " " + max);
            assertEquals(repo.metrics().loadLatency().p99Ms(), p99, 1e-9);
            assertTrue(registry.get("sessiondb.save.latency").tags(tags).tag("quantile", "0.95").timeGauge()
                    .value(TimeUnit.MILLISECONDS) > 0);
            FunctionTimer saves = registry.get("sessiondb.save").tags(tags).functionTimer();
            assertEquals(11, saves.count());
            assertTrue(saves.totalTime(TimeUnit.MILLISECONDS) > 0);
        }
    }
}
