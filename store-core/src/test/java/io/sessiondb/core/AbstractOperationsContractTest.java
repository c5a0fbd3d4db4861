package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SaveResult.Outcome;
import io.sessiondb.core.admin.SessionAdmin;
import io.sessiondb.core.testing.CountingDataSource;
import io.sessiondb.core.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The operations side of {@link SessionRepository} (schema version 3), run against a real database by
 * one subclass per dialect: client metadata captured with the writes a request makes anyway,
 * indexed attributes, revocation, history and the sweep. Each test uses its own app name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractOperationsContractTest {

    public static final String DESKTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            + " (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
    public static final String IPHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    public static final String IPAD_UA = "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15"
            + " (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    public static final String GOOGLEBOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    public static final String CURL_UA = "curl/8.4.0";

    private static final long HOUR_MS = 3_600_000;

    protected String table;
    private String app;
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    /** @return a config for this dialect's test database with the given table and app */
    protected abstract SessiondbConfig config(String table, String app);

    /** @return a plain DataSource on this dialect's test database (the store's settings are not needed) */
    protected abstract DataSource plainDataSource();

    /** @return a plain connection to this dialect's test database */
    protected abstract Connection connect() throws SQLException;

    /** Drops the tables of {@code table}. */
    protected abstract void dropTables(String table);

    /** @return the dialect's name, which names its schema script */
    protected abstract String dialectName();

    @BeforeAll
    void createTable() {
        table = TestDatabase.uniqueTable("opscore_" + getClass().getSimpleName());
    }

    @AfterAll
    void dropTable() {
        dropTables(table);
    }

    @BeforeEach
    void name(TestInfo info) {
        app = "opscore-" + info.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        opened.clear();
    }

    private SessionRepository open(SessiondbConfig config) {
        SessionRepository repository = SessionRepository.start(config);
        opened.add(repository);
        return repository;
    }

    private SessionRepository node(String nodeName) {
        SessiondbConfig config = config(table, app);
        config.setNodeName(nodeName);
        config.setTouchInterval(60);
        return open(config);
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }

    private static SessionSnapshot snapshot(String id, long createdMs, long accessMs, Map<String, String> metadata,
                                            Map<String, Object> attributes) {
        return new SessionSnapshot(id, createdMs, accessMs, HOUR_MS, "ada", metadata, attributes);
    }

    private LoadedSession load(SessionRepository repository, String id) {
        return repository.load(id, getClass().getClassLoader()).orElseThrow(() -> new AssertionError("no session " + id));
    }

    /** @return the operations columns of the only session of {@code app} */
    private Map<String, Object> row(String app) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT created_node, last_node,"
                + " client_address, user_agent, client_type, attribute_count, size_bytes, revoked_ms, expiry_ms, version"
                + " FROM " + table + " WHERE app = ?")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a row of app " + app);
                Map<String, Object> row = new HashMap<>();
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(md.getColumnLabel(i).toLowerCase(), value instanceof Number n ? n.longValue() : value);
                }
                assertFalse(rs.next(), "one row only");
                return row;
            }
        }
    }

    private List<Map<String, Object>> query(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        row.put(md.getColumnLabel(i).toLowerCase(), value instanceof Number n ? n.longValue() : value);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** What an operator's revoke runs (SessionAdmin.revoke*): marks every session of {@code app}. */
    private int revokeApp(String app, long nowMs) throws SQLException {
        return update("UPDATE " + table + " SET revoked_ms = ?, expiry_ms = ? WHERE app = ? AND revoked_ms IS NULL",
                nowMs, nowMs, app);
    }

    private List<Map<String, Object>> history(String app) throws SQLException {
        return query("SELECT ended_how, principal, client_type, created_node, created_ms, ended_ms, duration_ms FROM "
                + table + "_history WHERE app = ? ORDER BY ended_ms", app);
    }

    // ---- client metadata ------------------------------------------------------------------------

    @Test
    void clientColumnsAreWrittenOnInsertAndParsedIntoAClientType() throws SQLException {
        SessionRepository repo = node("node-a");
        long now = System.currentTimeMillis();
        repo.save(snapshot(newId(), now, now, ClientInfo.of("10.0.0.7", IPHONE_UA), Map.of("a", 1, "b", "two")), null);
        Map<String, Object> row = row(app);
        assertEquals("node-a", row.get("created_node"));
        assertEquals("node-a", row.get("last_node"));
        assertEquals("10.0.0.7", row.get("client_address"));
        assertEquals(IPHONE_UA, row.get("user_agent"));
        assertEquals("mobile", row.get("client_type"));
        assertEquals(2L, row.get("attribute_count"));
        assertTrue((Long) row.get("size_bytes") > 20, "serialized size of both attributes: " + row.get("size_bytes"));
    }

    @Test
    void clientTypesOfCommonUserAgents() {
        assertEquals("desktop", io.sessiondb.core.internal.ClientTypes.of(DESKTOP_UA));
        assertEquals("mobile", io.sessiondb.core.internal.ClientTypes.of(IPHONE_UA));
        assertEquals("tablet", io.sessiondb.core.internal.ClientTypes.of(IPAD_UA));
        assertEquals("bot", io.sessiondb.core.internal.ClientTypes.of(GOOGLEBOT_UA));
        assertEquals("other", io.sessiondb.core.internal.ClientTypes.of(CURL_UA));
        assertEquals("other", io.sessiondb.core.internal.ClientTypes.of(null));
    }

    @Test
    void aLongUserAgentIsCutTo512Characters() throws SQLException {
        SessionRepository repo = node("node-a");
        long now = System.currentTimeMillis();
        String longAgent = DESKTOP_UA + " " + "x".repeat(1000);
        repo.save(snapshot(newId(), now, now, Map.of(ClientInfo.USER_AGENT, longAgent), Map.of("a", 1)), null);
        assertEquals(longAgent.substring(0, ClientInfo.MAX_USER_AGENT_CHARS), row(app).get("user_agent"));
        assertEquals("desktop", row(app).get("client_type"));
    }

    @Test
    void aChangedClientIsWrittenOnlyWithAWriteDueAnywayInTheSameRoundTrips() throws SQLException {
        CountingDataSource counting = new CountingDataSource(plainDataSource());
        SessiondbConfig config = config(table, app);
        config.setJdbcUrl(null);
        config.setDataSource(counting);
        config.setNodeName("node-a");
        config.setTouchInterval(60);
        SessionRepository repo = open(config);
        long now = System.currentTimeMillis();

        // The cost of a save of one changed attribute without any client change, on a control session.
        SessiondbConfig controlConfig = config(table, app + "-control");
        controlConfig.setJdbcUrl(null);
        controlConfig.setDataSource(counting);
        controlConfig.setTouchInterval(60);
        SessionRepository controlRepo = open(controlConfig);
        String control = newId();
        controlRepo.save(snapshot(control, now, now, ClientInfo.of("10.0.0.1", DESKTOP_UA), Map.of("n", 1)), null);
        LoadedSession controlLoaded = load(controlRepo, control);
        counting.reset();
        controlRepo.save(snapshot(control, now, now + 1, ClientInfo.of("10.0.0.1", DESKTOP_UA), Map.of("n", 2)),
                controlLoaded.baseline());
        int plainAttributeSave = counting.roundTrips();
        assertTrue(plainAttributeSave >= 1);

        String id = newId();
        repo.save(snapshot(id, now, now, ClientInfo.of("10.0.0.1", DESKTOP_UA), Map.of("n", 1)), null);
        LoadedSession loaded = load(repo, id);
        long version = (Long) row(app).get("version");

        counting.reset();
        SaveResult same = repo.save(snapshot(id, now, now + 1000, ClientInfo.of("10.0.0.1", DESKTOP_UA), Map.of("n", 1)),
                loaded.baseline());
        assertEquals(Outcome.UNCHANGED, same.outcome());
        assertEquals(0, counting.roundTrips(), "same client, nothing changed, no touch due: no statement");

        counting.reset();
        SaveResult moved = repo.save(snapshot(id, now, now + 2000, ClientInfo.of("10.9.9.9", IPAD_UA), Map.of("n", 1)),
                same.baseline());
        assertEquals(Outcome.UNCHANGED, moved.outcome(), "a new client alone never makes a request write");
        assertEquals(0, counting.roundTrips(), "no statement for a changed client alone");
        assertEquals(DESKTOP_UA, row(app).get("user_agent"), "still the stored client");
        assertEquals(version, row(app).get("version"), "the row was not written");

        counting.reset();
        SaveResult written = repo.save(snapshot(id, now, now + 3000, ClientInfo.of("10.9.9.9", IPAD_UA), Map.of("n", 2)),
                moved.baseline());
        assertEquals(Outcome.UPDATED, written.outcome());
        assertEquals(plainAttributeSave, counting.roundTrips(),
                "the client goes with the attribute write, in the same statements as a save without it");
        Map<String, Object> after = row(app);
        assertEquals("10.9.9.9", after.get("client_address"));
        assertEquals(IPAD_UA, after.get("user_agent"));
        assertEquals("tablet", after.get("client_type"));

        LoadedSession reloaded = load(repo, id);
        assertEquals("10.9.9.9", reloaded.session().metadata().get(ClientInfo.CLIENT_ADDRESS));
        counting.reset();
        assertEquals(Outcome.UNCHANGED, repo.save(snapshot(id, now, now + 4000, ClientInfo.of("10.9.9.9", IPAD_UA),
                Map.of("n", 2)), reloaded.baseline()).outcome(), "the loaded client is the baseline: no write");
        assertEquals(0, counting.roundTrips());
    }

    @Test
    void anotherNodeWritesLastNodeAndKeepsCreatedNode() throws SQLException {
        SessionRepository a = node("node-a");
        SessionRepository b = node("node-b");
        long now = System.currentTimeMillis();
        String id = newId();
        a.save(snapshot(id, now, now, ClientInfo.of("10.0.0.1", DESKTOP_UA), Map.of("n", 1)), null);
        LoadedSession loaded = load(b, id);
        b.save(snapshot(id, now, now + 1, ClientInfo.of("10.0.0.1", DESKTOP_UA), Map.of("n", 2)), loaded.baseline());
        Map<String, Object> row = row(app);
        assertEquals("node-a", row.get("created_node"));
        assertEquals("node-b", row.get("last_node"));
    }

    @Test
    void clientInfoFalseRecordsNothing() throws SQLException {
        SessiondbConfig config = config(table, app);
        config.setClientInfo(false);
        SessionRepository repo = open(config);
        long now = System.currentTimeMillis();
        String id = newId();
        repo.save(snapshot(id, now, now, ClientInfo.of("10.0.0.7", IPHONE_UA), Map.of("n", 1)), null);
        LoadedSession loaded = load(repo, id);
        repo.save(snapshot(id, now, now + 1, ClientInfo.of("10.0.0.8", IPAD_UA), Map.of("n", 2)), loaded.baseline());
        Map<String, Object> row = row(app);
        assertNull(row.get("created_node"));
        assertNull(row.get("client_address"));
        assertNull(row.get("user_agent"));
        assertNull(row.get("client_type"));
        assertFalse(load(repo, id).session().metadata().containsKey(ClientInfo.USER_AGENT));
    }

    @Test
    void emptyMetadataKeepsWhatIsStored() throws SQLException {
        SessionRepository repo = node("node-a");
        long now = System.currentTimeMillis();
        String id = newId();
        Map<String, String> metadata = new HashMap<>(ClientInfo.of("10.0.0.7", IPHONE_UA));
        metadata.put("locale", "de");
        repo.save(snapshot(id, now, now, metadata, Map.of("n", 1)), null);
        LoadedSession loaded = load(repo, id);
        // A save outside a request (the sweeper, Tomcat's background persistence): no metadata.
        SaveResult saved = repo.save(snapshot(id, now, now + HOUR_MS / 2, Map.of(), Map.of("n", 2)), loaded.baseline());
        assertEquals(Outcome.UPDATED, saved.outcome());
        Map<String, Object> row = row(app);
        assertEquals("10.0.0.7", row.get("client_address"));
        assertEquals(IPHONE_UA, row.get("user_agent"));
        assertEquals("mobile", row.get("client_type"));
        assertEquals(metadata, load(repo, id).session().metadata(), "document and client kept");
        assertEquals(Outcome.UNCHANGED, repo.save(snapshot(id, now, now + HOUR_MS / 2, metadata, Map.of("n", 2)),
                saved.baseline()).outcome(), "the baseline after an empty-metadata save still knows what is stored");
    }

    // ---- indexed attributes ---------------------------------------------------------------------

    private List<Map<String, Object>> indexRows(String app) throws SQLException {
        return query("SELECT name, value FROM " + table + "_index WHERE app = ? ORDER BY name", app);
    }

    @Test
    void indexedAttributeRowsFollowTheAttribute() throws SQLException {
        SessiondbConfig config = config(table, app);
        config.setIndexedAttributes(" tenant , sandbox,");
        config.setTouchInterval(60);
        SessionRepository repo = open(config);
        long now = System.currentTimeMillis();
        String id = newId();
        Map<String, Object> attributes = new HashMap<>(Map.of("tenant", 7, "cart", "x"));
        repo.save(snapshot(id, now, now, Map.of(), attributes), null);
        assertEquals(List.of(Map.of("name", "tenant", "value", "7")), indexRows(app));

        LoadedSession loaded = load(repo, id);
        attributes.put("tenant", 8);
        attributes.put("sandbox", "s".repeat(300));
        SaveResult changed = repo.save(snapshot(id, now, now + 1, Map.of(), attributes), loaded.baseline());
        assertEquals(List.of(Map.of("name", "sandbox", "value", "s".repeat(255)), Map.of("name", "tenant", "value", "8")),
                indexRows(app), "String.valueOf, cut to 255 characters");

        attributes.put("cart", "y");
        attributes.remove("tenant");
        SaveResult removed = repo.save(snapshot(id, now, now + 2, Map.of(), attributes), changed.baseline());
        assertEquals(List.of(Map.of("name", "sandbox", "value", "s".repeat(255))), indexRows(app));

        repo.delete(id);
        assertEquals(List.of(), indexRows(app), "the index rows go with the session");
        attributes.put("cart", "z");
        assertEquals(Outcome.GONE, repo.save(snapshot(id, now, now + 3, Map.of(), attributes), removed.baseline()).outcome());
    }

    // ---- revocation -----------------------------------------------------------------------------

    @Test
    void aRevokedSessionLoadsAsExpiredAndIsNeverResurrected() throws SQLException {
        SessionRepository repo = node("node-a");
        long now = System.currentTimeMillis();
        String id = newId();
        repo.save(snapshot(id, now, now, ClientInfo.of("10.0.0.1", DESKTOP_UA), Map.of("n", 1)), null);
        LoadedSession before = load(repo, id);
        long revokedAt = System.currentTimeMillis();
        assertEquals(1, revokeApp(app, revokedAt));
        assertEquals(0, revokeApp(app, revokedAt + 5), "idempotent");

        LoadedSession revoked = load(repo, id);
        assertTrue(revoked.revoked());
        assertTrue(revoked.expired(), "the adapters treat it as absent unless they win its expiry claim");
        assertFalse(repo.exists(id));

        long later = System.currentTimeMillis() + 10;
        assertEquals(Outcome.GONE, repo.save(snapshot(id, now, later, Map.of(), Map.of("n", 2)), before.baseline()).outcome(),
                "a save never resurrects it");
        assertEquals(Outcome.GONE, repo.save(snapshot(id, now, later + HOUR_MS, Map.of(), Map.of("n", 1)),
                before.baseline()).outcome(), "nor a touch");
        assertTrue(repo.claimExpired(id), "its expiry is claimable at once");
        assertFalse(repo.releaseClaim(id, later + HOUR_MS), "a claim on a revoked session is never released");
        Map<String, Object> row = row(app);
        assertEquals(revokedAt, row.get("revoked_ms"));
        assertEquals(revokedAt, row.get("expiry_ms"), "expiry not renewed");
        assertEquals(List.of(id), repo.revokedSince(revokedAt - 1000));
        assertEquals(List.of(), repo.revokedSince(revokedAt + 1));
    }

    @Test
    void theExpiryProtocolExpiresARevokedSessionInUseWithListenersOnce() throws SQLException {
        SessionRepository a = node("node-a");
        SessionRepository b = node("node-b");
        long now = System.currentTimeMillis();
        String revokedId = newId();
        String liveId = newId();
        a.save(snapshot(revokedId, now - 1000, now, ClientInfo.of("10.0.0.1", IPHONE_UA), Map.of("n", 1)), null);
        // Expired in the database, in use on the node: its claim is released.
        a.save(new SessionSnapshot(liveId, now - 1000, now, HOUR_MS, null, Map.of(), Map.of("n", 1), now, now - 1), null);
        assertEquals(1, update("UPDATE " + table + " SET revoked_ms = ?, expiry_ms = ? WHERE app = ? AND principal = ?"
                + " AND revoked_ms IS NULL", now - 10, now - 10, app, "ada"));

        List<String> fired = new CopyOnWriteArrayList<>();
        // Both sessions are in use on both nodes: only the revoked one is expired, exactly once.
        SessionExpiry.InUse everythingInUse = id -> System.currentTimeMillis();
        int expiredA = new SessionExpiry(a, everythingInUse).sweep(10, 2, null, null, (id, s) -> fired.add(id));
        int expiredB = new SessionExpiry(b, everythingInUse).sweep(10, 2, null, null, (id, s) -> fired.add(id));
        assertEquals(1, expiredA + expiredB);
        assertEquals(List.of(revokedId), fired);
        assertTrue(a.load(liveId, null).isPresent(), "the expired session in use was released, not expired");
        assertTrue(a.load(revokedId, null).isEmpty());
        List<Map<String, Object>> history = history(app);
        assertEquals(1, history.size());
        assertEquals("revoked", history.get(0).get("ended_how"));
        assertEquals(List.of(revokedId), b.revokedSince(now - 1000),
                "a node that did not check before the session was expired still finds it, in the history");
    }

    // ---- history --------------------------------------------------------------------------------

    @Test
    void historyRowsForEachWayASessionEnds() throws SQLException {
        SessionRepository repo = node("node-a");
        long now = System.currentTimeMillis();
        String invalidated = newId();
        String expired = newId();
        String revoked = newId();
        String orphan = newId();
        repo.save(snapshot(invalidated, now - 5000, now, ClientInfo.of("10.0.0.1", IPHONE_UA), Map.of("n", 1)), null);
        repo.save(new SessionSnapshot(expired, now - 7000, now - 4000, 1000, "bob", ClientInfo.of("10.0.0.2", DESKTOP_UA),
                Map.of("n", 1)), null);
        repo.save(new SessionSnapshot(orphan, now - 9000, now - 8000, 1000, "eve", Map.of(), Map.of("n", 1)), null);

        assertTrue(repo.delete(invalidated));
        List<String> fired = new ArrayList<>();
        SessionExpiry expiry = new SessionExpiry(repo, id -> SessionExpiry.NOT_IN_USE);
        assertTrue(expiry.claim(expired));
        assertTrue(expiry.expireClaimed(expired, null, null, (id, s) -> fired.add(id)));
        assertEquals(List.of(expired), fired);
        assertTrue(repo.deleteExpiredBefore(System.currentTimeMillis(), 100) >= 1, "the orphan (and any of other apps)");

        repo.save(snapshot(revoked, now - 3000, now, ClientInfo.of("10.0.0.3", GOOGLEBOT_UA), Map.of("n", 1)), null);
        long revokedAt = System.currentTimeMillis();
        revokeApp(app, revokedAt);
        assertEquals(1, expiry.sweep(10, 1, null, null, (id, s) -> fired.add(id)));

        Map<String, Map<String, Object>> byHow = new HashMap<>();
        for (Map<String, Object> h : history(app)) {
            byHow.merge((String) h.get("ended_how") + ":" + h.get("principal"), h, (x, y) -> {
                throw new AssertionError("two rows for " + x);
            });
        }
        assertEquals(4, byHow.size(), byHow.toString());
        Map<String, Object> inv = byHow.get("invalidated:ada");
        assertEquals("mobile", inv.get("client_type"));
        assertEquals("node-a", inv.get("created_node"));
        assertEquals(now - 5000, inv.get("created_ms"));
        assertEquals((Long) inv.get("ended_ms") - (now - 5000), inv.get("duration_ms"));
        Map<String, Object> exp = byHow.get("expired:bob");
        assertEquals(now - 3000, exp.get("ended_ms"), "an expired session ended at its expiry");
        assertEquals(4000L, exp.get("duration_ms"));
        assertEquals("desktop", exp.get("client_type"));
        assertEquals(now - 7000, byHow.get("expired:eve").get("ended_ms"), "the orphan ended at its expiry");
        Map<String, Object> rev = byHow.get("revoked:ada");
        assertEquals(revokedAt, rev.get("ended_ms"), "a revoked session ended at its revocation");
        assertEquals("bot", rev.get("client_type"));
    }

    @Test
    void deleteByPrincipalWritesRevokedHistoryRowsAndStickyNodesFindThem() throws SQLException {
        SessionRepository repo = node("node-a");
        long now = System.currentTimeMillis();
        String live = newId();
        String expired = newId();
        String other = newId();
        repo.save(snapshot(live, now - 5000, now, ClientInfo.of("10.0.0.1", IPHONE_UA), Map.of("n", 1)), null);
        repo.save(new SessionSnapshot(expired, now - 7000, now - 4000, 1000, "ada", Map.of(), Map.of("n", 1)), null);
        repo.save(new SessionSnapshot(other, now - 5000, now, HOUR_MS, "bob", Map.of(), Map.of("n", 1)), null);
        long before = System.currentTimeMillis();

        assertEquals(2, repo.deleteByPrincipal("ada"));

        long after = System.currentTimeMillis();
        Map<String, Map<String, Object>> byHow = new HashMap<>();
        for (Map<String, Object> h : history(app)) {
            byHow.merge((String) h.get("ended_how"), h, (x, y) -> {
                throw new AssertionError("two rows for " + x);
            });
        }
        assertEquals(java.util.Set.of("revoked", "expired"), byHow.keySet(), "one row per session of ada, none for bob");
        Map<String, Object> rev = byHow.get("revoked");
        assertEquals("ada", rev.get("principal"));
        assertEquals("mobile", rev.get("client_type"));
        long ended = (Long) rev.get("ended_ms");
        assertTrue(ended >= before && ended <= after, "ended when deleted: " + ended);
        assertEquals(ended - (now - 5000), rev.get("duration_ms"));
        assertEquals(now - 3000, byHow.get("expired").get("ended_ms"), "a session already expired ended at its expiry");
        assertEquals(List.of(live), repo.revokedSince(before), "a sticky node holding it in memory finds it");
        assertTrue(repo.load(other, null).isPresent());
    }

    @Test
    void historyDaysZeroWritesNoHistory() throws SQLException {
        SessiondbConfig config = config(table, app);
        config.setHistoryDays(0);
        SessionRepository repo = open(config);
        long now = System.currentTimeMillis();
        String invalidated = newId();
        String expired = newId();
        repo.save(snapshot(invalidated, now, now, Map.of(), Map.of("n", 1)), null);
        repo.save(new SessionSnapshot(expired, now - 7000, now - 4000, 1000, "bob", Map.of(), Map.of()), null);
        assertTrue(repo.delete(invalidated));
        assertTrue(repo.deleteExpiredBefore(System.currentTimeMillis(), 100) >= 1);
        assertTrue(repo.load(expired, null).isEmpty());
        assertEquals(List.of(), history(app));
    }

    @Test
    void theSweeperPrunesHistoryOlderThanHistoryDaysInBatches() throws SQLException {
        SessiondbConfig config = config(table, app);
        config.setHistoryDays(2);
        SessionRepository repo = open(config);
        long now = System.currentTimeMillis();
        long day = 86_400_000L;
        String insert = "INSERT INTO " + table + "_history (app, id_digest, ended_ms, created_ms, duration_ms, ended_how)"
                + " VALUES (?, ?, ?, ?, 0, 'expired')";
        for (int i = 0; i < 5; i++) {
            update(insert, app, ("old" + i).getBytes(StandardCharsets.UTF_8), now - 3 * day - i, now - 4 * day);
        }
        update(insert, app, "recent".getBytes(StandardCharsets.UTF_8), now - day, now - 2 * day);
        int pruned = 0;
        int batch;
        while ((batch = repo.pruneHistory()) > 0) {
            pruned += batch;
        }
        assertTrue(pruned >= 5, "at least this app's old rows: " + pruned);
        List<Map<String, Object>> left = query("SELECT ended_ms FROM " + table + "_history WHERE app = ?", app);
        assertEquals(1, left.size());
        assertEquals(now - day, left.get(0).get("ended_ms"));
    }

    @Test
    void purgeExpiredSweepsExpiredAndRevokedUnclaimedSessionsOfEveryAppWithHistory() throws SQLException {
        SessionRepository repo = node("node-a");
        SessiondbConfig otherAppConfig = config(table, app + "-other");
        SessionRepository otherApp = open(otherAppConfig);
        long now = System.currentTimeMillis();
        String live = newId();
        String claimed = newId();
        repo.save(snapshot(live, now, now, Map.of(), Map.of("n", 1)), null);
        repo.save(new SessionSnapshot(newId(), now - 7000, now - 4000, 1000, "bob", Map.of(), Map.of()), null);
        repo.save(new SessionSnapshot(claimed, now - 7000, now - 4000, 1000, "cid", Map.of(), Map.of()), null);
        otherApp.save(new SessionSnapshot(newId(), now - 7000, now - 4000, 1000, "eve", Map.of(), Map.of()), null);
        String revoked = newId();
        otherApp.save(snapshot(revoked, now, now, Map.of(), Map.of("n", 1)), null);
        update("UPDATE " + table + " SET revoked_ms = ?, expiry_ms = ? WHERE app = ? AND principal = ?", now - 1, now - 1,
                app + "-other", "ada");
        assertTrue(repo.claimExpired(claimed), "a node is expiring this one: the purge leaves it");

        SessiondbConfig adminConfig = config(table, "ignored");
        try (SessionAdmin admin = SessionAdmin.start(adminConfig)) {
            assertTrue(admin.purgeExpired() >= 3, "at least this test's three");
            assertEquals(0, admin.purgeExpired());
        }
        assertTrue(repo.load(live, null).isPresent());
        assertTrue(repo.load(claimed, null).isPresent());
        assertEquals(1, history(app).size());
        assertEquals(List.of("expired", "revoked"), history(app + "-other").stream().map(h -> (String) h.get("ended_how"))
                .sorted().toList());
    }

    // ---- upgrade --------------------------------------------------------------------------------

    @Test
    void v2TableIsUpgradedInPlaceAndItsSessionsLoadAndCapture() throws Exception {
        String fresh = TestDatabase.uniqueTable("opscore_v2");
        try {
            String ddl;
            try (java.io.InputStream in = getClass().getResourceAsStream("/io/sessiondb/schema-v2/" + dialectName() + ".sql")) {
                ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", fresh).replace("${name}", fresh);
            }
            long now = System.currentTimeMillis();
            byte[] sealKey;
            String id = newId();
            try (Connection c = connect()) {
                runByHand(c, ddl);
                List<Map<String, Object>> schema = query("SELECT MAX(version) AS v FROM " + fresh + "_schema");
                assertEquals(2L, schema.get(0).get("v"));
                try (PreparedStatement ps = c.prepareStatement("SELECT seal_key FROM " + fresh + "_schema WHERE version = 1");
                     ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    sealKey = rs.getBytes(1);
                }
                io.sessiondb.core.internal.SessionIds ids = new io.sessiondb.core.internal.SessionIds(List.of(), sealKey);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + fresh + " (app, id_digest, id_sealed,"
                        + " created_ms, last_access_ms, max_inactive_ms, expiry_ms, principal, last_node, metadata, version,"
                        + " previous_access_ms) VALUES (?, ?, ?, ?, ?, ?, ?, 'v2user', 'v2-node', '{}', 1, ?)")) {
                    ps.setString(1, "v2app");
                    ps.setBytes(2, ids.digest(id));
                    ps.setBytes(3, ids.seal(id));
                    ps.setLong(4, now - 5000);
                    ps.setLong(5, now);
                    ps.setLong(6, HOUR_MS);
                    ps.setLong(7, now + HOUR_MS);
                    ps.setLong(8, now - 100);
                    ps.executeUpdate();
                }
            }
            SessiondbConfig config = config(fresh, "v2app");
            config.setNodeName("v3-node");
            SessionRepository upgraded = open(config);
            LoadedSession loaded = load(upgraded, id);
            assertEquals((long) io.sessiondb.core.internal.SchemaInfo.CURRENT_VERSION,
                    query("SELECT MAX(version) AS v FROM " + fresh + "_schema").get(0).get("v"));
            assertFalse(loaded.expired());
            assertFalse(loaded.revoked());
            assertEquals("v2user", loaded.session().principal());
            assertEquals(now - 100, loaded.session().previousAccessMs());
            assertEquals(Outcome.UPDATED, upgraded.save(new SessionSnapshot(id, now - 5000, now + 1, HOUR_MS, "v2user",
                    ClientInfo.of("10.1.1.1", IPAD_UA), Map.of("k", 1)), loaded.baseline()).outcome());
            Map<String, Object> row = query("SELECT created_node, last_node, client_type, revoked_ms FROM " + fresh
                    + " WHERE app = 'v2app'").get(0);
            assertNull(row.get("created_node"), "unknown for a session created before version 3");
            assertEquals("v3-node", row.get("last_node"));
            assertEquals("tablet", row.get("client_type"));
            assertNull(row.get("revoked_ms"));
            assertTrue(upgraded.delete(id));
            assertEquals(1, query("SELECT ended_how FROM " + fresh + "_history WHERE app = 'v2app'").size());
        } finally {
            dropTables(fresh);
        }
    }

    private static void runByHand(Connection c, String ddl) throws SQLException {
        try (java.sql.Statement st = c.createStatement()) {
            for (String statement : ddl.split(";\\s*\\n")) {
                String sql = statement.lines().filter(l -> !l.strip().startsWith("--"))
                        .collect(java.util.stream.Collectors.joining("\n")).strip();
                if (sql.endsWith(";")) {
                    sql = sql.substring(0, sql.length() - 1);
                }
                if (!sql.isEmpty()) {
                    st.execute(sql);
                }
            }
        }
    }
}
