package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** The per-node metrics on PostgreSQL, plus database errors and retries against a server that is not there. */
class PostgresStoreMetricsIT extends AbstractStoreMetricsContractTest {

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.postgresConfig(table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.postgres();
    }

    @Override
    protected void dropTables(String table) {
        TestDatabase.dropTables(table);
    }

    @Test
    void databaseErrorsAndRetriesAreCountedAndTheFailedLoadIsTimed() throws IOException {
        // At start the schema check rides the failover timeout out (errors, retries); the outage is then
        // known, so the load makes one attempt (one error, no retry).
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SessiondbConfig config = config(table, app + "-down");
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/test?user=root");
        config.setConnectionTimeoutMs(250);
        config.setFailoverTimeoutMs(1000);
        try (SessionRepository down = SessionRepository.start(config)) {
            StoreMetrics m = down.metrics();
            long retries = m.databaseRetries();
            assertTrue(retries >= 2, "the start retried for a second: " + m);
            assertEquals(retries + 1, m.databaseErrors(), "every attempt failed, the last one was not retried: " + m);
            assertEquals(1, m.failures(), m.toString());

            SessionStoreException e = assertThrows(SessionStoreException.class, () -> down.load("x", null));
            assertTrue(e.isDatabaseUnreachable(), e.getMessage());
            assertEquals(retries + 2, m.databaseErrors(), m.toString());
            assertEquals(retries, m.databaseRetries(), "no retry while the outage is known: " + m);
            assertEquals(2, m.failures(), m.toString());
            // Timed, however long it took: the pool holds no connection after the failed start, so the load
            // tries one of its own (PoolBypass), which the closed port refuses at once.
            assertEquals(1, m.loadLatency().count(), "a failed load is timed too");
        }
    }
}
