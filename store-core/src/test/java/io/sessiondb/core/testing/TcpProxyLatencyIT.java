package io.sessiondb.core.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The proxy's latency knob slows every statement through it by about two delays, and 0 removes it. */
class TcpProxyLatencyIT {

    private static final long LATENCY_MS = 150;

    @Test
    void latencySlowsEachRoundTripAndZeroRestoresSpeed() throws Exception {
        TestDatabase.postgres().close();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5432);
             Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?user=root")) {
            long fast = selectOneMs(c);
            proxy.setLatencyMs(LATENCY_MS);
            long slow = selectOneMs(c);
            assertTrue(slow >= 2 * LATENCY_MS, "a round trip waits once each way: " + slow + " ms");
            proxy.setLatencyMs(0);
            long again = selectOneMs(c);
            assertTrue(again < LATENCY_MS, "full speed again on the same connection: " + again + " ms (first " + fast + " ms)");
            assertThrows(IllegalArgumentException.class, () -> proxy.setLatencyMs(-1));
        }
    }

    private static long selectOneMs(Connection c) throws Exception {
        long start = System.nanoTime();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
