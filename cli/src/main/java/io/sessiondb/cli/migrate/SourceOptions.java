package io.sessiondb.cli.migrate;

import io.sessiondb.cli.DatabaseUnreachableException;
import io.sessiondb.core.SessiondbConfig;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options {@code import} and {@code check} share (a picocli mixin): where the container's sessions
 * are (a JDBC table or a SESSIONS.ser), the webapp whose classes read them, and the limits to check
 * against. A mistake is an {@link IllegalArgumentException} naming the option.
 */
final class SourceOptions {

    @Option(names = "--sessions-ser", paramLabel = "PATH", description = "a SESSIONS.ser written by Tomcat's"
            + " StandardManager when the webapp stopped, e.g. $CATALINA_BASE/work/Catalina/localhost/shop/SESSIONS.ser"
            + " (copy it first: Tomcat deletes it when the webapp starts again); instead of --from")
    String sessionsSer;

    @Option(names = "--from", paramLabel = "tomcat-jdbc|jetty-jdbc", description = "the container store to read:"
            + " Tomcat's DataSourceStore/JDBCStore table or Jetty's JDBCSessionDataStore (session-store-jdbc) table")
    String from;

    @Option(names = "--source-url", paramLabel = "URL", description = "JDBC URL of that database, with user and"
            + " password in it if needed")
    String sourceUrl;

    @Option(names = "--source-table", paramLabel = "T", description = "its table (default tomcat$sessions for"
            + " Tomcat, JettySessions for Jetty)")
    String sourceTable;

    @Option(names = "--source-column", paramLabel = "P=C", description = "a column renamed in the container's"
            + " config, by the container's property name; repeatable. Tomcat: sessionIdCol, sessionAppCol,"
            + " sessionDataCol, sessionValidCol, sessionMaxInactiveCol, sessionLastAccessedCol. Jetty: idColumn,"
            + " contextPathColumn, virtualHostColumn, accessTimeColumn, createTimeColumn, expiryTimeColumn,"
            + " maxIntervalColumn, mapColumn")
    List<String> sourceColumns = new ArrayList<>();

    @Option(names = "--source-app", paramLabel = "NAME", description = "Tomcat: the app column's value,"
            + " /ENGINE/HOST/CONTEXT, e.g. /Catalina/localhost/shop (needed when the table holds several webapps)")
    String sourceApp;

    @Option(names = "--context", paramLabel = "PATH", description = "Jetty: the context path, e.g. /shop (needed"
            + " when the table holds several)")
    String context;

    @Option(names = "--virtual-host", paramLabel = "H", description = "Jetty: only the sessions of this first"
            + " virtual host (default: any)")
    String virtualHost;

    @Option(names = "--webapp", paramLabel = "PATH", description = "the webapp's WAR file or exploded directory:"
            + " its WEB-INF/classes and WEB-INF/lib load the attribute classes")
    Path webapp;

    @Option(names = "--max-session-bytes", paramLabel = "N", description = "the sessiondb maxSessionBytes to check"
            + " against (default 8388608)")
    Integer maxSessionBytes;

    @Option(names = "--serial-filter", paramLabel = "P", description = "ObjectInputFilter pattern values are read"
            + " through (default sessiondb's)")
    String serialFilter;

    /** @return {@code --max-session-bytes}, checked, or sessiondb's default */
    int maxSessionBytes() {
        if (maxSessionBytes == null) {
            return SessiondbConfig.DEFAULT_MAX_SESSION_BYTES;
        }
        if (maxSessionBytes <= 0) {
            throw new IllegalArgumentException("--max-session-bytes takes a positive number, got '" + maxSessionBytes + "'");
        }
        return maxSessionBytes;
    }

    /** @return the filter from {@code --serial-filter}, or sessiondb's default */
    ObjectInputFilter filter() {
        try {
            return ObjectInputFilter.Config.createFilter(serialFilter == null ? SessiondbConfig.DEFAULT_SERIAL_FILTER : serialFilter);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--serial-filter is not a valid ObjectInputFilter pattern: " + e.getMessage());
        }
    }

    /** @return the webapp class loader from {@code --webapp} */
    WebappClassLoader webapp() throws IOException {
        if (webapp == null) {
            throw new IllegalArgumentException("--webapp is required, e.g. --webapp target/shop.war");
        }
        return WebappClassLoader.open(webapp, SourceOptions.class.getClassLoader());
    }

    /** Checks that exactly one source is named, and {@code --from} before anything else. */
    void checkSource() {
        if (sessionsSer != null && from != null) {
            throw new IllegalArgumentException("give either --sessions-ser or --from, not both");
        }
        if (sessionsSer == null && from == null) {
            throw new IllegalArgumentException("--sessions-ser PATH or --from tomcat-jdbc|jetty-jdbc is required");
        }
        if (from != null && !"tomcat-jdbc".equals(from) && !"jetty-jdbc".equals(from)) {
            throw new IllegalArgumentException("--from takes tomcat-jdbc or jetty-jdbc, got '" + from + "'");
        }
    }

    /** @return the source the options name */
    LegacySource source(ClassLoader loader, ObjectInputFilter filter) {
        if (sessionsSer != null) {
            return new SessionsSerFile(Path.of(sessionsSer), loader, filter);
        }
        if (sourceUrl == null || sourceUrl.isBlank()) {
            throw new IllegalArgumentException("--source-url is required, e.g. --source-url"
                    + " jdbc:postgresql://db:5432/app?user=app&password=secret");
        }
        if (!sourceUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--source-url takes a JDBC URL, e.g. jdbc:postgresql://db:5432/app");
        }
        if ("tomcat-jdbc".equals(from)) {
            reject(context, "--context");
            reject(virtualHost, "--virtual-host");
            return new TomcatJdbcSource(sourceUrl, sourceTable, pairs(TomcatJdbcSource.columnProperties()), sourceApp,
                    loader, filter);
        }
        reject(sourceApp, "--source-app");
        return new JettyJdbcSource(sourceUrl, sourceTable, pairs(JettyJdbcSource.columnProperties()), context,
                virtualHost, loader, filter);
    }

    /**
     * Reads {@code source} into {@code sink}; a source database that cannot be reached or refuses the login
     * is a {@link DatabaseUnreachableException} naming {@code --source-url}.
     */
    void read(LegacySource source, SessionSink sink) throws IOException {
        try {
            source.read(sink);
        } catch (SQLException e) {
            if (DatabaseUnreachableException.isConnectionFailure(e)) {
                throw new DatabaseUnreachableException(sourceUrl, e);
            }
            throw new IllegalStateException("cannot read the source table: " + e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("no such file: " + e.getMessage(), e);
        }
    }

    private Map<String, String> pairs(Set<String> keys) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : sourceColumns) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (equals < 0 || !keys.contains(key)) {
                throw new IllegalArgumentException("--source-column takes NAME=VALUE with NAME one of " + keys
                        + ", got '" + pair + "'");
            }
            map.put(key, pair.substring(equals + 1));
        }
        return map;
    }

    private void reject(String value, String option) {
        if (value != null) {
            throw new IllegalArgumentException(option + " does not apply to --from " + from);
        }
    }
}
