package io.sessiondb.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sessiondb.core.internal.ValueCipher;
import io.sessiondb.core.testing.TestDatabase;
import io.sessiondb.tomcat.Http.Reply;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * With {@code encryptionKeys} on, two real non-sticky embedded Tomcat nodes share one session: every
 * change made on one is read on the other, through a changed session id and while the key is rotated
 * (one node already writing with the new key), and no value is stored in clear.
 */
class EncryptedTwoNodeIT {

    private static final String SECRET = "encrypted-two-node-secret-0123456789";

    private static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void twoNodesShareAnEncryptedSessionThroughAChangedIdAndAKeyRotation() throws Exception {
        TestDatabase.postgres().close();
        String table = TestDatabase.uniqueTable("enc_two_nodes");
        String k1 = key();
        String k2 = key();
        String marker = "MARKER" + System.nanoTime();
        try {
            String id;
            try (EmbeddedNode a = EmbeddedNode.nonSticky("a", config(table, k1));
                 EmbeddedNode b = EmbeddedNode.nonSticky("b", config(table, k1))) {
                id = Http.get(a.uri("op=count"), null).sessionId();
                assertEquals("ok", Http.get(b.uri("op=set&name=note&value=" + marker), id).body());
                for (int count = 2; count <= 5; count++) {
                    Reply reply = Http.get((count % 2 == 0 ? b : a).uri("op=count"), id);
                    assertEquals(String.valueOf(count), reply.body(), "every increment is kept, on either node");
                    assertNull(reply.setSessionId(), "no new session");
                }
                id = Http.get(a.uri("op=changeId"), id).body();
                assertEquals("6", Http.get(b.uri("op=count"), id).body(), "the values follow the new id to the other node");
                assertEquals(marker, Http.get(a.uri("op=get&name=note"), id).body());
            }
            assertFalse(tableHolds(table, marker), "a value is in clear in the table");

            // rotation: one node writes with the new key while the other still writes with the old one
            try (EmbeddedNode oldFirst = EmbeddedNode.nonSticky("old-first", config(table, k1 + "," + k2));
                 EmbeddedNode newFirst = EmbeddedNode.nonSticky("new-first", config(table, k2 + "," + k1))) {
                for (int count = 7; count <= 10; count++) {
                    assertEquals(String.valueOf(count), Http.get((count % 2 == 0 ? oldFirst : newFirst).uri("op=count"), id).body());
                }
                assertEquals(marker, Http.get(newFirst.uri("op=get&name=note"), id).body());
            }
            try (EmbeddedNode newOnly = EmbeddedNode.nonSticky("new-only", config(table, k2))) {
                assertEquals("11", Http.get(newOnly.uri("op=count"), id).body(), "the old key can go");
                assertEquals(marker, Http.get(newOnly.uri("op=get&name=note"), id).body());
            }
        } finally {
            TestDatabase.dropTables(table);
        }
    }

    private static Consumer<SessiondbStore> config(String table, String keys) {
        return store -> {
            store.setJdbcUrl(TestDatabase.PG_URL);
            store.setTableName(table);
            store.setMaxPoolSize("2");
            store.setIdSecret(SECRET);
            store.setEncryptionKeys(keys);
        };
    }

    private static boolean tableHolds(String table, String text) throws Exception {
        try (Connection c = TestDatabase.postgres(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM " + table + "_attributes")) {
            boolean any = false;
            while (rs.next()) {
                byte[] value = rs.getBytes(1);
                any = true;
                assertTrue(ValueCipher.isEncrypted(value), "a value is not encrypted");
                if (new String(value, StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            }
            assertTrue(any, "values are stored");
            return false;
        }
    }
}
