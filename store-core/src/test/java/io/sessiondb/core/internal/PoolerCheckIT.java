package io.sessiondb.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.testing.LogCapture;
import io.sessiondb.core.testing.TestDatabase;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** Server-side prepared statements: kept on a direct connection, off through PgBouncer unless the URL says. */
class PoolerCheckIT {

    @BeforeAll
    static void pgbouncerAnswers() {
        TestDatabase.requirePgbouncer();
    }

    private static int thresholdOfPooledConnections(String url) {
        SessiondbConfig config = TestDatabase.postgresConfig("unused", "pooler-check");
        config.setJdbcUrl(url);
        try (Database database = new Database(config, "sessiondb[pooler-check]")) {
            int first = database.run("probe", null, c -> c.unwrap(PGConnection.class).getPrepareThreshold());
            int again = database.run("probe", null, c -> c.unwrap(PGConnection.class).getPrepareThreshold());
            assertEquals(first, again, "every pooled connection is the same");
            return first;
        }
    }

    private static List<String> messages(LogCapture logs, Level level) {
        return logs.records().stream().filter(r -> r.getLevel() == level && r.getLoggerName().equals("io.sessiondb"))
                .map(LogRecord::getMessage).toList();
    }

    @Test
    void directConnectionKeepsServerSidePrepares() {
        try (LogCapture logs = LogCapture.everything()) {
            assertEquals(5, thresholdOfPooledConnections(TestDatabase.PG_URL), "pgjdbc's default");
            assertTrue(messages(logs, Level.INFO).stream().noneMatch(m -> m.contains("pooler")), logs.toString());
        }
    }

    @Test
    void throughPgbouncerServerSidePreparesAreOffAndSaidSoOnce() {
        try (LogCapture logs = LogCapture.everything()) {
            assertEquals(0, thresholdOfPooledConnections(TestDatabase.PGBOUNCER_URL));
            List<String> said = messages(logs, Level.INFO).stream().filter(m -> m.contains("pooler")).toList();
            assertEquals(1, said.size(), said.toString());
            assertTrue(said.get(0).contains("prepareThreshold=0"), said.get(0));
        }
    }

    @Test
    void thresholdInTheUrlWinsAndIsWarnedAboutThroughAPooler() {
        try (LogCapture logs = LogCapture.everything()) {
            assertEquals(3, thresholdOfPooledConnections(TestDatabase.PGBOUNCER_URL + "&prepareThreshold=3"));
            List<String> warned = messages(logs, Level.WARNING).stream().filter(m -> m.contains("pooler")).toList();
            assertEquals(1, warned.size(), warned.toString());
            assertTrue(warned.get(0).contains("prepareThreshold=3") && warned.get(0).contains("Remove prepareThreshold"),
                    warned.get(0));
        }
    }
}
