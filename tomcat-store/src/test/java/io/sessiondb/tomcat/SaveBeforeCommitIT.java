package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.StoreMetrics;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes on any node when the webapp completes or flushes its response before the request
 * ends (a Content-Length, a flush) and keeps working afterwards: the client reads node A's response
 * and at once asks node B, which must see the change. Each servlet sleeps after writing, which is
 * what a framework doing work after the write looks like, and what makes a late save visible.
 */
class SaveBeforeCommitIT {

    private static final String TABLE = TestDatabase.uniqueTable("tomcat_commit");
    private static final Consumer<SessiondbStore> CONFIG = store -> {
        store.setJdbcUrl(TestDatabase.PG_URL);
        store.setTableName(TABLE);
        store.setMaxPoolSize("4");
    };
    private static final int TRIES = 100;

    private static EmbeddedNode a;
    private static EmbeddedNode b;

    @BeforeAll
    static void startNodes() throws Exception {
        TestDatabase.postgres().close();
        a = EmbeddedNode.nonSticky("a", CONFIG);
        b = EmbeddedNode.nonSticky("b", CONFIG);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            TestDatabase.dropTables(TABLE);
        }
    }

    @Test
    void contentLengthResponseIsSavedBeforeTheClientReadsIt() {
        String id = Http.get(a.uri("op=count"), null).sessionId();
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < TRIES; i++) {
            assertEquals("ok " + i, Http.get(a.uri("op=setWithLength&name=v&value=" + i + "&sleepMs=30"), id).body());
            String seen = Http.get(b.uri("op=get&name=v"), id).body();
            if (!seen.equals(Integer.toString(i))) {
                stale.add("try " + i + " saw " + seen);
            }
        }
        assertEquals(List.of(), stale, "node B read the session as node A's response left it");
    }

    @Test
    void contentLengthThroughTheWriterIsSavedBeforeTheClientReadsIt() {
        String id = Http.get(a.uri("op=count"), null).sessionId();
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            assertEquals("\u00e9 " + i, Http.get(a.uri("op=setWithLengthWriter&name=v&value=" + i + "&sleepMs=30"), id).body());
            String seen = Http.get(b.uri("op=get&name=v"), id).body();
            if (!seen.equals(Integer.toString(i))) {
                stale.add("try " + i + " saw " + seen);
            }
        }
        assertEquals(List.of(), stale);
    }

    @Test
    void flushedResponseIsSavedBeforeTheClientReadsIt() {
        String id = Http.get(a.uri("op=count"), null).sessionId();
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            assertEquals("ok", Http.firstLine(a.uri("op=setAndFlush&name=v&value=" + i + "&sleepMs=100"), id).body());
            String seen = Http.get(b.uri("op=get&name=v"), id).body();
            if (!seen.equals(Integer.toString(i))) {
                stale.add("try " + i + " saw " + seen);
            }
        }
        assertEquals(List.of(), stale);
    }

    @Test
    void aChangeAfterTheFlushIsSavedWhenTheRequestEnds() {
        Reply reply = Http.get(a.uri("op=flushThenSet"), null);
        assertEquals("ok\n", reply.body());
        String id = reply.sessionId();
        assertEquals("1", Http.get(b.uri("op=get&name=before"), id).body());
        assertEquals("2", Http.get(b.uri("op=get&name=after"), id).body());
    }

    @Test
    void anEarlySaveIsNotWrittenAgainWhenNothingChangedAfterIt() {
        String id = Http.get(a.uri("op=count"), null).sessionId();
        StoreMetrics metrics = a.store().getRepository().metrics();
        long writes = metrics.inserts() + metrics.updates() + metrics.touches();
        assertEquals("ok 7", Http.get(a.uri("op=setWithLength&name=v&value=7"), id).body());
        assertEquals(writes + 1, metrics.inserts() + metrics.updates() + metrics.touches(), "one write: " + metrics);
        assertEquals("7", Http.get(b.uri("op=get&name=v"), id).body());
    }

    @Test
    void aSessionThatCannotBeSavedReplacesTheResponseEvenWithAContentLength() throws Exception {
        Consumer<SessiondbStore> small = store -> {
            CONFIG.accept(store);
            store.setMaxSessionBytes("1024");
        };
        try (EmbeddedNode c = EmbeddedNode.nonSticky("c", small)) {
            String big = "x".repeat(2_000);
            Reply reply = Http.get(c.uri("op=setWithLength&name=v&value=" + big + "&sleepMs=30"), null);
            assertEquals(500, reply.status(), "the webapp's 200 was never sent: " + reply.body());
            assertTrue(reply.body().contains("too large"), reply.body());
            assertEquals(null, reply.setSessionId(), "no cookie for a session that was not saved");
        }
    }

    @Test
    void stickyNodeSavesBeforeTheResponseToo() throws Exception {
        assertStickyReadsYourWrites(null);
    }

    @Test
    void stickyNodeWithTheStickyValveSavesBeforeTheResponseToo() throws Exception {
        SessiondbValve valve = new SessiondbValve();
        valve.setSticky(true);
        assertStickyReadsYourWrites(valve);
    }

    /** Each try creates a session on sticky node C and at once reads it on D, which must load it from the database. */
    private static void assertStickyReadsYourWrites(SessiondbValve valve) throws Exception {
        try (EmbeddedNode c = EmbeddedNode.sticky("c", CONFIG, valve); EmbeddedNode d = EmbeddedNode.sticky("d", CONFIG)) {
            List<String> stale = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Reply written = Http.get(c.uri("op=setWithLength&name=v&value=" + i + "&sleepMs=30"), null);
                assertEquals("ok " + i, written.body());
                String seen = Http.get(d.uri("op=get&name=v"), written.sessionId()).body();
                if (!seen.equals(Integer.toString(i))) {
                    stale.add("try " + i + " saw " + seen);
                }
            }
            for (int i = 0; i < 10; i++) {
                Reply written = Http.firstLine(c.uri("op=setAndFlush&name=v&value=" + i + "&sleepMs=100"), null);
                assertEquals("ok", written.body());
                String seen = Http.get(d.uri("op=get&name=v"), written.sessionId()).body();
                if (!seen.equals(Integer.toString(i))) {
                    stale.add("flush try " + i + " saw " + seen);
                }
            }
            assertTrue(stale.isEmpty(), "node D read what node C's response left: " + stale);
        }
    }
}
