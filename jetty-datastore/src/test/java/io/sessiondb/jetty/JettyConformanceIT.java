package io.sessiondb.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sessiondb.core.internal.SessionIds;
import io.sessiondb.core.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.session.AbstractSessionDataStoreTest;
import org.eclipse.jetty.session.SessionData;
import org.eclipse.jetty.session.SessionDataStoreFactory;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jetty's own contract for every {@code SessionDataStore} ({@code AbstractSessionDataStoreTest} from
 * {@code jetty-session:12.1.x:tests}, 24 tests), run against {@link SessiondbDataStore} on the real
 * PostgreSQL. Runs in the {@code jetty-12.1} failsafe execution only: the suite is written against
 * Jetty 12.1.
 *
 * <p>The five hooks write and read the session tables with plain SQL, in the layout of store-core's
 * {@code schema/postgresql.sql}: one row per session keyed by {@code (app, id_digest)}, one row per
 * attribute holding its Java serialization. So the checks verify what is really stored, not what the
 * store reads back. Jetty's {@code lastAccessed} is column {@code previous_access_ms} (schema v2); the
 * hooks write and check it as soon as the table has it.
 */
class JettyConformanceIT extends AbstractSessionDataStoreTest {

    private static final String OTHER_CONTEXT = "_other";

    private final String table = TestDatabase.uniqueTable("jetty_conformance");

    JettyConformanceIT() throws Exception {
        super();
    }

    /**
     * The {@code jetty-12.1} execution sets {@code sessiondb.test.expectJetty=12.1}: there a wrong class
     * path fails. Any other execution runs this class only when {@code -Dit.test} overrides the
     * executions' includes, and there the suite, written against Jetty 12.1, is skipped.
     */
    @BeforeAll
    static void requireJetty121AndDatabase() throws SQLException {
        boolean on121 = Jetty.VERSION.startsWith("12.1");
        if ("12.1".equals(System.getProperty("sessiondb.test.expectJetty"))) {
            assertTrue(on121, "the jetty-12.1 execution runs Jetty " + Jetty.VERSION);
        } else {
            assumeTrue(on121, "Jetty's suite runs in the jetty-12.1 failsafe execution; this one runs Jetty " + Jetty.VERSION);
        }
        TestDatabase.postgres().close();
    }

    @AfterEach
    void dropTables() {
        TestDatabase.dropTables(table);
    }

    @Override
    public SessionDataStoreFactory createSessionDataStoreFactory() {
        SessiondbDataStoreFactory factory = new SessiondbDataStoreFactory(TestDatabase.PG_URL);
        factory.setTableName(table);
        factory.setMaxPoolSize(2);
        return factory;
    }

