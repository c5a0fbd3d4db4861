package io.sessiondb.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.SaveResult.Outcome;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The guarantees of {@link SessionRepository}, run against a real database by one subclass per
 * dialect. Each subclass gets its own table; each test its own app name, so no test sees another's rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractSessionRepositoryContractTest {

    /** The schema version this build creates. */
    private static final class SchemaInfoVersion {
        static final int CURRENT = 5;
    }

    private static final long HOUR_MS = 3_600_000;

    /** A serializable value the tests' filters forbid. */
    public static final class Forbidden implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A cart mutated in place by the tests. */
    public static final class Cart implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> items = new ArrayList<>();
    }

    protected String table;
    private String app;
    private final List<SessionRepository> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    protected SessionRepository repo;

    /** @return a config for this dialect's test database with the given table and app */
    protected abstract SessiondbConfig config(String table, String app);

    /** @return a plain connection to this dialect's test database */
    protected abstract Connection connect() throws SQLException;

    /** Drops the tables of {@code table}. */
    protected abstract void dropTables(String table);

    /** @return the dialect's name, which names its schema script */
    protected abstract String dialectName();

    @BeforeAll
    void createTable() {
        table = io.sessiondb.core.testing.TestDatabase.uniqueTable(getClass().getSimpleName());
    }

    @AfterAll
    void dropTable() {
        dropTables(table);
    }

    @BeforeEach
    void startRepository(TestInfo info) {
        app = info.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID().toString().substring(0, 6);
        repo = open(config(table, app));
    }

    @AfterEach
    void closeRepositories() {
        opened.forEach(SessionRepository::close);
        opened.clear();
    }

    protected SessionRepository open(SessiondbConfig config) {
        SessionRepository repository = SessionRepository.start(config);
        opened.add(repository);
        return repository;
    }

    /** @return a second repository on the same table and app: another node with its own pool */
    protected SessionRepository otherNode() {
        SessiondbConfig config = config(table, app);
        config.setNodeName("other-node");
        return open(config);
    }

    private static SessionSnapshot snapshot(String id, long accessMs, Map<String, Object> attributes) {
        return new SessionSnapshot(id, accessMs - 1000, accessMs, HOUR_MS, null, Map.of(), attributes);
    }

    private static SessionSnapshot withAttributes(LoadedSession loaded, long accessMs, Map<String, Object> attributes) {
        SessionSnapshot s = loaded.session();
        return new SessionSnapshot(s.id(), s.createdMs(), accessMs, s.maxInactiveMs(), s.principal(), s.metadata(), attributes);
    }

    private LoadedSession load(SessionRepository repository, String id) {
        return repository.load(id, getClass().getClassLoader()).orElseThrow(() -> new AssertionError("no session " + id));
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "").toUpperCase();
    }

    @Test
    void aLazilyLoadedSessionWritesOnlyWhatChanged() {
        long now = System.currentTimeMillis();
        String id = newId();
        Cart cart = new Cart();
        cart.items.add("book");
        Map<String, Object> stored = Map.of("count", 7, "name", "Ada", "cart", cart, "big", new byte[64 * 1024]);
        assertEquals(Outcome.INSERTED, repo.save(snapshot(id, now, stored), null).outcome());

        // read: the counter and the cart handed out, nothing changed: nothing written
        LoadedSession loaded = repo.loadLazily(id, getClass().getClassLoader(), null).orElseThrow();
        Map<String, Object> attributes = new HashMap<>(loaded.session().attributes());
        attributes.put("count", StoredValue.unwrap(attributes.get("count")));
        attributes.put("cart", StoredValue.unwrap(attributes.get("cart")));
        SaveResult read = repo.save(withAttributes(loaded, now, attributes), loaded.baseline());
        assertEquals(Outcome.UNCHANGED, read.outcome());

        // the counter set to an equal new instance, the cart changed in place: only the cart is written
        attributes.put("count", Integer.valueOf(7)); // equal to the stored value, not the instance read
        ((Cart) attributes.get("cart")).items.add("pen");
        SaveResult write = repo.save(withAttributes(loaded, now, attributes), read.baseline());
        assertEquals(Outcome.UPDATED, write.outcome());
        assertEquals(1, write.attributesWritten());

        // the next save of the same state writes nothing; a changed counter is written
        assertEquals(Outcome.UNCHANGED, repo.save(withAttributes(loaded, now, attributes), write.baseline()).outcome());
        attributes.put("count", 8);
        SaveResult counted = repo.save(withAttributes(loaded, now, attributes), write.baseline());
        assertEquals(1, counted.attributesWritten());

        LoadedSession after = load(repo, id);
        assertEquals(8, after.session().attributes().get("count"));
        assertEquals(List.of("book", "pen"), ((Cart) after.session().attributes().get("cart")).items);
        assertEquals(64 * 1024, ((byte[]) after.session().attributes().get("big")).length);
        assertEquals("Ada", after.session().attributes().get("name"));
    }

    @Test
    void roundTripsEveryColumn() throws SQLException {
        long now = System.currentTimeMillis();
        Map<String, Object> attributes = Map.of("count", 7, "name", "Ada", "list", new ArrayList<>(List.of("a", "b")));
        SessionSnapshot saved = new SessionSnapshot(newId(), now - 5000, now, 1_800_000, "ada",
                Map.of("remoteAddr", "10.0.0.1", "userAgent", "Mozilla/5.0 \"quoted\" ü"), attributes);
        assertEquals(Outcome.INSERTED, repo.save(saved, null).outcome());

        LoadedSession loaded = load(repo, saved.id());
        assertEquals(saved, loaded.session());
        assertEquals(repo.config().getNodeName(), loaded.lastNode());
        assertEquals(1, loaded.version());
        assertFalse(loaded.expired());
        assertTrue(loaded.unreadable().isEmpty());
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT expiry_ms, max_inactive_ms, last_access_ms, principal FROM " + table + " WHERE app = ?")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(now + 1_800_000, rs.getLong(1));
                assertEquals(1_800_000, rs.getLong(2));
                assertEquals(now, rs.getLong(3));
                assertEquals("ada", rs.getString(4));
            }
        }
    }

    @Test
    void explicitExpiryAndPreviousAccessAreStoredAsGivenAndWrittenByTheNewestAccess() {
        SessionRepository other = otherNode();
        String id = newId();
        long now = System.currentTimeMillis();
        SessionSnapshot saved = new SessionSnapshot(id, now - 5000, now, HOUR_MS, null, Map.of(), Map.of("k", 1),
                now - 700, now + 42_000);
        repo.save(saved, null);
        LoadedSession loaded = load(other, id);
        assertEquals(saved, loaded.session(), "a load returns the stored expiry and previous access unchanged");
        assertEquals(now + 42_000, loaded.session().expiryMs());
        assertEquals(now - 700, loaded.session().previousAccessMs());

        SessionSnapshot newer = new SessionSnapshot(id, now - 5000, now + 100_000, HOUR_MS, null, Map.of(),
                Map.of("k", 2), now, now + 100_000 + 7_000);
        assertEquals(Outcome.UPDATED, repo.save(newer, loaded.baseline()).outcome());
        SessionSnapshot older = new SessionSnapshot(id, now - 5000, now + 50_000, HOUR_MS, null, Map.of(),
                Map.of("k", 2, "j", 1), now + 40_000, now + 50_000 + HOUR_MS);
        assertEquals(Outcome.UPDATED, other.save(older, loaded.baseline()).outcome());
        SessionSnapshot after = load(repo, id).session();
        assertEquals(now + 100_000, after.lastAccessedMs(), "a save never moves the access time backwards");
        assertEquals(now, after.previousAccessMs(), "previous access belongs to the newest access");
        assertEquals(now + 107_000, after.expiryMs(), "expiry belongs to the newest access");
        assertEquals(Map.of("k", 2, "j", 1), after.attributes());
        assertFalse(load(repo, id).expired());

        String soon = newId();
        repo.save(new SessionSnapshot(soon, now, now, HOUR_MS, null, Map.of(), Map.of("k", 1), now, now - 1), null);
        assertTrue(load(repo, soon).expired(), "the stored expiry decides, not access + max inactive");
        assertTrue(other.claimExpired(soon));
    }

    @Test
    void hundredCharacterNodeNameSavesClaimsAndExpires() {
        SessiondbConfig longName = config(table, app);
        longName.setNodeName("n".repeat(100));
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> config(table, app).setNodeName("n".repeat(101)));
        assertTrue(tooLong.getMessage().contains("nodeName") && tooLong.getMessage().contains("100"), tooLong.getMessage());
        SessionRepository node = open(longName);
        String id = newId();
        long now = System.currentTimeMillis();
        node.save(snapshot(id, now, Map.of("k", 1)), null);
        LoadedSession loaded = load(node, id);
        assertEquals("n".repeat(100), loaded.lastNode());
        assertEquals(Outcome.UPDATED, node.save(withAttributes(loaded, now + 1, Map.of("k", 2)), loaded.baseline()).outcome());
        String expiring = newId();
        long past = now - 10_000;
        node.save(new SessionSnapshot(expiring, past, past, 1000, null, Map.of(), Map.of("k", 1)), null);
        assertTrue(node.claimExpired(expiring), "a claim by a node with a 100-character name");
        assertTrue(node.delete(expiring));
        String batch = newId();
        node.save(new SessionSnapshot(batch, past, past, 1000, null, Map.of(), Map.of("k", 1)), null);
        assertEquals(List.of(batch), node.claimExpired(10));
        assertTrue(node.delete(batch));
        assertEquals(Map.of("k", 2), load(repo, id).session().attributes());
    }

    @Test
    void attributeNamesOverTheLimitAreSkippedAndTheRestSaved() {
        String id = newId();
        long now = System.currentTimeMillis();
        String limit = "L".repeat(255);
        Map<String, Object> attributes = Map.of("ok", 1, limit, "at the limit", "x".repeat(256), "too long",
                "y".repeat(5000), "far too long", "🙂".repeat(255), "255 characters, 510 chars");
        assertEquals(Outcome.INSERTED, repo.save(snapshot(id, now, attributes), null).outcome());
        LoadedSession loaded = load(repo, id);
        assertEquals(Map.of("ok", 1, limit, "at the limit", "🙂".repeat(255), "255 characters, 510 chars"),
                loaded.session().attributes());
        Map<String, Object> more = new HashMap<>(loaded.session().attributes());
        more.put("z".repeat(256), "still too long");
        more.put("ok", 2);
        assertEquals(Outcome.UPDATED, repo.save(withAttributes(loaded, now + 1, more), loaded.baseline()).outcome());
        assertEquals(Map.of("ok", 2, limit, "at the limit", "🙂".repeat(255), "255 characters, 510 chars"),
                load(repo, id).session().attributes());
    }

    @Test
    void neverExpiringSessionRoundTrips() {
        long now = System.currentTimeMillis();
        SessionSnapshot saved = new SessionSnapshot(newId(), now, now, -1, "forever", Map.of(), Map.of("k", "v"));
        repo.save(saved, null);
        LoadedSession loaded = load(repo, saved.id());
        assertEquals(saved, loaded.session());
        assertFalse(loaded.expired());
        assertEquals(Long.MAX_VALUE, repo.findByPrincipal("forever").get(0).expiryMs());
        assertTrue(repo.claimExpired(10).isEmpty());
    }

    @Test
    void twoNodesSavingDisjointAttributesConcurrentlyLoseNothing() throws Exception {
        SessionRepository other = otherNode();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                String id = newId();
                long now = System.currentTimeMillis();
                repo.save(snapshot(id, now, Map.of("base", round)), null);
                LoadedSession onA = load(repo, id);
                LoadedSession onB = load(other, id);
                CountDownLatch start = new CountDownLatch(1);
                int r = round;
                Future<SaveResult> a = pool.submit(() -> {
                    start.await();
                    return repo.save(withAttributes(onA, now + 1, Map.of("base", r, "a", "from A")), onA.baseline());
                });
                Future<SaveResult> b = pool.submit(() -> {
                    start.await();
                    return other.save(withAttributes(onB, now + 2, Map.of("base", r, "b", "from B")), onB.baseline());
                });
                start.countDown();
                assertEquals(Outcome.UPDATED, a.get().outcome());
                assertEquals(Outcome.UPDATED, b.get().outcome());
                assertEquals(Map.of("base", round, "a", "from A", "b", "from B"), load(repo, id).session().attributes(),
                        "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sameAttributeLastWriterWinsForThatAttributeOnly() {
        SessionRepository other = otherNode();
        String id = newId();
        long now = System.currentTimeMillis();
        repo.save(snapshot(id, now, Map.of("x", 0, "y", 0)), null);
        LoadedSession onA = load(repo, id);
        LoadedSession onB = load(other, id);
        repo.save(withAttributes(onA, now + 1, Map.of("x", 1, "y", 1)), onA.baseline());
        other.save(withAttributes(onB, now + 2, Map.of("x", 2, "y", 0)), onB.baseline());
        assertEquals(Map.of("x", 2, "y", 1), load(repo, id).session().attributes());
    }

    @Test
    void attributeMutatedInPlaceIsSaved() {
        String id = newId();
        long now = System.currentTimeMillis();
        repo.save(snapshot(id, now, Map.of("cart", new Cart(), "other", "unchanged")), null);
        LoadedSession loaded = load(repo, id);
        Map<String, Object> attributes = new HashMap<>(loaded.session().attributes());
        ((Cart) attributes.get("cart")).items.add("book");
        SaveResult result = repo.save(withAttributes(loaded, now + 1, attributes), loaded.baseline());
        assertEquals(Outcome.UPDATED, result.outcome());
        assertEquals(1, result.attributesWritten(), "only the mutated attribute is written");
        assertEquals(List.of("book"), ((Cart) load(otherNode(), id).session().attributes().get("cart")).items);
    }

    @Test
    void attributeNamesAreCaseSensitiveAndKeepEveryCharacter() {
        String id = newId();
        Map<String, Object> attributes = Map.of("cart", 1, "Cart", 2, "CART", 3, "ñ日本🙂 x".repeat(20), 4);
        repo.save(snapshot(id, System.currentTimeMillis(), attributes), null);
        assertEquals(attributes, load(repo, id).session().attributes());
    }

    @Test
    void removedAttributeIsDeletedAndOthersKept() {
        String id = newId();
        long now = System.currentTimeMillis();
        repo.save(snapshot(id, now, Map.of("keep", 1, "drop", 2)), null);
        LoadedSession loaded = load(repo, id);
        SaveResult result = repo.save(withAttributes(loaded, now + 1, Map.of("keep", 1)), loaded.baseline());
        assertEquals(1, result.attributesRemoved());
        assertEquals(Map.of("keep", 1), load(repo, id).session().attributes());
    }

    @Test
    void concurrentClaimersClaimEachExpiredSessionOnce() throws Exception {
        long past = System.currentTimeMillis() - 10_000;
        Set<String> expired = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            String id = newId();
            expired.add(id);
            repo.save(new SessionSnapshot(id, past, past, 1000, null, Map.of(), Map.of("i", i)), null);
        }
        long now = System.currentTimeMillis();
        repo.save(snapshot(newId(), now, Map.of("alive", true)), null);
        List<SessionRepository> nodes = List.of(repo, otherNode(), otherNode(), otherNode());
        Map<String, Integer> claims = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                SessionRepository node = nodes.get(t % nodes.size());
                futures.add(pool.submit(() -> {
                    start.await();
                    List<String> batch;
                    while (!(batch = node.claimExpired(7)).isEmpty()) {
                        batch.forEach(id -> claims.merge(id, 1, Integer::sum));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // A claimer that finds every candidate locked by the others gets an empty batch and stops, as a
        // sweeper does until its next run; one more sweep then takes whatever is left.
        repo.claimExpired(1000).forEach(id -> claims.merge(id, 1, Integer::sum));
        assertEquals(expired, claims.keySet(), "every expired session is claimed, and no live one");
        assertTrue(claims.values().stream().allMatch(n -> n == 1), "no session is claimed twice: " + claims);
    }

    @Test
    void expiredSessionIsClaimedByOneNodeOnly() {
        String id = newId();
        long past = System.currentTimeMillis() - 10_000;
        repo.save(new SessionSnapshot(id, past, past, 1000, null, Map.of(), Map.of("k", "v")), null);
        SessionRepository other = otherNode();
        assertTrue(load(other, id).expired());
        assertFalse(other.exists(id));
        assertTrue(repo.claimExpired(id));
        assertFalse(other.claimExpired(id));
        assertTrue(repo.claimExpired(id), "the holder of a claim keeps it");
        assertEquals(Map.of("k", "v"), load(repo, id).session().attributes(), "the winner can still read it for listeners");
        assertTrue(repo.delete(id));
        assertTrue(other.load(id, null).isEmpty());
    }

    @Test
    void releasedClaimRenewsTheSessionWhichNeverDisappears() {
        SessionRepository other = otherNode();
        String id = newId();
        long past = System.currentTimeMillis() - 10_000;
        Map<String, Object> attributes = Map.of("k", "v", "n", 7, "list", new ArrayList<>(List.of("a")));
        repo.save(new SessionSnapshot(id, past - 1000, past, 5_000, "ada", Map.of("ua", "x"), attributes), null);
        assertTrue(load(other, id).expired());
        assertTrue(repo.claimExpired(id));
        assertEquals(attributes, load(other, id).session().attributes(), "claimed: still there for every node");
        assertFalse(other.releaseClaim(id, System.currentTimeMillis()), "only the holder of the claim releases it");
        assertTrue(load(other, id).expired(), "a release by another node changed nothing");

        long accessed = System.currentTimeMillis();
        assertTrue(repo.releaseClaim(id, accessed));
        LoadedSession back = load(other, id);
        assertFalse(back.expired(), "released and renewed");
        assertEquals(attributes, back.session().attributes());
        assertEquals(accessed, back.session().lastAccessedMs());
        assertEquals(accessed + 5_000, back.session().expiryMs(), "expiry renewed from the access");
        assertEquals("ada", back.session().principal());
        assertTrue(other.exists(id));
        assertFalse(repo.releaseClaim(id, accessed), "no claim is held any more");
        assertFalse(other.claimExpired(id), "a renewed session cannot be claimed");

        Map<String, Object> changed = new HashMap<>(attributes);
        changed.put("k", "after");
        assertEquals(Outcome.UPDATED, other.save(withAttributes(back, accessed + 1, changed), back.baseline()).outcome(),
                "saves work again");
        assertEquals(changed, load(repo, id).session().attributes());

        assertFalse(repo.claimExpired(id));
        String older = newId();
        repo.save(new SessionSnapshot(older, past, past, 5_000, null, Map.of(), Map.of("k", 1)), null);
        assertTrue(repo.claimExpired(older));
        assertTrue(repo.releaseClaim(older, past - 60_000));
        LoadedSession kept = load(repo, older);
        assertEquals(past, kept.session().lastAccessedMs(), "the access time never moves backwards");
        assertTrue(kept.expired(), "renewed from the stored access, which had expired");
    }

    /**
     * The one expiry protocol: of three expired sessions, the one in use on this node has its claim
     * released (and stays, renewed), the others fire their listeners once each and are deleted.
     */
    @Test
    void expiryProtocolReleasesASessionInUseHereAndExpiresTheOthersOnce() {
        String inUse = newId();
        String idle = newId();
        String idleToo = newId();
        long past = System.currentTimeMillis() - 10_000;
        for (String id : List.of(inUse, idle, idleToo)) {
            repo.save(new SessionSnapshot(id, past, past, 5_000, null, Map.of(), Map.of("k", id)), null);
        }
        long now = System.currentTimeMillis();
        Map<String, Integer> fired = new java.util.concurrent.ConcurrentHashMap<>();
        SessionExpiry expiry = new SessionExpiry(repo, id -> id.equals(inUse) ? now : SessionExpiry.NOT_IN_USE);
        SessionExpiry.Listeners listeners = (id, stored) -> {
            assertEquals(id, stored.session().attributes().get("k"), "the listeners see the stored session");
            fired.merge(id, 1, Integer::sum);
        };

        assertEquals(2, expiry.sweep(10, 3, null, null, listeners));
        assertEquals(Map.of(idle, 1, idleToo, 1), fired);
        assertTrue(otherNode().load(idle, null).isEmpty());
        assertTrue(otherNode().load(idleToo, null).isEmpty());
        LoadedSession kept = load(otherNode(), inUse);
        assertFalse(kept.expired(), "the session in use is released, not expired");
        assertEquals(now + 5_000, kept.session().expiryMs(), "its expiry renewed from the access on this node");
        assertEquals(0, expiry.sweep(10, 3, null, null, listeners), "nothing left to expire");
        assertEquals(2, fired.values().stream().mapToInt(Integer::intValue).sum(), "listeners fired once each");
    }

    @Test
    void sweepGraceDelaysTheSweepButNotTheClaimOfARequest() {
        SessiondbConfig graceful = config(table, app);
        graceful.setSweepGraceSeconds(3600);
        SessionRepository sweeper = open(graceful);
        String id = newId();
        long past = System.currentTimeMillis() - 10_000;
        repo.save(new SessionSnapshot(id, past, past, 1000, null, Map.of(), Map.of("k", 1)), null);
        assertTrue(sweeper.claimExpired(10).isEmpty(), "expired 9 s ago: within the hour of grace");
        assertEquals(List.of(id), repo.claimExpired(10), "no grace: claimed");
        assertTrue(sweeper.load(id, null).orElseThrow().expired());
    }

    @Test
    void liveSessionCannotBeClaimed() {
        String id = newId();
        repo.save(snapshot(id, System.currentTimeMillis(), Map.of()), null);
        assertFalse(repo.claimExpired(id));
        assertTrue(repo.claimExpired(10).isEmpty());
        assertTrue(repo.exists(id));
    }

    @Test
    void twoNodesBootstrapAnEmptySchemaAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 3; round++) {
                String fresh = io.sessiondb.core.testing.TestDatabase.uniqueTable("boot");
                try {
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<SessionRepository>> starts = new ArrayList<>();
                    for (int n = 0; n < 3; n++) {
                        starts.add(pool.submit(() -> {
                            start.await();
                            return SessionRepository.start(config(fresh, app));
                        }));
                    }
                    start.countDown();
                    List<SessionRepository> started = new ArrayList<>();
                    for (Future<SessionRepository> f : starts) {
                        started.add(f.get());
                    }
                    String id = newId();
                    started.get(0).save(snapshot(id, System.currentTimeMillis(), Map.of("k", 1)), null);
                    for (SessionRepository r : started) {
                        assertEquals(Map.of("k", 1), load(r, id).session().attributes());
                        r.close();
                    }
                } finally {
                    dropTables(fresh);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void junkIdsLoadNothingAndBreakNothing() {
        String[] junk = {"' OR '1'='1'; DROP TABLE " + table + "; --", "x".repeat(4096), "a\u0000b", "ñ日本🙂\uD83D", ""};
        for (String id : junk) {
            assertTrue(repo.load(id, null).isEmpty());
            assertFalse(repo.exists(id));
            assertFalse(repo.delete(id));
            assertFalse(repo.claimExpired(id));
        }
        String id = "ñ日本🙂-" + newId();
        repo.save(snapshot(id, System.currentTimeMillis(), Map.of("k", 1)), null);
        assertEquals(Map.of("k", 1), load(repo, id).session().attributes());
        assertEquals(1, repo.count());
    }

    @Test
    void corruptAttributeIsSkippedAndKept() throws SQLException {
        String id = newId();
        long now = System.currentTimeMillis();
        repo.save(snapshot(id, now, Map.of("good", "fine", "bad", "soon corrupt")), null);
        byte[] corrupt = {(byte) 0xAC, (byte) 0xED, 0, 5, 0x73, 0x72, 1, 2, 3};
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + table + "_attributes SET value = ? WHERE app = ? AND name = 'bad'")) {
            ps.setBytes(1, corrupt);
            ps.setString(2, app);
            assertEquals(1, ps.executeUpdate());
        }
        LoadedSession loaded = load(repo, id);
        assertEquals(Map.of("good", "fine"), loaded.session().attributes());
        assertEquals(Set.of("bad"), loaded.unreadable());

        repo.save(withAttributes(loaded, now + 1, Map.of("good", "changed")), loaded.baseline());
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT value FROM " + table + "_attributes WHERE app = ? AND name = 'bad'")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "an unreadable attribute is never deleted by a save");
                assertArrayEquals(corrupt, rs.getBytes(1));
            }
        }
    }

    /**
     * @return a metadata document this database stores but sessiondb cannot read: by default not JSON at
     * all; where the column only takes valid JSON (PostgreSQL JSONB, MariaDB JSON), a JSON value that
     * is not an object of strings
     */
    protected String corruptMetadata() {
        return "{\"remoteAddr\": \"10.0.0.1\", not json";
    }

    @Test
    void sessionWithUnreadableMetadataIsUnreadableAsAWhole() throws SQLException {
        String id = newId();
        long now = System.currentTimeMillis();
        repo.save(new SessionSnapshot(id, now, now, HOUR_MS, null, Map.of("ua", "x"), Map.of("k", 1)), null);
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + table + " SET metadata = " + metadataPlaceholder() + " WHERE app = ?")) {
            ps.setString(1, corruptMetadata());
            ps.setString(2, app);
            assertEquals(1, ps.executeUpdate());
        }
        UnreadableSessionException e = assertThrows(UnreadableSessionException.class, () -> repo.load(id, null));
        assertFalse(e.isDatabaseUnreachable());
        assertEquals(id, e.getSessionId());
        assertTrue(e.getMessage().contains(LogText.id(id)) && !e.getMessage().contains(id), e.getMessage());
        assertNotNull(e.getCause());
        assertTrue(e.getMessage().contains(e.getCause().getClass().getSimpleName()) || e.getMessage().contains("metadata"),
                e.getMessage());
        assertTrue(repo.exists(id), "the row is left as it is");
    }

    @Test
    void serialFilterRejectsForbiddenClassAndKeepsTheRest() {
        SessiondbConfig strict = config(table, app);
        strict.setSerialFilter(SessiondbConfig.DEFAULT_SERIAL_FILTER + ";!" + Forbidden.class.getName());
        SessionRepository filtered = open(strict);
        String id = newId();
        repo.save(snapshot(id, System.currentTimeMillis(), Map.of("gadget", new Forbidden(), "ok", 1)), null);
        LoadedSession loaded = load(filtered, id);
        assertEquals(Map.of("ok", 1), loaded.session().attributes());
        assertEquals(Set.of("gadget"), loaded.unreadable());
        assertTrue(load(repo, id).session().attributes().get("gadget") instanceof Forbidden, "allowed by the default filter");
    }

    @Test
    void tablesHoldNoRawSessionId() throws SQLException {
        String id = "RAWID" + newId();
        repo.save(new SessionSnapshot(id, 1, System.currentTimeMillis(), HOUR_MS, "bob", Map.of("ua", "x"),
                Map.of("k", "v")), null);
        String newId = "RAWID" + newId();
        assertTrue(repo.changeId(id, newId));
        String dump = dumpAll();
        for (String raw : List.of(id, newId)) {
            assertFalse(dump.contains(raw), "raw id in the dump");
            assertFalse(dump.contains(HexFormat.of().formatHex(raw.getBytes(StandardCharsets.UTF_8))), "hex id in the dump");
        }
        assertTrue(dump.contains("bob"), "the dump did read the rows");
    }

    private String dumpAll() throws SQLException {
        StringBuilder dump = new StringBuilder();
        try (Connection c = connect()) {
            for (String t : List.of(table, table + "_attributes")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + t); ResultSet rs = ps.executeQuery()) {
                    java.sql.ResultSetMetaData meta = rs.getMetaData();
                    int columns = meta.getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            // Not every driver reads a number as bytes: take the bytes of binary columns
                            // and the UTF-8 bytes of the text of the others.
                            boolean binary = isBinary(meta.getColumnType(i));
                            String text = binary ? null : rs.getString(i);
                            byte[] bytes = binary ? rs.getBytes(i) : text == null ? null : text.getBytes(StandardCharsets.UTF_8);
                            if (bytes != null) {
                                dump.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('|')
                                        .append(HexFormat.of().formatHex(bytes)).append('|');
                            }
                            dump.append(text).append('\n');
                        }
                    }
                }
            }
        }
        return dump.toString();
    }

    private static boolean isBinary(int sqlType) {
        return sqlType == java.sql.Types.BINARY || sqlType == java.sql.Types.VARBINARY
                || sqlType == java.sql.Types.LONGVARBINARY || sqlType == java.sql.Types.BLOB;
    }

    @Test
    void lateSaveAfterInvalidateDoesNotResurrect() {
        SessionRepository other = otherNode();
        String id = newId();
        long now = System.currentTimeMillis();
        repo.save(snapshot(id, now, Map.of("k", 1)), null);
        LoadedSession inFlight = load(repo, id);
        assertTrue(other.delete(id));
        SaveResult late = repo.save(withAttributes(inFlight, now + 1, Map.of("k", 2, "extra", 3)), inFlight.baseline());
        assertEquals(Outcome.GONE, late.outcome());
        assertTrue(repo.load(id, null).isEmpty());
        assertTrue(other.load(id, null).isEmpty());
    }

    @Test
    void lateSaveAfterRenameOrExpiryClaimDoesNotResurrect() {
        SessionRepository other = otherNode();
        String id = newId();
        String renamed = newId();
        long now = System.currentTimeMillis();
        repo.save(snapshot(id, now, Map.of("k", 1)), null);
        LoadedSession inFlight = load(repo, id);
        assertTrue(other.changeId(id, renamed));
        assertEquals(Outcome.GONE, repo.save(withAttributes(inFlight, now + 1, Map.of("k", 2)), inFlight.baseline()).outcome());
        assertTrue(repo.load(id, null).isEmpty());
        assertEquals(Map.of("k", 1), load(repo, renamed).session().attributes());

        String expiring = newId();
        long past = now - 10_000;
        repo.save(new SessionSnapshot(expiring, past, past, 1000, null, Map.of(), Map.of("k", 1)), null);
        LoadedSession stale = load(repo, expiring);
        assertTrue(other.claimExpired(expiring));
        assertEquals(Outcome.GONE, repo.save(withAttributes(stale, now, Map.of("k", 2)), stale.baseline()).outcome());
    }

    @Test
    void changeIdMovesEverythingAtomically() {
        String id = newId();
        String renamed = newId();
        long now = System.currentTimeMillis();
        repo.save(snapshot(id, now, Map.of("a", 1, "b", "two")), null);
        assertTrue(repo.changeId(id, renamed));
        SessionRepository other = otherNode();
        assertTrue(other.load(id, null).isEmpty());
        assertFalse(other.exists(id));
        LoadedSession moved = load(other, renamed);
        assertEquals(Map.of("a", 1, "b", "two"), moved.session().attributes());
        assertEquals(renamed, moved.session().id());
        assertFalse(repo.changeId(id, newId()), "the old id is gone");
        assertEquals(Outcome.UPDATED, other.save(withAttributes(moved, now + 1, Map.of("a", 2, "b", "two")),
                moved.baseline()).outcome(), "the baseline survives a rename");
    }

    @Test
    void nonSerializableAttributeIsSkippedAndSiblingsSaved() {
        String id = newId();
        repo.save(snapshot(id, System.currentTimeMillis(), Map.of("socket", new Object(), "sibling", "kept")), null);
        assertEquals(Map.of("sibling", "kept"), load(repo, id).session().attributes());
    }

    @Test
    void sessionOverMaxSessionBytesIsRefusedWhole() {
        SessiondbConfig small = config(table, app);
        small.setMaxSessionBytes(4096);
        SessionRepository limited = open(small);
        String id = newId();
        SessionTooLargeException e = assertThrows(SessionTooLargeException.class, () -> limited.save(
                snapshot(id, System.currentTimeMillis(), Map.of("big", new byte[8192], "small", 1)), null));
        assertTrue(e.getMessage().contains("maxSessionBytes"), e.getMessage());
        assertTrue(repo.load(id, null).isEmpty());
    }

    @Test
    void largeAttributeRoundTrips() {
        byte[] big = new byte[512 * 1024];
        new java.util.Random(7).nextBytes(big);
        String id = newId();
        repo.save(snapshot(id, System.currentTimeMillis(), Map.of("big", big)), null);
        assertArrayEquals(big, (byte[]) load(repo, id).session().attributes().get("big"));
    }

    @Test
    void accessTimeIsWrittenOnlyWhenTouchIsDue() {
        String id = newId();
        long now = System.currentTimeMillis();
        repo.save(snapshot(id, now, Map.of("k", 1)), null);
        LoadedSession loaded = load(repo, id);
        long interval = HOUR_MS / 10 > 60_000 ? 60_000 : HOUR_MS / 10;
        SaveResult early = repo.save(withAttributes(loaded, now + interval - 1, Map.of("k", 1)), loaded.baseline());
        assertEquals(Outcome.UNCHANGED, early.outcome());
        SaveResult due = repo.save(withAttributes(loaded, now + interval, Map.of("k", 1)), early.baseline());
        assertEquals(Outcome.TOUCHED, due.outcome());
        assertEquals(now + interval, load(repo, id).session().lastAccessedMs());
        assertEquals(Outcome.UNCHANGED,
                repo.save(withAttributes(loaded, now + interval + 1, Map.of("k", 1)), due.baseline()).outcome());
    }

    @Test
    void accessTimeNeverMovesBackwards() {
        SessionRepository other = otherNode();
        String id = newId();
        long now = System.currentTimeMillis();
        repo.save(snapshot(id, now, Map.of("k", 1)), null);
        LoadedSession onA = load(repo, id);
        LoadedSession onB = load(other, id);
        repo.save(withAttributes(onA, now + 100_000, Map.of("k", 2)), onA.baseline());
        other.save(withAttributes(onB, now + 50_000, Map.of("k", 1, "j", 1)), onB.baseline());
        assertEquals(now + 100_000, load(repo, id).session().lastAccessedMs());
    }

    @Test
    void adminQueriesFindCountAndLogOutAUser() {
        long now = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            repo.save(new SessionSnapshot(newId(), now, now + i, HOUR_MS, "alice", Map.of("n", "" + i), Map.of()), null);
        }
        repo.save(new SessionSnapshot(newId(), now, now, HOUR_MS, "bob", Map.of(), Map.of()), null);
        assertEquals(4, repo.count());
        List<SessionSummary> alice = repo.findByPrincipal("alice");
        assertEquals(3, alice.size());
        assertEquals("2", alice.get(0).metadata().get("n"), "most recently used first");
        assertEquals(64, alice.get(0).idDigest().length());
        assertEquals(3, repo.deleteByPrincipal("alice"));
        assertEquals(1, repo.count());
        assertTrue(repo.findByPrincipal("alice").isEmpty());
    }

    @Test
    void orphanSweepDeletesLongExpiredSessionsOfAnyApp() {
        long past = System.currentTimeMillis() - 10 * HOUR_MS;
        String id = newId();
        repo.save(new SessionSnapshot(id, past, past, 1000, null, Map.of(), Map.of("k", 1)), null);
        String live = newId();
        repo.save(snapshot(live, System.currentTimeMillis(), Map.of()), null);
        int deleted = 0;
        int batch;
        while ((batch = otherNode().deleteExpiredBefore(System.currentTimeMillis() - HOUR_MS, 100)) > 0) {
            deleted += batch;
        }
        assertTrue(deleted >= 1);
        assertTrue(repo.load(id, null).isEmpty());
        assertTrue(repo.exists(live));
    }

    @Test
    void metricsCountWhatHappened() {
        String id = newId();
        long now = System.currentTimeMillis();
        repo.save(snapshot(id, now, Map.of("k", 1)), null);
        LoadedSession loaded = load(repo, id);
        repo.save(withAttributes(loaded, now + 1, Map.of("k", 1)), loaded.baseline());
        repo.load(newId(), null);
        StoreMetrics m = repo.metrics();
        assertEquals(1, m.inserts());
        assertEquals(1, m.loads());
        assertEquals(1, m.loadMisses());
        assertEquals(1, m.unchangedSaves());
        assertNotNull(m.toString());
    }

    @Test
    void metricsAreReadableOverJmx() throws Exception {
        repo.save(snapshot(newId(), System.currentTimeMillis(), Map.of("k", 1)), null);
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        Set<javax.management.ObjectName> names = server.queryNames(new javax.management.ObjectName(
                "io.sessiondb:type=SessionRepository,app=" + javax.management.ObjectName.quote(app) + ",*"), null);
        assertEquals(1, names.size(), names.toString());
        javax.management.ObjectName name = names.iterator().next();
        assertEquals(1L, server.getAttribute(name, "Inserts"));
        assertEquals(1L, server.getAttribute(name, "SessionCount"));
        repo.close();
        assertFalse(server.isRegistered(name), "unregistered at close");
    }

    @Test
    void missingTableWithCreateSchemaOffFailsTheStartNamingTheProperty() {
        SessiondbConfig absent = config(io.sessiondb.core.testing.TestDatabase.uniqueTable("absent"), "absent");
        absent.setCreateSchema(false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SessionRepository.start(absent));
        assertTrue(e.getMessage().contains("createSchema"), e.getMessage());
    }

    @Test
    void schemaCreatedByHandFromTheShippedScriptIsUsedAsIs() throws SQLException {
        String fresh = io.sessiondb.core.testing.TestDatabase.uniqueTable("byhand");
        try {
            // What a DBA does: the shipped files (base script, then each upgrade) with the names filled
            // in, run statement by statement.
            try (Connection c = connect(); java.sql.Statement st = c.createStatement()) {
                for (String ddl : io.sessiondb.core.internal.SchemaScript.all(dialectName(), fresh)) {
                    runByHand(c, ddl);
                }
                try (ResultSet rs = st.executeQuery("SELECT version, LENGTH(seal_key) FROM " + fresh
                        + "_schema ORDER BY version")) {
                    assertTrue(rs.next());
                    assertEquals(32, rs.getInt(2), "the script makes a random 32-byte seal key");
                    assertTrue(rs.next());
                    assertEquals(2, rs.getInt(1), "the upgrade scripts record their version");
                }
            }
            SessiondbConfig byHand = config(fresh, "byhand");
            byHand.setCreateSchema(false);
            SessionRepository repository = open(byHand);
            long now = System.currentTimeMillis();
            repository.save(new SessionSnapshot("h1", now, now, 60_000, null, Map.of(), Map.of("k", 1)), null);
            assertEquals(Map.of("k", 1), load(repository, "h1").session().attributes());
            assertTrue(repository.changeId("h1", "h2"), "the cascades are in place");
            assertEquals(Map.of("k", 1), load(repository, "h2").session().attributes());
        } finally {
            dropTables(fresh);
        }
    }

    /** Runs a DDL script as a DBA would: split on line-ending semicolons, comment lines dropped. */
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

    /** @return the placeholder that binds a JSON text to the metadata column in plain SQL */
    protected String metadataPlaceholder() {
        return "?";
    }

    /**
     * Creates {@code fresh} exactly as sessiondb 0.1 (schema version 1, commit bf907ce) did and stores
     * sessions in it the way that release wrote them, with plain SQL.
     *
     * @return the sessions written, id to attributes
     */
    private Map<String, Map<String, Object>> v1TableWithSessions(String fresh, String v1App, long now) throws Exception {
        String ddl;
        try (java.io.InputStream in = getClass().getResourceAsStream("/io/sessiondb/schema-v1/" + dialectName() + ".sql")) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", fresh).replace("${name}", fresh);
        }
        Map<String, Map<String, Object>> sessions = new HashMap<>();
        try (Connection c = connect()) {
            runByHand(c, ddl);
            byte[] sealKey;
            try (PreparedStatement ps = c.prepareStatement("SELECT version, seal_key FROM " + fresh + "_schema");
                 ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
                sealKey = rs.getBytes(2);
            }
            io.sessiondb.core.internal.SessionIds ids = new io.sessiondb.core.internal.SessionIds(java.util.List.of(), sealKey);
            for (int i = 0; i < 3; i++) {
                String id = newId();
                Map<String, Object> attributes = Map.of("n", i, "name", "user " + i, "list", new ArrayList<>(List.of("a", "b")));
                sessions.put(id, attributes);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + fresh + " (app, id_digest, id_sealed,"
                        + " created_ms, last_access_ms, max_inactive_ms, expiry_ms, principal, last_node, metadata, version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, " + metadataPlaceholder() + ", 1)")) {
                    ps.setString(1, v1App);
                    ps.setBytes(2, ids.digest(id));
                    ps.setBytes(3, ids.seal(id));
                    ps.setLong(4, now - 5000);
                    ps.setLong(5, now - i);
                    ps.setLong(6, HOUR_MS);
                    ps.setLong(7, now - i + HOUR_MS);
                    ps.setString(8, "user" + i);
                    ps.setString(9, "v1-node");
                    ps.setString(10, "{\"remoteAddr\":\"10.0.0." + i + "\"}");
                    ps.executeUpdate();
                }
                for (Map.Entry<String, Object> e : attributes.entrySet()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + fresh
                            + "_attributes (app, id_digest, name, value) VALUES (?, ?, ?, ?)")) {
                        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                            out.writeObject(e.getValue());
                        }
                        ps.setString(1, v1App);
                        ps.setBytes(2, ids.digest(id));
                        ps.setString(3, e.getKey());
                        ps.setBytes(4, bytes.toByteArray());
                        ps.executeUpdate();
                    }
                }
            }
        }
        return sessions;
    }

    private int schemaVersion(String fresh) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM " + fresh + "_schema");
             ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    @Test
    void v1TableIsUpgradedInPlaceAndItsSessionsLoad() throws Exception {
        String fresh = io.sessiondb.core.testing.TestDatabase.uniqueTable("upgrade");
        try {
            long now = System.currentTimeMillis();
            Map<String, Map<String, Object>> sessions = v1TableWithSessions(fresh, "v1app", now);
            SessionRepository upgraded = open(config(fresh, "v1app"));
            assertEquals(SchemaInfoVersion.CURRENT, schemaVersion(fresh), "the start upgraded the schema");
            int i = 0;
            for (Map.Entry<String, Map<String, Object>> e : sessions.entrySet()) {
                LoadedSession loaded = load(upgraded, e.getKey());
                assertEquals(e.getValue(), loaded.session().attributes());
                assertFalse(loaded.expired());
                assertTrue(loaded.unreadable().isEmpty());
                assertEquals("v1-node", loaded.lastNode());
                String principal = loaded.session().principal();
                assertTrue(principal.startsWith("user"), principal);
                assertEquals(e.getValue().get("n"), Integer.parseInt(principal.substring(4)));
                assertEquals(Map.of("remoteAddr", "10.0.0." + e.getValue().get("n")), loaded.session().metadata());
                assertEquals(HOUR_MS, loaded.session().maxInactiveMs());
                assertEquals(now - 5000, loaded.session().createdMs());
                assertEquals(loaded.session().lastAccessedMs(), loaded.session().previousAccessMs(),
                        "a row written before version 2 has no previous access: it reads as the last access");
                assertEquals(loaded.session().lastAccessedMs() + HOUR_MS, loaded.session().expiryMs());
                i++;
            }
            assertEquals(3, i);
            assertEquals(3, upgraded.count());
            String first = sessions.keySet().iterator().next();
            LoadedSession loaded = load(upgraded, first);
            Map<String, Object> changed = new HashMap<>(loaded.session().attributes());
            changed.put("after", "upgrade");
            assertEquals(Outcome.UPDATED, upgraded.save(withAttributes(loaded, now + 1, changed), loaded.baseline()).outcome());
            assertEquals(changed, load(open(config(fresh, "v1app")), first).session().attributes(),
                    "saves work after the upgrade, and a second start finds the schema current");
            assertEquals(SchemaInfoVersion.CURRENT, schemaVersion(fresh));
        } finally {
            dropTables(fresh);
        }
    }

    @Test
    void threeNodesUpgradeOneV1TableAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        String fresh = io.sessiondb.core.testing.TestDatabase.uniqueTable("upgrade3");
        try {
            Map<String, Map<String, Object>> sessions = v1TableWithSessions(fresh, "v1app", System.currentTimeMillis());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SessionRepository>> starts = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                starts.add(pool.submit(() -> {
                    start.await();
                    return SessionRepository.start(config(fresh, "v1app"));
                }));
            }
            start.countDown();
            List<SessionRepository> started = new ArrayList<>();
            for (Future<SessionRepository> f : starts) {
                started.add(f.get());
            }
            opened.addAll(started);
            for (SessionRepository r : started) {
                for (Map.Entry<String, Map<String, Object>> e : sessions.entrySet()) {
                    assertEquals(e.getValue(), load(r, e.getKey()).session().attributes());
                }
            }
            assertEquals(SchemaInfoVersion.CURRENT, schemaVersion(fresh));
        } finally {
            pool.shutdownNow();
            dropTables(fresh);
        }
    }

    @Test
    void v1TableWithCreateSchemaOffFailsTheStartNamingTheUpgradeScript() throws Exception {
        String fresh = io.sessiondb.core.testing.TestDatabase.uniqueTable("v1off");
        try {
            v1TableWithSessions(fresh, "v1app", System.currentTimeMillis());
            SessiondbConfig off = config(fresh, "v1app");
            off.setCreateSchema(false);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> SessionRepository.start(off));
            assertTrue(e.getMessage().contains("createSchema") && e.getMessage().contains(dialectName() + "/V2.sql"),
                    e.getMessage());
            assertEquals(1, schemaVersion(fresh), "nothing was changed");
        } finally {
            dropTables(fresh);
        }
    }

    @Test
    void aSessionLeaseIsExclusiveRenewableAndLapsesByItself() throws Exception {
        String id = newId();
        assertTrue(repo.tryLock(id, "node-a#1", 400), "a free lease is taken");
        assertFalse(repo.tryLock(id, "node-b#7", 60_000), "another owner waits while it is held");
        assertTrue(repo.tryLock(id, "node-a#1", 400), "its owner renews it");
        repo.unlock(id, "node-b#7");
        assertFalse(repo.tryLock(id, "node-b#7", 60_000), "only its owner gives it up");
        Thread.sleep(600);
        assertTrue(repo.tryLock(id, "node-b#7", 60_000), "a lease its holder left (a crash) lapses by itself");
        repo.unlock(id, "node-b#7");
        assertTrue(repo.tryLock(id, "node-c#2", 60_000), "a lease given up is free at once");
        repo.unlock(id, "node-c#2");
    }

    @Test
    void newerSchemaVersionFailsTheStart() throws SQLException {
        String fresh = io.sessiondb.core.testing.TestDatabase.uniqueTable("newer");
        try {
            open(config(fresh, "newer"));
            try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO " + fresh + "_schema (version, installed_ms, seal_key) VALUES (99, 0, ?)")) {
                ps.setBytes(1, new byte[32]);
                ps.executeUpdate();
            }
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SessionRepository.start(config(fresh, "newer")));
            assertTrue(e.getMessage().contains("upgrade sessiondb"), e.getMessage());
        } finally {
            dropTables(fresh);
        }
    }
}
