package io.sessiondb.cli.migrate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of Tomcat's {@code DataSourceStore} (and of the older {@code JDBCStore}), read as Tomcat
 * reads it: one row per session, the data column holding {@code StandardSession.writeObjectData}.
 * Table and column names default to Tomcat's and can be changed with the same property names as the
 * {@code <Store>} element ({@code sessionTable}, {@code sessionIdCol}, ...).
 */
final class TomcatJdbcSource implements LegacySource {

    /** Tomcat's default table name. */
    static final String DEFAULT_TABLE = "tomcat$sessions";
    /** Tomcat's column properties and their defaults, as in {@code DataSourceStore}. */
    static final Map<String, String> DEFAULT_COLUMNS = defaults();

    private final String url;
    private final String table;
    private final Map<String, String> columns;
    private final String requestedApp;
    private final ClassLoader loader;
    private final ObjectInputFilter filter;
    private String app;

    /**
     * @param url     JDBC URL of the database Tomcat's store writes to
     * @param table   the {@code sessionTable}, or {@code null} for Tomcat's default
     * @param columns column properties that differ from Tomcat's defaults, e.g. {@code sessionIdCol=session_id}
     * @param app     the app column's value, {@code /<engine>/<host>/<context>} (e.g. {@code /Catalina/localhost/shop}),
     *                or {@code null} when the table holds one webapp only
     */
    TomcatJdbcSource(String url, String table, Map<String, String> columns, String app, ClassLoader loader,
                     ObjectInputFilter filter) {
        this.url = url;
        this.table = SqlNames.check("--source-table", table == null ? DEFAULT_TABLE : table);
        this.columns = new LinkedHashMap<>(DEFAULT_COLUMNS);
        columns.forEach((k, v) -> this.columns.put(k, SqlNames.check(k, v)));
        this.requestedApp = app;
        this.loader = loader;
        this.filter = filter;
    }

    /** @return the column property names Tomcat's store accepts */
    static Set<String> columnProperties() {
        return DEFAULT_COLUMNS.keySet();
    }

    @Override
    public void read(SessionSink sink) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false); // lets PostgreSQL stream the rows with the fetch size
            app = requestedApp != null ? requestedApp : onlyApp(c);
            String sql = "SELECT " + col("sessionIdCol") + ", " + col("sessionDataCol") + ", " + col("sessionValidCol")
                    + ", " + col("sessionMaxInactiveCol") + ", " + col("sessionLastAccessedCol")
                    + " FROM " + table + " WHERE " + col("sessionAppCol") + " = ?";
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setFetchSize(100);
                st.setString(1, app);
                try (ResultSet rs = st.executeQuery()) {
                    long now = System.currentTimeMillis();
                    while (rs.next()) {
                        row(rs, now, sink);
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    @Override
    public String describe() {
        return "Tomcat store table " + table + " (app " + (app == null ? requestedApp : app) + ")";
    }

    private void row(ResultSet rs, long now, SessionSink sink) throws SQLException {
        String id = rs.getString(1);
        String validColumn = rs.getString(3);
        long maxInactiveSeconds = rs.getLong(4);
        long lastAccess = rs.getLong(5);
        if (!"1".equals(validColumn == null ? null : validColumn.strip())) {
            sink.skipped(id, "invalidated");
            return;
        }
        if (maxInactiveSeconds > 0 && lastAccess + maxInactiveSeconds * 1000 <= now) {
            sink.skipped(id, "expired");
            return;
        }
        byte[] data = rs.getBytes(2);
        if (data == null) {
            sink.failed(id, "the " + col("sessionDataCol") + " column is empty");
            return;
        }
        TomcatSessionDecoder.Decoded decoded;
        try (WebappObjectInputStream in = new WebappObjectInputStream(new ByteArrayInputStream(data), loader, filter)) {
            decoded = TomcatSessionDecoder.read(in, id);
        } catch (IOException e) {
            sink.failed(id, "not a session Tomcat can read either: " + e);
            return;
        }
        LegacySession session = decoded.session();
        if (!id.equals(session.id())) {
            sink.failed(id, "the stored session names another id: " + LegacySession.shortId(session.id()));
        } else if (!session.liveAt(now)) {
            sink.skipped(id, session.valid() ? "expired" : "invalidated");
        } else {
            sink.session(session);
        }
    }

    private String onlyApp(Connection c) throws SQLException {
        List<String> apps = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT DISTINCT " + col("sessionAppCol") + " FROM " + table);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                apps.add(rs.getString(1));
            }
        }
        if (apps.size() <= 1) {
            return apps.isEmpty() ? "" : apps.get(0);
        }
        throw new IllegalArgumentException("the table " + table + " holds the sessions of several webapps;"
                + " choose one with --source-app, one of " + apps);
    }

    private String col(String property) {
        return columns.get(property);
    }

    private static Map<String, String> defaults() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("sessionIdCol", "id");
        map.put("sessionAppCol", "app");
        map.put("sessionDataCol", "data");
        map.put("sessionValidCol", "valid");
        map.put("sessionMaxInactiveCol", "maxinactive");
        map.put("sessionLastAccessedCol", "lastaccess");
        return Collections.unmodifiableMap(map);
    }
}