    @Override
    public void persistSession(SessionData data) throws Exception {
        try (Connection c = TestDatabase.postgres()) {
            insertRow(c, data, "{}");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + "_attributes (app, id_digest, name, value) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, Object> a : data.getAllAttributes().entrySet()) {
                    ps.setString(1, appOf(data));
                    ps.setBytes(2, ids(c).digest(data.getId()));
                    ps.setString(3, a.getKey());
                    ps.setBytes(4, serialize(a.getValue()));
                    ps.executeUpdate();
                }
            }
        }
    }

    /** A row whose metadata document is not a JSON object of strings: the session cannot be read as a whole. */
    @Override
    public void persistUnreadableSession(SessionData data) throws Exception {
        try (Connection c = TestDatabase.postgres()) {
            insertRow(c, data, "[\"not\", {\"an\": \"object of strings\"}]");
        }
    }

    @Override
    public boolean checkSessionExists(SessionData data) throws Exception {
        try (Connection c = TestDatabase.postgres();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE app = ? AND id_digest = ?")) {
            ps.setString(1, appOf(data));
            ps.setBytes(2, ids(c).digest(data.getId()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Asserts (the suite ignores the result in places) that the row and attributes hold {@code data}. */
    @Override
    public boolean checkSessionPersisted(SessionData data) throws Exception {
        try (Connection c = TestDatabase.postgres()) {
            byte[] digest = ids(c).digest(data.getId());
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE app = ? AND id_digest = ?")) {
                ps.setString(1, appOf(data));
                ps.setBytes(2, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "no row for session " + data.getId());
                    assertEquals(data.getId(), ids(c).unseal(rs.getBytes("id_sealed")), "id_sealed");
                    assertEquals(data.getCreated(), rs.getLong("created_ms"), "created_ms");
                    assertEquals(data.getAccessed(), rs.getLong("last_access_ms"), "last_access_ms");
                    assertEquals(data.getLastAccessed(), rs.getLong("previous_access_ms"), "previous_access_ms");
                    assertEquals(data.getMaxInactiveMs(), rs.getLong("max_inactive_ms"), "max_inactive_ms");
                    long expiry = rs.getLong("expiry_ms");
                    assertEquals(data.getExpiry(), rs.wasNull() ? 0 : expiry, "expiry_ms");
                }
            }
            Map<String, Object> stored = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, value FROM " + table
                    + "_attributes WHERE app = ? AND id_digest = ?")) {
                ps.setString(1, appOf(data));
                ps.setBytes(2, digest);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getString(1), deserialize(rs.getBytes(2)));
                    }
                }
            }
            assertEquals(data.getAllAttributes().keySet(), stored.keySet(), "attribute names");
            for (Map.Entry<String, Object> a : data.getAllAttributes().entrySet()) {
                Object value = stored.get(a.getKey());
                if (Proxy.isProxyClass(a.getValue().getClass())) {
                    assertTrue(Proxy.isProxyClass(value.getClass()), "attribute " + a.getKey() + " is a proxy");
                } else {
                    assertEquals(a.getValue(), value, "attribute " + a.getKey());
                }
            }
            return true;
        }
    }

    private void insertRow(Connection c, SessionData data, String metadataJson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (app, id_digest, id_sealed, created_ms, last_access_ms, max_inactive_ms, expiry_ms, last_node,"
                + " metadata, version, previous_access_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 1, ?)")) {
            SessionIds ids = ids(c);
            ps.setString(1, appOf(data));
            ps.setBytes(2, ids.digest(data.getId()));
            ps.setBytes(3, ids.seal(data.getId()));
            ps.setLong(4, data.getCreated());
            ps.setLong(5, data.getAccessed());
            ps.setLong(6, data.getMaxInactiveMs());
            if (data.getExpiry() <= 0) {
                ps.setNull(7, Types.BIGINT);
            } else {
                ps.setLong(7, data.getExpiry());
            }
            ps.setString(8, data.getLastNode());
            ps.setString(9, metadataJson);
            ps.setLong(10, data.getLastAccessed());
            ps.executeUpdate();
        }
    }

    private SessiondbDataStore store() {
        return (SessiondbDataStore) _sessionManager.getSessionCache().getSessionDataStore();
    }

    /** @return the app column for {@code data}: the store's own app for its context, else the foreign context path */
    private String appOf(SessionData data) {
        SessiondbDataStore store = store();
        String ours = store.newSessionData("probe", 0, 0, 0, 0).getContextPath();
        return data.getContextPath().equals(ours) ? store.getRepository().config().getAppName() : data.getContextPath();
    }

    /** The id digests and seals of the table, keyed as the store keys them (no idSecret: the schema's seal key). */
    private SessionIds ids(Connection c) throws SQLException {
        store().getRepository().count(); // the store creates its schema on the first operation that reaches it
        try (PreparedStatement ps = c.prepareStatement("SELECT seal_key FROM " + table + "_schema ORDER BY version LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next(), "no schema row in " + table + "_schema");
            return new SessionIds(java.util.List.of(), rs.getBytes(1));
        }
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** Reads with the webapp's class loader, which alone knows the suite's {@code Foo} and {@code Proxyable}. */
    private Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        ClassLoader loader = _contextClassLoader;
        try (InputStream in = new ByteArrayInputStream(bytes); ObjectInputStream ois = new ObjectInputStream(in) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
                return Class.forName(desc.getName(), false, loader);
            }

            @Override
            protected Class<?> resolveProxyClass(String[] interfaces) throws ClassNotFoundException {
                Class<?>[] classes = new Class<?>[interfaces.length];
                for (int i = 0; i < interfaces.length; i++) {
                    classes[i] = Class.forName(interfaces[i], false, loader);
                }
                return Proxy.getProxyClass(loader, classes);
            }
        }) {
            return ois.readObject();
        }
    }
}
