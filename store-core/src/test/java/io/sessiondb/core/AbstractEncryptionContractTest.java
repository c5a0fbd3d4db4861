package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.admin.StoredValues;
import io.sessiondb.core.internal.ValueCipher;
import io.sessiondb.core.testing.LogCapture;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.core.testing.app.Profile;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Encryption at rest of attribute values ({@code encryptionKeys}), against a real database, one
 * subclass per dialect: what a dump shows, key rotation without logging anyone out, plain values
 * migrating, tampered or moved values quarantined, ids changed, and {@link StoredValues#reencrypt}
 * beside a node's concurrent write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractEncryptionContractTest {

    private static final String SECRET = "encryption-test-secret-0123456789";
    private static final long HOUR_MS = 3_600_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String K1 = newKey();
    private static final String K2 = newKey();
    private static final String K3 = newKey();

    protected String table;
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** @return a config for this dialect's test database with the given table and app */
    protected abstract SessiondbConfig config(String table, String app);

    /** @return a plain connection to this dialect's test database */
    protected abstract Connection connect() throws SQLException;

    @BeforeAll
    void createTable() {
        table = TestDatabase.uniqueTable("enc_" + getClass().getSimpleName());
    }

    @AfterAll
    void dropTables() throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String t : List.of(table + "_r", table)) {
                for (String suffix : List.of("_attributes", "_index", "_locks", "_history", "_history_days", "_history_rollup",
                        "_schema", "")) {
                    st.execute("DROP TABLE IF EXISTS " + t + suffix);
                }
            }
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        opened.clear();
    }

    private static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String app(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** @param keys the encryptionKeys setting, or {@code null} for none */
    private SessionRepository node(String app, String keys) {
        return node(app, keys, SECRET);
    }

    private SessionRepository node(String app, String keys, String idSecret) {
        return node(table, app, keys, idSecret);
    }

    private SessionRepository node(String table, String app, String keys, String idSecret) {
        SessiondbConfig config = config(table, app);
        config.setIdSecret(idSecret);
        config.setEncryptionKeys(keys);
        SessionRepository repository = SessionRepository.start(config);
        opened.add(repository);
        return repository;
    }

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

    private LoadedSession load(SessionRepository repo, String id) {
        return repo.load(id, getClass().getClassLoader()).orElseThrow();
    }

    /** Saves the loaded session as a request that changed nothing would. */
    private static SaveResult saveUnchanged(SessionRepository repo, LoadedSession loaded) {
        return repo.save(loaded.session(), loaded.baseline());
    }

    private static SessionSnapshot with(SessionSnapshot s, String name, Object value) {
        Map<String, Object> attributes = new HashMap<>(s.attributes());
        attributes.put(name, value);
        return new SessionSnapshot(s.id(), s.createdMs(), System.currentTimeMillis(), s.maxInactiveMs(), s.principal(),
                s.metadata(), attributes);
    }

    @Test
    void valuesRoundTripAndADumpShowsNoPlaintextOfAMarkerValue() throws Exception {
        String marker = "MARKER-" + UUID.randomUUID();
        SessionRepository repo = node(app("dump"), K1);
        Profile profile = new Profile(marker);
        Map<String, Object> attributes = Map.of("user", marker, "profile", profile, "count", 7);
        String id = save(repo, attributes);
        assertEquals(attributes, load(repo, id).session().attributes());
        assertFalse(dumpContains(marker), "the marker is in a dump of the tables");
        for (byte[] value : storedValues(repo.config().getAppName()).values()) {
            assertEquals(ValueCipher.MARKER, value[0], "every stored value is encrypted");
        }
        // the control: the same values without a key are in the dump
        save(node(app("dump-plain"), null), attributes);
        assertTrue(dumpContains(marker), "the control finds the marker in plain values");
    }

    @Test
    void aKeyIsRotatedWithoutLoggingAnyoneOut() throws Exception {
        String app = app("rotate");
        SessionRepository old = node(app, K1);
        String id = save(old, Map.of("user", "alice", "cart", new ArrayList<>(List.of("book"))));
        // step 2: the new key added last, then put first
        SessionRepository both = node(app, K2 + "," + K1);
        LoadedSession loaded = load(both, id);
        assertEquals(Map.of("user", "alice", "cart", List.of("book")), loaded.session().attributes());
        assertTrue(loaded.unreadable().isEmpty());
        // the next write re-encrypts every value under the new first key, also those that did not change
        SaveResult saved = saveUnchanged(both, loaded);
        assertEquals(SaveResult.Outcome.UPDATED, saved.outcome());
        for (byte[] value : storedValues(app).values()) {
            assertEquals(keyId(K2), HexFormat.of().formatHex(value, 1, 5));
        }
        assertEquals(SaveResult.Outcome.UNCHANGED, both.save(loaded.session(), saved.baseline()).outcome(),
                "once re-encrypted, an unchanged session writes nothing");
        // step 4: the old key dropped
        SessionRepository fresh = node(app, K2);
        assertEquals(Map.of("user", "alice", "cart", List.of("book")), load(fresh, id).session().attributes());
    }

    @Test
    void plainValuesKeepLoadingAndAreEncryptedOnTheirNextWrite() throws Exception {
        String app = app("migrate");
        String id = save(node(app, null), Map.of("user", "bob", "n", 1));
        assertTrue(storedValues(app).values().stream().noneMatch(ValueCipher::isEncrypted));
        SessionRepository encrypting = node(app, K1);
        LoadedSession loaded = load(encrypting, id);
        assertEquals(Map.of("user", "bob", "n", 1), loaded.session().attributes());
        saveUnchanged(encrypting, loaded);
        assertTrue(storedValues(app).values().stream().allMatch(ValueCipher::isEncrypted));
        assertEquals(Map.of("user", "bob", "n", 1), load(encrypting, id).session().attributes());
    }

    @Test
    void aTamperedValueIsQuarantinedLoggedOnceWithoutTheValueAndTheRestLoads() throws Exception {
        String app = app("tamper");
        SessionRepository repo = node(app, K1);
        String secret = "SECRET-" + UUID.randomUUID();
        String id = save(repo, Map.of("role", secret, "user", "carol"));
        byte[] stored = storedValues(app).get("role");
        stored[stored.length - 1] ^= 1;
        storeValue(app, "role", stored);
        try (LogCapture logs = LogCapture.everything()) {
            LoadedSession loaded = load(repo, id);
            assertEquals(Map.of("user", "carol"), loaded.session().attributes());
            assertEquals(java.util.Set.of("role"), loaded.unreadable());
            assertEquals(1, repo.metrics().quarantinedAttributes());
            load(repo, id);
            List<String> lines = warnings(logs, "is quarantined");
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("'role'") && lines.get(0).contains("does not decrypt"), lines.get(0));
            assertTrue(logs.records().stream().noneMatch(r -> LogCapture.fullText(r).contains(secret)));
        }
        assertArrayEquals(stored, storedValues(app).get("role"), "left stored as it was");
    }

    @Test
    void aValueUnderAKeyNoLongerConfiguredIsQuarantined() {
        String app = app("unknown-key");
        String id = save(node(app, K1), Map.of("a", "1", "b", "2"));
        try (LogCapture logs = LogCapture.everything()) {
            LoadedSession loaded = load(node(app, K3), id);
            assertEquals(java.util.Set.of("a", "b"), loaded.unreadable());
            List<String> lines = warnings(logs, "not among the configured encryptionKeys");
            assertEquals(1, lines.size(), "once per key: " + lines);
            assertTrue(lines.get(0).contains(keyId(K1)), lines.get(0));
        }
        assertEquals(java.util.Set.of("a", "b"), load(node(app, null), id).unreadable(), "no key: quarantined too");
    }

    @Test
    void aValueCopiedToAnotherSessionOrAttributeIsRefused() throws Exception {
        String app = app("aad");
        SessionRepository repo = node(app, K1);
        String admin = save(repo, Map.of("role", "admin"));
        String mallory = save(repo, Map.of("role", "user", "note", "x"));
        byte[] adminRole = storedValue(repo, admin, "role");
        storeValue(repo, mallory, "role", adminRole);
        storeValue(repo, mallory, "note", adminRole);
        LoadedSession loaded = load(repo, mallory);
        assertEquals(Map.of(), loaded.session().attributes());
        assertEquals(java.util.Set.of("role", "note"), loaded.unreadable());
        assertEquals(Map.of("role", "admin"), load(repo, admin).session().attributes());
    }

    @Test
    void changingTheIdOrRotatingTheIdSecretKeepsTheValuesReadable() {
        String app = app("change-id");
        SessionRepository repo = node(app, K1);
        String id = save(repo, Map.of("user", "dave", "cart", new ArrayList<>(List.of("pen"))));
        String newId = newId();
        assertTrue(repo.changeId(id, newId));
        LoadedSession loaded = load(repo, newId);
        assertTrue(loaded.unreadable().isEmpty(), "unreadable after changeId: " + loaded.unreadable());
        assertEquals(Map.of("user", "dave", "cart", List.of("pen")), loaded.session().attributes());
        SessionRepository rotated = node(app, K1, "a-brand-new-id-secret-0123456789," + SECRET);
        LoadedSession moved = load(rotated, newId);
        assertTrue(moved.unreadable().isEmpty(), "unreadable after an idSecret rotation: " + moved.unreadable());
        assertEquals(Map.of("user", "dave", "cart", List.of("pen")), moved.session().attributes());
    }

    @Test
    void reencryptMovesEveryValueToTheFirstKeyAndNeverLosesAConcurrentWrite() throws Exception {
        String own = table + "_r"; // a table of its own: reencrypt walks every app of a table
        String app = app("reencrypt");
        SessionRepository old = node(own, app, K1, SECRET);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(save(old, Map.of("n", i, "user", "u" + i)));
        }
        String plainId = save(node(own, app, null, SECRET), Map.of("user", "plain"));
        SessionRepository writer = node(own, app, K2 + "," + K1, SECRET);
        LoadedSession concurrent = load(writer, ids.get(0));
        SessiondbConfig adminConfig = config(own, "admin");
        adminConfig.setEncryptionKeys(K2 + "," + K1);
        StoredValues.Reencryption first;
        StoredValues.Reencryption again;
        try (StoredValues values = StoredValues.start(adminConfig)) {
            // one batch holds every value: a node writes one of them after the batch is read
            first = values.reencrypt(100, () -> writer.save(with(concurrent.session(), "n", 100), concurrent.baseline()));
            again = values.reencrypt(3, null);
        }
        assertEquals(new StoredValues.Reencryption(9, 0, 2, 0), first, "the values written meanwhile (the node re-encrypts the stale one beside the changed one) are left as written");
        assertEquals(new StoredValues.Reencryption(0, 11, 0, 0), again, "in batches of 3, every value is current");
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT value FROM " + own + "_attributes");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                assertEquals(keyId(K2), HexFormat.of().formatHex(rs.getBytes(1), 1, 5), "every value under the first key");
            }
        }
        SessionRepository fresh = node(own, app, K2, SECRET);
        assertEquals(100, load(fresh, ids.get(0)).session().attributes().get("n"), "the concurrent write is kept");
        assertEquals(4, load(fresh, ids.get(4)).session().attributes().get("n"));
        assertEquals(Map.of("user", "plain"), load(fresh, plainId).session().attributes());
    }

    // ---- helpers ----

    private static String keyId(String key) {
        return ValueCipher.keyIdText(Base64.getDecoder().decode(key));
    }

    private static List<String> warnings(LogCapture logs, String text) {
        return logs.recordsAt(Level.WARNING).stream().map(LogCapture::fullText).filter(t -> t.contains(text)).toList();
    }

    /** @return the stored values of every session of {@code app}, name to bytes (names unique in these tests) */
    private Map<String, byte[]> storedValues(String app) throws SQLException {
        Map<String, byte[]> values = new HashMap<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT name, value FROM " + table + "_attributes WHERE app = ?")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1) + (values.containsKey(rs.getString(1)) ? "#" + values.size() : ""),
                            rs.getBytes(2));
                }
            }
        }
        return values;
    }

    private byte[] storedValue(SessionRepository repo, String id, String name) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT value FROM " + table
                + "_attributes WHERE app = ? AND id_digest = ? AND name = ?")) {
            ps.setString(1, repo.config().getAppName());
            ps.setBytes(2, digest(repo, id));
            ps.setString(3, name);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), name);
                return rs.getBytes(1);
            }
        }
    }

    private static byte[] digest(SessionRepository repo, String id) {
        return new io.sessiondb.core.internal.SessionIds(repo.config().getIdSecrets(), new byte[0]).digest(id);
    }

    private void storeValue(String app, String name, byte[] value) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("UPDATE " + table
                + "_attributes SET value = ? WHERE app = ? AND name = ?")) {
            ps.setBytes(1, value);
            ps.setString(2, app);
            ps.setString(3, name);
            assertEquals(1, ps.executeUpdate(), "attribute " + name + " is stored");
        }
    }

    private void storeValue(SessionRepository repo, String id, String name, byte[] value) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("UPDATE " + table
                + "_attributes SET value = ? WHERE app = ? AND id_digest = ? AND name = ?")) {
            ps.setBytes(1, value);
            ps.setString(2, repo.config().getAppName());
            ps.setBytes(3, digest(repo, id));
            ps.setString(4, name);
            assertEquals(1, ps.executeUpdate(), "attribute " + name + " is stored");
        }
    }

    /** @return whether any value of any row of any table of this test (in clear, as text or bytes) holds {@code text} */
    private boolean dumpContains(String text) throws SQLException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String t : List.of(table, table + "_attributes", table + "_schema")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + t)) {
                    ResultSetMetaData columns = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            Object value = rs.getObject(i);
                            byte[] bytes = value instanceof byte[] b ? b
                                    : String.valueOf(value).getBytes(StandardCharsets.UTF_8);
                            if (indexOf(bytes, needle) >= 0) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
