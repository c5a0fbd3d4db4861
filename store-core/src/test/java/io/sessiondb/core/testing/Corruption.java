package io.sessiondb.core.testing;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Damages stored sessions with plain SQL on the test PostgreSQL, as a bad migration, a disk fault or a
 * hand edit would, and reads the counters the store shows over JMX. Test code only.
 */
public final class Corruption {

    /** Bytes that are no Java serialization stream at all. */
    public static final byte[] GARBAGE = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0x00, 0x01};

    private Corruption() {
    }

    /** Overwrites the stored bytes of every attribute called {@code name} in {@code table} with {@link #GARBAGE}. */
    public static int garble(String table, String name) throws SQLException {
        return update("UPDATE " + table + "_attributes SET value = ? WHERE name = ?", GARBAGE, name);
    }

    /** Cuts the last two bytes off every stored attribute called {@code name}: a truncated stream. */
    public static int truncate(String table, String name) throws SQLException {
        return update("UPDATE " + table + "_attributes SET value = substring(value from 1 for length(value) - 2)"
                + " WHERE name = ?", name);
    }

    /**
     * Replaces the metadata of the session that holds an attribute called {@code name} with a JSON
     * array, which no store writes: the row itself is corrupt.
     */
    public static int corruptMetadata(String table, String name) throws SQLException {
        return update("UPDATE " + table + " SET metadata = '[1]'::jsonb WHERE (app, id_digest) IN"
                + " (SELECT app, id_digest FROM " + table + "_attributes WHERE name = ?)", name);
    }

    /** @return how many stored attributes are called {@code name} */
    public static int storedAttributes(String table, String name) throws SQLException {
        try (Connection c = TestDatabase.postgres();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + "_attributes WHERE name = ?")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** @return the sum of JMX attribute {@code attribute} over every live repository of {@code app} */
    public static long jmx(String app, String attribute) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long sum = 0;
        for (ObjectName name : server.queryNames(new ObjectName("io.sessiondb:type=SessionRepository,*"), null)) {
            if (ObjectName.quote(app).equals(name.getKeyProperty("app"))) {
                sum += ((Number) server.getAttribute(name, attribute)).longValue();
            }
        }
        return sum;
    }

    /** @return the WARNING-or-worse records whose full text contains {@code text} */
    public static long warnings(LogCapture logs, String text) {
        return logs.records().stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .filter(r -> LogCapture.fullText(r).contains(text))
                .count();
    }

    /**
     * @return whether any record of sessiondb's own loggers ({@code io.sessiondb…}) contains {@code text};
     *         the container's own DEBUG traces of raw HTTP headers are not sessiondb's to sanitise
     */
    public static boolean logged(LogCapture logs, String text) {
        for (LogRecord r : logs.records()) {
            if (r.getLoggerName() != null && r.getLoggerName().startsWith("io.sessiondb")
                    && LogCapture.fullText(r).contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static int update(String sql, Object... args) throws SQLException {
        try (Connection c = TestDatabase.postgres(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
