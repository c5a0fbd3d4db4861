package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.sessiondb.core.SaveResult.Outcome;
import io.sessiondb.core.internal.Database;
import io.sessiondb.core.testing.CountingDataSource;
import io.sessiondb.core.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The repository contract on PostgreSQL, plus the round-trip costs and outage behaviour. */
class PostgresSessionRepositoryIT extends AbstractServerRepositoryContractTest {

    @Override
    protected String dialectName() {
        return "postgresql";
    }

    @Override
    protected int serverPort() {
        return 5432;
    }

    @Override
    protected String urlThrough(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/test?user=root";
    }

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.postgresConfig(table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.postgres();
    }

    @Override
    protected String metadataPlaceholder() {
        return "CAST(? AS JSONB)";
    }

    /** The metadata column takes only valid JSON here: a JSON array is what can be stored that is not an object of strings. */
    @Override
    protected String corruptMetadata() {
        return "[1, 2]";
    }

    @Override
    protected String serverUrl() {
        return TestDatabase.PG_URL;
    }

    @Override
    protected String connectionIdQuery() {
        return "SELECT pg_backend_pid()";
    }

    @Override
    protected String openTransactionsQuery(String connectionIds) {
        return "SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + connectionIds + ") AND state LIKE 'idle in transaction%'";
    }

    @Override
    protected void dropTables(String table) {
        TestDatabase.dropTables(table);
    }

    @Test
    void loadIsOneRoundTripAndSavesWriteOnlyWhatChanged() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(TestDatabase.PG_URL);
            CountingDataSource counting = new CountingDataSource(pool);
            SessiondbConfig config = config(table, "cost-" + UUID.randomUUID());
            config.setJdbcUrl(null);
            config.setDataSource(counting);
            SessionRepository counted = open(config);

            String id = UUID.randomUUID().toString();
            long now = System.currentTimeMillis();
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("heavy", new byte[1024 * 1024]);
            attributes.put("counter", 1);
            counting.reset();
            counted.save(new SessionSnapshot(id, now, now, 1_800_000, null, Map.of(), attributes), null);
            assertEquals(1, counting.roundTrips(), "insert of a new session");

            counting.reset();
            LoadedSession loaded = counted.load(id, null).orElseThrow();
            assertEquals(1, counting.roundTrips(), "load");

            counting.reset();
            SaveResult unchanged = counted.save(loaded.session(), loaded.baseline());
            assertEquals(Outcome.UNCHANGED, unchanged.outcome());
            assertEquals(0, counting.roundTrips(), "save with nothing changed and no touch due");

            attributes.put("counter", 2);
            counting.reset();
            SaveResult one = counted.save(new SessionSnapshot(id, now, now + 1, 1_800_000, null, Map.of(), attributes),
                    loaded.baseline());
            assertEquals(1, counting.roundTrips(), "save of one changed attribute");
            assertEquals(1, one.attributesWritten());
            assertTrue(one.bytesWritten() < 200, "bytes written grow with the change, not the session: " + one.bytesWritten());
        }
    }

    @Test
    void attributeOnlySaveLocksTheSessionRowWithoutRewritingIt() {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        repo.save(new SessionSnapshot(id, now, now, 1_800_000, null, Map.of(), Map.of("k", 1)), null);
        LoadedSession loaded = repo.load(id, null).orElseThrow();
        SaveResult changed = repo.save(new SessionSnapshot(id, now, now + 1_000, 1_800_000, null, Map.of(),
                Map.of("k", 2)), loaded.baseline());
        assertEquals(Outcome.UPDATED, changed.outcome());
        LoadedSession after = repo.load(id, null).orElseThrow();
        assertEquals(Map.of("k", 2), after.session().attributes());
        assertEquals(now, after.session().lastAccessedMs(), "no touch due: the access time is not rewritten");
        // Of the row only the version moves (a new write counter and this save's tag, see RowWrite): a save
        // retried after a lost connection tells from it whether it was applied.
        assertEquals(1, after.version() >>> 32, "one write after the insert, identified by its version");
        SaveResult touched = repo.save(new SessionSnapshot(id, now, now + 60_000, 1_800_000, null, Map.of(),
                Map.of("k", 2)), changed.baseline());
        assertEquals(Outcome.TOUCHED, touched.outcome(), "the touch falls due as if nothing had been written");
        assertEquals(now + 60_000, repo.load(id, null).orElseThrow().session().lastAccessedMs());
    }

    @Test
    void transactionReportsTheFirstFailureWhenTheRollbackFailsToo() {
        // What the schema bootstrap runs in: a failure that also breaks the connection, so the rollback fails.
        Connection c = connect();
        SQLException first = new SQLException("the first failure");
        SQLException thrown = assertThrows(SQLException.class, () -> Database.inTransaction(c, tx -> {
            tx.close();
            throw first;
        }));
        assertSame(first, thrown, "the rollback failure does not mask the first one");
        assertEquals(1, thrown.getSuppressed().length, "the rollback failure is kept as suppressed");
    }

    /**
     * Until a table's first ANALYZE every index ties in PostgreSQL's estimates, and the generic plan of the
     * load read every session of the app through {@code (app, created_ms)}: 2.5 times the server's CPU per
     * read in the HTTP bench. The first sweep cycle that finds sessions in a never-analyzed table analyzes it.
     */
    @Test
    void theFirstSweepWithSessionsGivesANewTableStatisticsSoLoadsUseTheKey() throws SQLException {
        String fresh = TestDatabase.uniqueTable("analyze");
        try {
            SessionRepository repository = open(config(fresh, "analyzed"));
            repository.pruneHistory();
            assertEquals(-1.0, reltuples(fresh), 0.0, "an empty table is left for a later cycle");
            long now = System.currentTimeMillis();
            for (int i = 0; i < 300; i++) {
                repository.save(new SessionSnapshot("s" + i, now, now, 60_000, null, Map.of(), Map.of("k", i)), null);
            }
            repository.pruneHistory();
            assertEquals(300.0, reltuples(fresh), 0.0, "sessions table analyzed");
            assertEquals(300.0, reltuples(fresh + "_attributes"), 0.0, "attribute table analyzed");
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("SET plan_cache_mode = force_generic_plan");
                st.execute("PREPARE load_plan(VARCHAR, BYTEA) AS SELECT s.version, a.name, a.value FROM " + fresh + " s LEFT JOIN "
                        + fresh + "_attributes a ON a.app = s.app AND a.id_digest = s.id_digest WHERE s.app = $1 AND s.id_digest = $2");
                StringBuilder plan = new StringBuilder();
                try (var rs = st.executeQuery("EXPLAIN EXECUTE load_plan('analyzed', '\\x00')")) {
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append('\n');
                    }
                }
                String sessionScan = plan.substring(plan.indexOf(" on " + fresh + " s"));
                assertTrue(sessionScan.substring(0, sessionScan.indexOf('\n', sessionScan.indexOf("Cond"))).contains("id_digest = $2"),
                        "the session row is found by its digest, not by scanning the app:\n" + plan);
            }
        } finally {
            TestDatabase.dropTables(fresh);
        }
    }

    /**
     * The sweep's DELETE is prepared (pgjdbc), so it runs on its generic plan, which knows neither the cutoff
     * nor the batch size. Here 50,000 live sessions and 10 expired ones, the generic plan forced: the batch
     * must not scan the table, nor the claim of the expired sessions whose listeners a container runs. The
     * former {@code WHERE (app, id_digest) IN (SELECT ... LIMIT ?)} of both failed this
     * (a hash semi-join over a sequential scan of every session, at each batch of each sweep); the missing
     * {@code ORDER BY expiry_ms} that cost 5x among a million sessions (bench/run.sh scale) shows only on
     * larger tables than a test should build.
     */
    @Test
    void theSweepsGenericPlansReadTheExpiryIndexNotTheTable() throws SQLException {
        String swept = TestDatabase.uniqueTable("sweep_plan");
        try {
            open(config(swept, "swept"));
            long now = System.currentTimeMillis();
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO " + swept + " (app, id_digest, id_sealed, created_ms, last_access_ms, max_inactive_ms,"
                        + " expiry_ms, version) SELECT 'swept', sha256(i::TEXT::BYTEA), '\\x00', " + now + ", " + now
                        + ", 1800000, " + now + " + CASE WHEN i <= 10 THEN -60000 ELSE i * 1000 END, 1"
                        + " FROM generate_series(1, 50010) i");
                st.execute("ANALYZE " + swept);
            }
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                }
                var dialect = new io.sessiondb.core.internal.PostgresDialect(swept);
                assertEquals(10, dialect.claimExpired(c, "swept", now, "node", now + 60_000, 1000).size());
                assertEquals(0, sequentialScans(c, swept), "the containers' expiry claim scanned the session table");
                c.rollback();
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                }
                assertEquals(10, dialect.deleteExpiredBefore(c, now, now, 1000, false));
                assertEquals(0, sequentialScans(c, swept), "the sweep's batch scanned the session table");
                c.rollback();
            }
        } finally {
            TestDatabase.dropTables(swept);
        }
    }

    /** @return the sequential scans of {@code table} by the transaction open on {@code c} */
    private static long sequentialScans(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery(
                "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relid = to_regclass('" + table + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private double reltuples(String table) throws SQLException {
        try (Connection c = connect(); var ps = c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }

    @Test
    void schemaQualifiedTableNameWorks() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS sessiondb_it");
        }
        String qualified = "sessiondb_it." + TestDatabase.uniqueTable("qualified");
        try {
            SessionRepository repository = open(config(qualified, "qualified"));
            long now = System.currentTimeMillis();
            repository.save(new SessionSnapshot("q1", now, now, 60_000, null, Map.of(), Map.of("k", 1)), null);
            assertEquals(Map.of("k", 1), repository.load("q1", null).orElseThrow().session().attributes());
        } finally {
            TestDatabase.dropTables(qualified);
        }
    }
}
