package io.sessiondb.cli.migrate;

import java.io.ObjectInputFilter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of Jetty 12's {@code JDBCSessionDataStore} ({@code session-store-jdbc}), read as Jetty
 * reads it: one row per session and context (canonical context path and first virtual host), times
 * in epoch milliseconds, the map column in the format of {@code SessionData.serializeAttributes}.
 * Table and column names default to Jetty's and can be changed with the property names of Jetty's
 * {@code SessionTableSchema} ({@code tableName}, {@code idColumn}, {@code mapColumn}, ...).
 */
final class JettyJdbcSource implements LegacySource {

    /** Jetty's default table name. */
    static final String DEFAULT_TABLE = "JettySessions";
    /** Jetty's column properties and their defaults, as in {@code JDBCSessionDataStore.SessionTableSchema}. */
    static final Map<String, String> DEFAULT_COLUMNS = defaults();

    private final String url;
    private final String table;
    private final Map<String, String> columns;
    private final String requestedContext;
    private final String virtualHost;
    private final ClassLoader loader;
    private final ObjectInputFilter filter;
    private String context;

    /**
     * @param context     the webapp's context path ({@code /shop}, or {@code /} for the root) or Jetty's canonical
     *                    form of it ({@code _shop}); {@code null} when the table holds one context only
     * @param virtualHost the first virtual host of the context as Jetty stores it, or {@code null} for any
     */
    JettyJdbcSource(String url, String table, Map<String, String> columns, String context, String virtualHost,
                    ClassLoader loader, ObjectInputFilter filter) {
        this.url = url;
        this.table = SqlNames.check("--source-table", table == null ? DEFAULT_TABLE : table);
        this.columns = new LinkedHashMap<>(DEFAULT_COLUMNS);
        columns.forEach((k, v) -> this.columns.put(k, SqlNames.check(k, v)));
        this.requestedContext = context;
        this.virtualHost = virtualHost;
        this.loader = loader;
        this.filter = filter;
    }

    /** @return the column property names Jetty's table schema accepts */
    static Set<String> columnProperties() {
        return DEFAULT_COLUMNS.keySet();
    }

    @Override
    public void read(SessionSink sink) throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false); // lets PostgreSQL stream the rows with the fetch size
            context = chooseContext(contexts(c));
            String sql = "SELECT " + col("idColumn") + ", " + col("createTimeColumn") + ", " + col("accessTimeColumn")
                    + ", " + col("maxIntervalColumn") + ", " + col("expiryTimeColumn") + ", " + col("mapColumn")
                    + " FROM " + table + " WHERE " + col("contextPathColumn") + " = ?"
                    + (virtualHost == null ? "" : " AND " + col("virtualHostColumn") + " = ?");
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setFetchSize(100);
                st.setString(1, context);
                if (virtualHost != null) {
                    st.setString(2, virtualHost);
                }
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
        return "Jetty session table " + table + " (context '" + (context == null ? requestedContext : context) + "'"
                + (virtualHost == null ? "" : ", virtual host " + virtualHost) + ")";
    }

    private void row(ResultSet rs, long now, SessionSink sink) throws SQLException {
        String id = rs.getString(1);
        long expiry = rs.getLong(5);
        if (expiry > 0 && expiry <= now) {
            sink.skipped(id, "expired");
            return;
        }
        Map<String, Object> attributes = new HashMap<>();
        List<AttributeProblem> problems = new ArrayList<>();
        JettyAttributeDecoder.read(rs.getBytes(6), id, loader, filter, attributes, problems);
        sink.session(new LegacySession(id, rs.getLong(2), rs.getLong(3), rs.getLong(4), true, null, attributes, problems));
    }

    private List<String> contexts(Connection c) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT DISTINCT " + col("contextPathColumn") + " FROM " + table);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    private String chooseContext(List<String> found) {
        if (requestedContext == null) {
            if (found.size() > 1) {
                throw new IllegalArgumentException("the table " + table + " holds the sessions of several contexts;"
                        + " choose one with --context, one of " + found);
            }
            return found.isEmpty() ? "" : found.get(0);
        }
        List<String> candidates = canonical(requestedContext);
        for (String candidate : candidates) {
            if (found.contains(candidate)) {
                return candidate;
            }
        }
        if (found.isEmpty()) {
            return candidates.get(0);
        }
        throw new IllegalArgumentException("the table " + table + " holds no sessions of context " + requestedContext
                + "; it holds " + found);
    }

    /** @return the forms Jetty may have stored the context path in: as given, and canonical (SessionContext) */
    static List<String> canonical(String contextPath) {
        if (contextPath.isEmpty() || "/".equals(contextPath) || "ROOT".equals(contextPath)) {
            return List.of("", "/", "_");
        }
        StringBuilder canonical = new StringBuilder(contextPath.length());
        for (char c : contextPath.toCharArray()) {
            boolean special = c <= 0x1F || c >= 0x7F || "|><&/\\.:=\",*?! ".indexOf(c) >= 0;
            canonical.append(special ? '_' : c); // as Jetty's StringUtil.sanitizeFileSystemName
        }
        return List.of(canonical.toString(), contextPath);
    }

    private String col(String property) {
        return columns.get(property);
    }

    private static Map<String, String> defaults() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("idColumn", "sessionId");
        map.put("contextPathColumn", "contextPath");
        map.put("virtualHostColumn", "virtualHost");
        map.put("accessTimeColumn", "accessTime");
        map.put("createTimeColumn", "createTime");
        map.put("expiryTimeColumn", "expiryTime");
        map.put("maxIntervalColumn", "maxInterval");
        map.put("mapColumn", "map");
        return Collections.unmodifiableMap(map);
    }
}
