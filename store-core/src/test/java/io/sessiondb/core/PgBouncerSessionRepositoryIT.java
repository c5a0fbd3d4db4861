package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole repository contract on PostgreSQL through PgBouncer in transaction pooling mode, with the
 * URL exactly as a user writes it ({@link TestDatabase#PGBOUNCER_URL}, no driver parameter added): each
 * transaction may run on a different server connection, so nothing session-level may be relied on.
 * The test's own connections (row checks, drops) go to PostgreSQL directly.
 */
class PgBouncerSessionRepositoryIT extends AbstractServerRepositoryContractTest {

    private static final int PGBOUNCER_PORT = 6432;

    @BeforeAll
    void pgbouncerAnswers() {
        TestDatabase.requirePgbouncer();
    }

    @Override
    protected String dialectName() {
        return "postgresql";
    }

    @Override
    protected int serverPort() {
        return PGBOUNCER_PORT;
    }

    @Override
    protected String urlThrough(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/test?user=root";
    }

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.pgbouncerConfig(table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.postgres();
    }

    /**
     * A DataSource the user hands in is used as is, so behind a transaction pooler it must turn
     * server-side prepares off itself, as docs/operations.md says.
     */
    @Override
    protected String serverUrl() {
        return TestDatabase.PGBOUNCER_URL + "&prepareThreshold=0";
    }

    @Override
    protected String metadataPlaceholder() {
        return "CAST(? AS JSONB)";
    }

    /** As on PostgreSQL: JSONB takes only valid JSON, and an array is not an object of strings. */
    @Override
    protected String corruptMetadata() {
        return "[1, 2]";
    }

    @Override
    protected String connectionIdQuery() {
        return "SELECT pg_backend_pid()";
    }

    /** Server pids as PostgreSQL itself lists them (the test's own connection goes there directly). */
    @Override
    protected String openTransactionsQuery(String connectionIds) {
        return "SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + connectionIds + ") AND state LIKE 'idle in transaction%'";
    }

    @Override
    protected void dropTables(String table) {
        TestDatabase.dropTables(table);
    }

    /**
     * Many requests of two nodes, each statement run far more often than pgjdbc's prepareThreshold (5),
     * over pools whose connections PgBouncer hands to different server connections per transaction:
     * a named server-side statement then meets a server that has another one of that name, or none.
     */
    @Test
    void manyRequestsOfTwoNodesThroughTransactionPooling() {
        SessionRepository other = otherNode();
        long now = System.currentTimeMillis();
        List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        for (String id : ids) {
            repo.save(new SessionSnapshot(id, now, now, 3_600_000, null, Map.of(), Map.of("count", 0)), null);
        }
        int rounds = 30;
        for (int round = 1; round <= rounds; round++) {
            for (String id : ids) {
                SessionRepository node = round % 2 == 0 ? repo : other;
                LoadedSession loaded = node.load(id, null).orElseThrow();
                Map<String, Object> attributes = new HashMap<>(loaded.session().attributes());
                attributes.put("count", (Integer) attributes.get("count") + 1);
                attributes.put("round" + round % 3, round);
                SessionSnapshot s = loaded.session();
                node.save(new SessionSnapshot(id, s.createdMs(), now + round, s.maxInactiveMs(), s.principal(),
                        s.metadata(), attributes), loaded.baseline());
            }
        }
        for (String id : ids) {
            assertEquals(rounds, repo.load(id, null).orElseThrow().session().attributes().get("count"));
            assertEquals(rounds, other.load(id, null).orElseThrow().session().attributes().get("count"));
        }
    }
}
