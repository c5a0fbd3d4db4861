package io.sessiondb.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.admin.SessionAdmin;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** While the database does not answer, pages and /metrics answer 503 (Prometheus: up == 0) and show no details. */
class DatabaseDownConsoleIT {

    @Test
    void pagesAndMetricsAnswer503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/gone?password=db-secret");
        config.setTableName("cliserve_down");
        config.setCreateSchema(false);
        config.setConnectionTimeoutMs(500);
        config.setFailoverTimeoutMs(0);
        try (SessionAdmin admin = SessionAdmin.start(config);
             ConsoleServer console = ConsoleServer.start(admin, "127.0.0.1", 0, "pw", 10)) {
            ConsoleClient http = new ConsoleClient(console.port(), "pw");
            for (String path : new String[] {"/", "/sessions?principal=alice", "/metrics"}) {
                HttpResponse<String> response = http.get(path);
                assertEquals(503, response.statusCode(), path);
                assertTrue(response.body().contains("The session database did not answer"), response.body());
                assertFalse(response.body().contains(String.valueOf(closedPort)), "no connection details: " + response.body());
                assertFalse(response.body().contains("db-secret"), response.body());
            }
        }
    }
}
