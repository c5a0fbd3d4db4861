package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SaveResult.Outcome;
import io.sessiondb.core.testing.CountingDataSource;
import io.sessiondb.core.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The repository contract on SQLite (a file under target/sqlite), plus the SQLite specifics: the
 * connection settings, names it refuses, and two processes writing one file.
 */
class SqliteSessionRepositoryIT extends AbstractSessionRepositoryContractTest {

    private final String url = TestDatabase.sqliteUrl("contract-" + UUID.randomUUID().toString().substring(0, 8));

    @Override
    protected String dialectName() {
        return "sqlite";
    }

    @Override
    protected SessiondbConfig config(String table, String app) {
        return TestDatabase.sqliteConfig(url, table, app);
    }

    @Override
    protected Connection connect() {
        return TestDatabase.sqlite(url);
    }

    @Override
    protected void dropTables(String table) {
        TestDatabase.dropSqliteTables(url, table);
    }

    @Test
    void databaseFileIsInWalModeWithForeignKeys() throws SQLException {
        repo.count();
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1), "WAL lets readers run while one node writes");
        }
        try (Connection c = connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA foreign_key_list(" + table + "_attributes)")) {
            assertTrue(rs.next());
            assertEquals("CASCADE", rs.getString("on_delete"));
            assertEquals("CASCADE", rs.getString("on_update"));
        }
    }

    @Test
    void savesWriteOnlyWhatChangedAndLoadIsOneStatement() {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setBusyTimeout(10_000);
        SQLiteDataSource plain = new SQLiteDataSource(sqlite);
        plain.setUrl(url);
        CountingDataSource counting = new CountingDataSource(plain);
        SessiondbConfig config = config(table, "cost-" + UUID.randomUUID());
        config.setJdbcUrl(null);
        config.setDataSource(counting);
        SessionRepository counted = open(config);

        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("heavy", new byte[1024 * 1024]);
        attributes.put("counter", 1);
        counted.save(new SessionSnapshot(id, now, now, 1_800_000, null, Map.of(), attributes), null);

        counting.reset();
        LoadedSession loaded = counted.load(id, null).orElseThrow();
        assertEquals(1, counting.roundTrips(), "load");

        counting.reset();
        assertEquals(Outcome.UNCHANGED, counted.save(loaded.session(), loaded.baseline()).outcome());
        assertEquals(0, counting.roundTrips(), "save with nothing changed and no touch due");

        attributes.put("counter", 2);
        attributes.remove("heavy");
        SaveResult one = counted.save(new SessionSnapshot(id, now, now + 1, 1_800_000, null, Map.of(), attributes),
                loaded.baseline());
        assertEquals(1, one.attributesWritten());
        assertEquals(1, one.attributesRemoved());
        assertTrue(one.bytesWritten() < 200, "bytes written grow with the change, not the session: " + one.bytesWritten());
        assertEquals(Map.of("counter", 2), counted.load(id, null).orElseThrow().session().attributes(),
                "a DataSource without the foreign_keys property still works");
    }

    @Test
    void schemaQualifiedTableNameIsRefusedNamingTheProperty() {
        SessiondbConfig config = config("main." + TestDatabase.uniqueTable("qualified"), "qualified");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SessionRepository.start(config));
        assertTrue(e.getMessage().contains("tableName") && e.getMessage().contains("SQLite"), e.getMessage());
    }

    @Test
    void inMemoryDatabaseIsRefused() {
        SessiondbConfig config = config(table, "memory");
        config.setJdbcUrl("jdbc:sqlite::memory:");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SessionRepository.start(config));
        assertTrue(e.getMessage().contains("jdbcUrl"), e.getMessage());
    }

    @Test
    void twoProcessesOnOneFileLoseNoUpdateAndClaimEachExpiredSessionOnce() throws Exception {
        String app = "processes-" + UUID.randomUUID().toString().substring(0, 6);
        String id = UUID.randomUUID().toString();
        SessionRepository creator = open(config(table, app));
        long now = System.currentTimeMillis();
        creator.save(new SessionSnapshot(id, now, now, 3_600_000, null, Map.of(), Map.of("base", 0)), null);
        Set<String> expired = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            String expiredId = UUID.randomUUID().toString();
            expired.add(expiredId);
            creator.save(new SessionSnapshot(expiredId, now - 10_000, now - 10_000, 1000, null, Map.of(), Map.of()), null);
        }

        int threads = 2;
        int saves = 100;
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        List<Path> claimFiles = new ArrayList<>();
        for (String prefix : List.of("p1", "p2")) {
            Path log = Path.of("target", "sqlite", "hammer-" + prefix + "-" + app + ".log");
            Path claimed = Path.of("target", "sqlite", "hammer-" + prefix + "-" + app + ".claims");
            logs.add(log);
            claimFiles.add(claimed);
            processes.add(new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                    SqliteHammer.class.getName(), url, table, app, id, prefix, Integer.toString(threads),
                    Integer.toString(saves), claimed.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        for (int p = 0; p < processes.size(); p++) {
            Process process = processes.get(p);
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "hammer process " + p + " did not finish in 180 s");
            assertEquals(0, process.exitValue(), "hammer process " + p + " failed:\n"
                    + Files.readString(logs.get(p), StandardCharsets.UTF_8));
        }

        Set<String> expected = new HashSet<>(Set.of("base"));
        for (String prefix : List.of("p1", "p2")) {
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < saves; i++) {
                    expected.add(prefix + "-t" + t + "-" + i);
                }
            }
        }
        Map<String, Object> stored = creator.load(id, getClass().getClassLoader()).orElseThrow().session().attributes();
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(stored.keySet());
        assertTrue(missing.isEmpty(), missing.size() + " saves were lost, e.g. " + missing.stream().limit(5).toList());
        assertEquals(expected, stored.keySet());

        List<String> claims = new ArrayList<>();
        for (Path claimed : claimFiles) {
            claims.addAll(Files.readAllLines(claimed, StandardCharsets.UTF_8));
        }
        assertEquals(expired, new HashSet<>(claims), "every expired session is claimed by one of the processes");
        assertEquals(expired.size(), claims.size(), "and by one only");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

}
