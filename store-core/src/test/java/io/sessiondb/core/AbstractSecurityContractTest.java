package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.internal.SessionIds;
import io.sessiondb.core.testing.Gadget;
import io.sessiondb.core.testing.HostileStreams;
import io.sessiondb.core.testing.LogCapture;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.core.testing.app.Profile;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.apache.commons.collections.functors.InvokerTransformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The security claims of the store, run against a real database by one subclass per dialect: what a
 * dump of every sessiondb table gives its reader with and without an idSecret, the warning at start
 * without one, and what an attacker who can write attribute bytes gets from the codec (hostile
 * streams quarantined, gadget classes never instantiated, the rest of the session served).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractSecurityContractTest {

    private static final String SECRET = "security-test-secret-0123456789";
    private static final long HOUR_MS = 3_600_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    protected String table;
    private final List<SessionRepository> opened = new ArrayList<>();

    /** @return a config for this dialect's test database with the given table and app */
    protected abstract SessiondbConfig config(String table, String app);

    /** @return a plain connection to this dialect's test database */
    protected abstract Connection connect() throws SQLException;

    @BeforeAll
    void createTable() {
        table = TestDatabase.uniqueTable("sec_" + getClass().getSimpleName());
    }

    @AfterAll
    void dropAllTables() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            List<String> tables = tables(c);
            // Dependent tables first: those with the longer names (<table>_attributes, _index) before <table>.
            tables.sort((a, b) -> b.length() - a.length());
            for (String t : tables) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
        }
    }

    @AfterEach
    void closeRepositories() {
        opened.forEach(SessionRepository::close);
        opened.clear();
    }

    private SessionRepository open(String app, String idSecret, String serialFilter) {
        return open(app, idSecret, serialFilter, null);
    }

    private SessionRepository open(String app, String idSecret, String serialFilter, String codec) {
        SessiondbConfig config = config(table, app + "-" + UUID.randomUUID().toString().substring(0, 6));
        if (codec != null) {
            config.setCodec(codec);
        }
        if (idSecret != null) {
            config.setIdSecret(idSecret);
        }
        if (serialFilter != null) {
            config.setSerialFilter(serialFilter);
        }
        SessionRepository repository = SessionRepository.start(config);
        opened.add(repository);
        return repository;
    }

    /** @return a session id as Tomcat makes them: 16 random bytes in hex */
    private static String newId() {
        byte[] raw = new byte[16];
        RANDOM.nextBytes(raw);
        return HexFormat.of().withUpperCase().formatHex(raw);
    }

    private static String save(SessionRepository repo, Map<String, Object> attributes) {
        String id = newId();
        long now = System.currentTimeMillis();
        repo.save(new SessionSnapshot(id, now, now, HOUR_MS, "alice", Map.of(), attributes), null);
        return id;
    }

    // ---- Finding 1: the seal key and a dump of the database ----

    @Test
    void aDumpOfEveryTableRecoversNoSessionIdWhenIdSecretIsSet() throws Exception {
        SessionRepository repo = open("dump-secret", SECRET, null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(save(repo, Map.of("user", "user" + i)));
        }
        Dump dump = dump();
        assertTrue(dump.tables.size() >= 3, "the dump holds the session, attribute and schema tables: " + dump.tables);
        assertEquals(List.of(), dump.recover(ids), "ids recovered from the dump alone");
        assertEquals(List.of(), dump.confirm(ids), "ids confirmable from the dump by their plain SHA-256");
    }

    /** The control: the same dump and the same attempts recover every id when no secret is set (the risk the WARN names). */
    @Test
    void withoutIdSecretADumpRecoversEveryLiveSessionId() throws Exception {
        SessionRepository repo = open("dump-plain", null, null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(save(repo, Map.of("user", "user" + i)));
        }
        assertEquals(new TreeSet<>(ids), new TreeSet<>(dump().recover(ids)));
    }

    @Test
    void startingWithoutASecretWarnsOnceNamingTheRiskAndTheFix() {
        try (LogCapture logs = LogCapture.everything()) {
            open("warn-plain", null, null);
            List<LogRecord> warnings = warningsContaining(logs, "no idSecret is set");
            assertEquals(1, warnings.size(), warnings.toString());
            String line = new java.util.logging.SimpleFormatter().formatMessage(warnings.get(0));
            for (String part : List.of("dump", "seal_key", "idSecret", "idSecretFile", "SESSIONDB_ID_SECRET")) {
                assertTrue(line.contains(part), "the warning names " + part + ": " + line);
            }
        }
        try (LogCapture logs = LogCapture.everything()) {
            open("warn-secret", SECRET, null);
            assertEquals(0, warningsContaining(logs, "no idSecret is set").size());
        }
    }

    // ---- Finding 2: hostile attribute bytes ----

    @Test
    void aNestedArrayBombIsQuarantinedWithBoundedMemoryAndTheRestLoads() throws Exception {
        SessionRepository repo = open("bomb", SECRET, null);
        String id = save(repo, Map.of("bomb", "placeholder", "kept", "value"));
        // 20 arrays of 8 million references each, in 234 bytes: within maxarray (8 MiB), not within memory.
        byte[] bomb = HostileStreams.nestedArrayBomb(20, 8_000_000);
        assertTrue(bomb.length < 300, "a small stream: " + bomb.length);
        storeAttribute(repo, "bomb", bomb);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        LoadedSession loaded = repo.load(id, getClass().getClassLoader()).orElseThrow();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(Map.of("kept", "value"), loaded.session().attributes(), "the rest of the session loads");
        assertEquals(Set.of("bomb"), loaded.unreadable());
        assertEquals(1, repo.metrics().quarantinedAttributes());
        assertTrue(allocated < 16L * 1024 * 1024, "the load allocated " + allocated + " bytes; the bomb asks for"
                + " 20 x 8,000,000 references (more than 600 MB)");
    }

    @Test
    void aDeepGraphIsQuarantinedAndTheRestLoads() throws Exception {
        SessionRepository repo = open("deep", SECRET, null);
        String id = save(repo, Map.of("deep", "x", "deeper", "x", "shallow", "x", "kept", "value"));
        storeAttribute(repo, "deep", HostileStreams.deepArrays(60));       // deeper than maxdepth=50, not than the old 100
        storeAttribute(repo, "deeper", HostileStreams.deepArrays(20_000)); // a stack overflow without a depth limit
        storeAttribute(repo, "shallow", HostileStreams.deepArrays(40));
        LoadedSession loaded = repo.load(id, getClass().getClassLoader()).orElseThrow();
        assertEquals(Set.of("deep", "deeper"), loaded.unreadable());
        assertEquals(Set.of("kept", "shallow"), loaded.session().attributes().keySet());
        assertEquals(2, repo.metrics().quarantinedAttributes());
    }

    @Test
    void aQuarantineIsLoggedOnceWithTheClassAndTheLimit() throws Exception {
        SessionRepository repo = open("logonce", SECRET, null);
        String first = save(repo, Map.of("a\r\nFORGED line", "x", "kept", "v"));
        String second = save(repo, Map.of("b", "x"));
        try (LogCapture logs = LogCapture.everything()) {
            storeAttribute(repo, "a\r\nFORGED line", HostileStreams.deepArrays(60));
            storeAttribute(repo, "b", HostileStreams.deepArrays(70));
            repo.load(first, getClass().getClassLoader());
            repo.load(second, getClass().getClassLoader());
            repo.load(first, getClass().getClassLoader());
            List<LogRecord> warnings = warningsContaining(logs, "quarantined");
            assertEquals(1, warnings.size(), "one WARN for one class and limit: " + warnings);
            String line = new java.util.logging.SimpleFormatter().formatMessage(warnings.get(0));
            assertTrue(line.contains("maxdepth=50") && line.contains("java.lang.Object[]"), line);
            assertFalse(line.contains("\n") || line.contains("\r"), line);
            assertEquals(3, repo.metrics().quarantinedAttributes());
        }
    }

    @Test
    void theDefaultFilterNeverInstantiatesAKnownGadgetAndTheRestLoads() {
        SessionRepository repo = open("deny", SECRET, null);
        int before = InvokerTransformer.READS.get();
        String id = save(repo, Map.of("gadget", new InvokerTransformer(), "kept", "value"));
        LoadedSession loaded = repo.load(id, getClass().getClassLoader()).orElseThrow();
        assertEquals(before, InvokerTransformer.READS.get(), "readObject of the gadget never ran");
        assertEquals(Map.of("kept", "value"), loaded.session().attributes());
        assertEquals(1, repo.metrics().quarantinedAttributes());
    }

    @Test
    void anAllowListReadsTheWebappsClassesAndTheJdksValuesAndNothingElse() {
        SessionRepository repo = open("allow", SECRET, "allow:io.sessiondb.core.testing.app.**");
        Profile profile = new Profile("alice");
        profile.roles.add("admin");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("profile", profile);
        values.put("string", "text");
        values.put("int", 42);
        values.put("decimal", new BigDecimal("12.50"));
        values.put("date", new Date(0));
        values.put("day", LocalDate.of(2026, 12, 3));
        values.put("uuid", UUID.randomUUID());
        values.put("list", new ArrayList<>(List.of("a", "b")));
        values.put("immutable", List.of(1, 2, 3));
        values.put("map", new HashMap<>(Map.of("k", List.of("v"))));
        values.put("bytes", new byte[]{1, 2, 3});
        values.put("array", new String[]{"x", "y"});
        Map<String, Object> attributes = new HashMap<>(values);
        attributes.put("gadget", new Gadget());
        attributes.put("nested", new ArrayList<>(List.of("harmless", new Gadget())));
        int before = Gadget.READS.get();

        String id = save(repo, attributes);
        LoadedSession loaded = repo.load(id, getClass().getClassLoader()).orElseThrow();

        assertEquals(before, Gadget.READS.get(), "a class off the allow-list is never instantiated, even nested");
        assertEquals(Set.of("gadget", "nested"), loaded.unreadable());
        assertEquals(values.keySet(), loaded.session().attributes().keySet());
        values.forEach((name, value) -> {
            Object read = loaded.session().attributes().get(name);
            assertTrue(value instanceof Object[] a ? Arrays.equals(a, (Object[]) read)
                    : value instanceof byte[] b ? Arrays.equals(b, (byte[]) read) : value.equals(read), name);
        });
        assertEquals(2, repo.metrics().quarantinedAttributes());
    }

    // ---- Finding 3: names from requests ----

    /** A legacy webapp stores a request parameter as a name: one the database refuses must not fail every save. */
    @Test
    void attributeNamesNoDatabaseCanStoreAreSkippedOnceLoggedAndTheRestSaved() {
        SessionRepository repo = open("names", SECRET, null);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("kept", "v");
        attributes.put("a\u0000b\r\n" + "FORGED line", "nul");
        attributes.put("half \uD800 pair", "surrogate");
        attributes.put("pair \uD83D\uDE42 whole", "emoji");
        attributes.put("line\r\nbreak", "crlf");
        try (LogCapture logs = LogCapture.everything()) {
            String id = save(repo, attributes);
            LoadedSession loaded = repo.load(id, getClass().getClassLoader()).orElseThrow();
            assertEquals(Map.of("kept", "v", "pair \uD83D\uDE42 whole", "emoji", "line\r\nbreak", "crlf"),
                    loaded.session().attributes());
            List<LogRecord> warnings = warningsContaining(logs, "is not saved");
            assertEquals(2, warnings.size(), warnings.toString());
            for (LogRecord w : warnings) {
                String line = new java.util.logging.SimpleFormatter().formatMessage(w);
                assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u0000"), line);
            }
        }
    }

    // ---- The JSON codec ----

    @Test
    void theJsonCodecStoresReadableJsonAndRefusesAValueItCannotRepresentNamingIt() throws Exception {
        SessionRepository repo = open("json", SECRET, null, "json");
        Map<String, Object> simple = new HashMap<>();
        simple.put("user", "alice");
        simple.put("count", 3);
        simple.put("ratio", 0.5);
        simple.put("admin", Boolean.TRUE);
        simple.put("big", 1L << 40);
        simple.put("tags", new ArrayList<>(List.of("a", "b")));
        simple.put("prefs", new HashMap<>(Map.of("theme", "dark", "sizes", new ArrayList<>(List.of(1, 2)))));
        Map<String, Object> attributes = new HashMap<>(simple);
        attributes.put("profile", new Profile("alice"));
        attributes.put("small long", 5L);
        try (LogCapture logs = LogCapture.everything()) {
            String id = save(repo, attributes);
            LoadedSession loaded = repo.load(id, getClass().getClassLoader()).orElseThrow();
            assertEquals(simple, loaded.session().attributes(), "every representable value is kept");
            assertTrue(loaded.session().attributes().get("prefs") instanceof HashMap, "a map reads back as a HashMap");
            List<LogRecord> refused = warningsContaining(logs, "is not representable in JSON");
            assertEquals(2, refused.size(), refused.toString());
            String all = refused.stream().map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList().toString();
            assertTrue(all.contains("'profile'") && all.contains("'small long'") && all.contains("codec=mixed"), all);
            assertEquals("\"alice\"", storedText(repo, "user"), "readable by the admin tools");
        }
    }

    @Test
    void theJsonCodecNeverDeserializesJavaBytes() throws Exception {
        SessionRepository repo = open("json-java", SECRET, null, "json");
        String id = save(repo, Map.of("planted", "x", "kept", "v"));
        storeAttribute(repo, "planted", HostileStreams.serialize(new Gadget()));
        int before = Gadget.READS.get();
        LoadedSession loaded = repo.load(id, getClass().getClassLoader()).orElseThrow();
        assertEquals(before, Gadget.READS.get());
        assertEquals(Map.of("kept", "v"), loaded.session().attributes());
        assertEquals(1, repo.metrics().quarantinedAttributes());
    }

    @Test
    void theMixedCodecChoosesPerValue() throws Exception {
        SessionRepository repo = open("mixed", SECRET, null, "mixed");
        Profile profile = new Profile("bob");
        Map<String, Object> attributes = Map.of("user", "bob", "profile", profile, "small long", 5L);
        String id = save(repo, attributes);
        assertEquals(attributes, repo.load(id, getClass().getClassLoader()).orElseThrow().session().attributes());
        assertEquals("\"bob\"", storedText(repo, "user"));
        assertTrue(storedText(repo, "profile").startsWith("\u00ac\u00ed"), "Java serialization for a webapp class");
    }

    private String storedText(SessionRepository repo, String name) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT value FROM " + table
                + "_attributes WHERE app = ? AND name = ?")) {
            ps.setString(1, repo.config().getAppName());
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), name);
                return new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
            }
        }
    }

    // ---- helpers ----

    private void storeAttribute(SessionRepository repo, String name, byte[] value) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("UPDATE " + table
                + "_attributes SET value = ? WHERE app = ? AND name = ?")) {
            ps.setBytes(1, value);
            ps.setString(2, repo.config().getAppName());
            ps.setString(3, name);
            assertEquals(1, ps.executeUpdate(), "attribute " + name + " is stored");
        }
    }

    private static List<LogRecord> warningsContaining(LogCapture logs, String text) {
        return logs.recordsAt(Level.WARNING).stream()
                .filter(r -> new java.util.logging.SimpleFormatter().formatMessage(r).contains(text)).toList();
    }

    /** @return the sessiondb tables of {@link #table}, as the database names them */
    private List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(c.getCatalog(), null, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (name.toLowerCase(java.util.Locale.ROOT).startsWith(table)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Every value of every row of every sessiondb table, as an attacker holding a dump has them. */
    private Dump dump() throws SQLException {
        Dump dump = new Dump();
        try (Connection c = connect(); Statement st = c.createStatement()) {
            dump.tables.addAll(tables(c));
            for (String t : dump.tables) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + t)) {
                    ResultSetMetaData columns = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            Object value = rs.getObject(i);
                            if (value != null) {
                                dump.values.add(value instanceof byte[] bytes ? bytes
                                        : String.valueOf(value).getBytes(StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
            }
        }
        return dump;
    }

    private static final class Dump {
        final List<String> tables = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();

        /**
         * Tries to recover each id: in clear (text, hex, bytes) anywhere in the dump, or by opening each
         * stored value as a seal with a key derived, as sessiondb derives it, from each stored value (the
         * schema's seal_key among them).
         *
         * @return the ids recovered
         */
        List<String> recover(List<String> ids) {
            List<String> recovered = new ArrayList<>();
            for (String id : ids) {
                if (inClear(id)) {
                    recovered.add(id);
                }
            }
            for (byte[] key : values) {
                SessionIds opener = new SessionIds(List.of(), key);
                for (byte[] value : values) {
                    if (value.length > 28) {
                        String opened = opener.unseal(value);
                        if (opened != null && ids.contains(opened) && !recovered.contains(opened)) {
                            recovered.add(opened);
                        }
                    }
                }
            }
            return recovered;
        }

        /** @return the ids whose plain SHA-256 is in the dump: a guessed id could be confirmed with the dump alone */
        List<String> confirm(List<String> ids) throws Exception {
            List<String> confirmed = new ArrayList<>();
            for (String id : ids) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
                if (values.stream().anyMatch(v -> Arrays.equals(v, digest))) {
                    confirmed.add(id);
                }
            }
            return confirmed;
        }

        private boolean inClear(String id) {
            byte[] raw = id.getBytes(StandardCharsets.UTF_8);
            String lower = id.toLowerCase(java.util.Locale.ROOT);
            for (byte[] value : values) {
                String text = new String(value, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
                if (text.contains(lower) || HexFormat.of().formatHex(value).contains(HexFormat.of().formatHex(raw))) {
                    return true;
                }
            }
            return false;
        }
    }
}
