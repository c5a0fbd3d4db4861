package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.internal.SessionIds;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Rotating the idSecret logs nobody out, through real non-sticky embedded Tomcat nodes: sessions made
 * under secret A keep working while the nodes move, one by one, from {@code A} to {@code A,B} to
 * {@code B,A} (with both of the last two serving at once) and finally to {@code B}; each session is
 * moved to B's digest and seal when it is next used.
 */
class IdSecretRotationIT {

    private static final String A = "rotation-secret-A-0123456789";
    private static final String B = "rotation-secret-B-0123456789";

    @Test
    void rotatingTheSecretLogsNobodyOut() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("sec_rotation");
        String active;
        String idle;
        try {
            try (EmbeddedNode a = EmbeddedNode.nonSticky("a", config(table, A))) {
                active = Http.get(a.uri("op=count"), null).sessionId();
                idle = Http.get(a.uri("op=set&name=cart&value=full"), null).sessionId();
            }
            assertEquals(2, rowsUnder(table, A, active, idle), "both rows are keyed by A at first");

            // The rolling step: one node already writes with B, the other still with A; both read both.
            try (EmbeddedNode oldFirst = EmbeddedNode.nonSticky("old-first", config(table, A + "," + B));
                 EmbeddedNode newFirst = EmbeddedNode.nonSticky("new-first", config(table, B + "," + A))) {
                for (int count = 2; count <= 7; count++) {
                    EmbeddedNode node = count % 2 == 0 ? newFirst : oldFirst;
                    Reply reply = Http.get(node.uri("op=count"), active);
                    assertEquals(String.valueOf(count), reply.body(), "every increment is kept, on either node");
                    assertNull(reply.setSessionId(), "no new session");
                }
            }

            try (EmbeddedNode b = EmbeddedNode.nonSticky("b", config(table, B + "," + A))) {
                Reply reply = Http.get(b.uri("op=get&name=cart"), idle);
                assertEquals("full", reply.body(), "a session idle since the rotation began is still served");
                assertNull(reply.setSessionId());
                assertEquals("8", Http.get(b.uri("op=count"), active).body());
            }
            assertEquals(2, rowsUnder(table, B, active, idle), "each session used since was moved to B");
            assertEquals(0, rowsUnder(table, A, active, idle), "none is left under A");

            try (EmbeddedNode b = EmbeddedNode.nonSticky("b-only", config(table, B))) {
                assertEquals("full", Http.get(b.uri("op=get&name=cart"), idle).body(), "A can be dropped now");
                Reply reply = Http.get(b.uri("op=count"), active);
                assertEquals("9", reply.body());
                assertNull(reply.setSessionId());
            }
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    private static Consumer<SessiondbStore> config(String table, String idSecret) {
        return store -> {
            store.setJdbcUrl(TestDatabase.PG_URL);
            store.setTableName(table);
            store.setMaxPoolSize("2");
            store.setIdSecret(idSecret);
        };
    }

    /** @return how many of the sessions have a row keyed by the digest of {@code secret} alone */
    private static int rowsUnder(String table, String secret, String... ids) throws Exception {
        SessionIds keyed = new SessionIds(List.of(secret), new byte[32]);
        int found = 0;
        try (Connection c = TestDatabase.postgres();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE id_digest = ?")) {
            for (String id : ids) {
                ps.setBytes(1, keyed.digest(id));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    found += rs.getInt(1);
                }
            }
        }
        assertTrue(found <= ids.length);
        return found;
    }
}
