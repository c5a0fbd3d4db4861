package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.testing.LogCapture;
import io.sessiondb.core.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The password and the idSecret never reach a log record, at any level, from any logger (store-core,
 * HikariCP through slf4j-jdk14, the PostgreSQL driver): while a repository starts with the password in
 * its URL, saves, sweeps, and while another one fails to connect with the same password. The password
 * taken out of the URL still reaches the driver (MariaDB refuses a wrong one).
 */
class SecretsNotLoggedIT {

    private static final String PASSWORD = "S3cretPw" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String ID_SECRET = "IdS3cret" + UUID.randomUUID().toString().replace("-", "");

    @Test
    void noLogRecordHoldsThePasswordOrTheIdSecret() throws Exception {
        String table = TestDatabase.uniqueTable("secrets");
        List<String> leaks = new ArrayList<>();
        int recordCount;
        boolean sawFinest;
        try (LogCapture logs = LogCapture.everything()) {
            SessiondbConfig config = config("jdbc:postgresql://127.0.0.1:5432/test?user=root&password=" + PASSWORD, table);
            try (SessionRepository repository = SessionRepository.start(config)) {
                long longAgo = System.currentTimeMillis() - 3_600_000;
                String id = UUID.randomUUID().toString();
                repository.save(new SessionSnapshot(id, longAgo, longAgo, 60_000, "ada", Map.of(), Map.of("k", 1)), null);
                assertEquals(List.of(id), repository.claimExpired(10), "the sweep claims the expired session");
                assertTrue(repository.delete(id));
            }

            SessiondbConfig unreachable = config("jdbc:postgresql://127.0.0.1:" + closedPort()
                    + "/test?user=root&password=" + PASSWORD, table);
            unreachable.setConnectionTimeoutMs(500);
            try (SessionRepository repository = SessionRepository.start(unreachable)) {
                SessionStoreException down = assertThrows(SessionStoreException.class, () -> repository.load("abc", null));
                assertTrue(down.isDatabaseUnreachable(), down.toString());
                check("the exception thrown", stackTrace(down), leaks);
            }

            for (LogRecord record : logs.records()) {
                check(record.getLevel() + " " + record.getLoggerName(), LogCapture.fullText(record), leaks);
            }
            recordCount = logs.records().size();
            sawFinest = logs.records().stream().anyMatch(r -> r.getLevel().intValue() <= Level.FINE.intValue()
                    && r.getLoggerName().startsWith("com.zaxxer.hikari"));
        } finally {
            TestDatabase.dropTables(table);
        }
        assertTrue(sawFinest, "HikariCP's DEBUG records are captured (slf4j-jdk14 on the test class path)");
        assertTrue(recordCount > 10, "log records were captured: " + recordCount);
        assertEquals(List.of(), leaks, "log records holding a secret");
    }

    @Test
    void aPasswordTakenOutOfTheUrlStillReachesTheDriver() {
        // The test MariaDB's root has an empty password, so a wrong one is refused: the driver got it.
        String table = TestDatabase.uniqueTable("urlpw");
        List<String> leaks = new ArrayList<>();
        try (LogCapture logs = LogCapture.everything()) {
            SessiondbConfig wrong = config(TestDatabase.MARIADB_URL + "&password=" + PASSWORD, table);
            wrong.setConnectionTimeoutMs(1_000);
            try (SessionRepository repository = SessionRepository.start(wrong)) {
                SessionStoreException refused = assertThrows(SessionStoreException.class, () -> repository.load("abc", null));
                assertTrue(stackTrace(refused).contains("Access denied"), stackTrace(refused));
                check("the exception thrown", stackTrace(refused), leaks);
            }
            SessiondbConfig right = config(TestDatabase.MARIADB_URL + "&password=", table);
            try (SessionRepository repository = SessionRepository.start(right)) {
                assertEquals(0, repository.count());
            }
            for (LogRecord record : logs.records()) {
                check(record.getLevel() + " " + record.getLoggerName(), LogCapture.fullText(record), leaks);
            }
        } finally {
            TestDatabase.dropMariadbTables(table);
        }
        assertEquals(List.of(), leaks, "log records holding a secret");
    }

    private static SessiondbConfig config(String url, String table) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(url);
        config.setTableName(table);
        config.setAppName("secrets-" + UUID.randomUUID());
        config.setMaxPoolSize(2);
        config.setIdSecret(ID_SECRET);
        return config;
    }

    private static void check(String where, String text, List<String> leaks) {
        if (text.contains(PASSWORD) || text.contains(ID_SECRET)) {
            leaks.add(where + ": " + text.lines().limit(3).toList());
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
