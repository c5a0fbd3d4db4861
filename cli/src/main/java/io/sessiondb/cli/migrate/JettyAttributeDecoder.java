package io.sessiondb.cli.migrate;

import io.sessiondb.cli.migrate.AttributeProblem.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.util.List;
import java.util.Map;

/**
 * Reads the attribute map Jetty 12's {@code JDBCSessionDataStore} keeps in its map column, in the
 * format of {@code SessionData.serializeAttributes}: the entry count (an Integer), then per entry
 * the name ({@code writeUTF}), whether the server class loader wrote it ({@code writeBoolean}) and
 * the value. Older Jetty wrote the whole map as one object, which is read as such.
 */
final class JettyAttributeDecoder {

    private JettyAttributeDecoder() {
    }

    /**
     * @param map      the bytes of the map column
     * @param values   where the attributes read are put
     * @param problems where the attributes that cannot be read are added
     */
    static void read(byte[] map, String sessionId, ClassLoader loader, ObjectInputFilter filter,
                     Map<String, Object> values, List<AttributeProblem> problems) {
        if (map == null || map.length == 0) {
            return;
        }
        try (WebappObjectInputStream in = new WebappObjectInputStream(new ByteArrayInputStream(map), loader, filter)) {
            ValueReader reader = new ValueReader(in, sessionId, values, problems);
            Object first = reader.readValue("(attribute map)");
            if (first instanceof Integer count) {
                for (int i = 0; i < count; i++) {
                    String name = in.readUTF();
                    in.readBoolean(); // server or webapp loader: the webapp loader delegates to the server's
                    if (!reader.read(name)) {
                        reader.lost(count - i - 1);
                        return;
                    }
                }
            } else if (first instanceof Map<?, ?> legacy) {
                legacy.forEach((name, value) -> values.put(String.valueOf(name), value));
            } else if (first != null) {
                problems.add(new AttributeProblem(sessionId, "(attribute map)", first.getClass().getName(),
                        Reason.UNREADABLE, "not a Jetty attribute map"));
            }
        } catch (IOException e) {
            problems.add(new AttributeProblem(sessionId, "(attribute map)", null, Reason.UNREADABLE, e.toString()));
        }
    }
}
