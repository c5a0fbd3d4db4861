package io.sessiondb.migrate;

import io.sessiondb.core.SessiondbConfig;
import java.io.ObjectInputFilter;
import java.util.Set;

/**
 * The options both commands share to read a container's JDBC session table, and the serial filter
 * its values are read through.
 */
final class SourceOptions {

    /** Options that take a value. */
    static final Set<String> OPTIONS = Set.of("--from", "--source-url", "--source-table", "--source-column",
            "--source-app", "--context", "--virtual-host", "--webapp", "--serial-filter", "--max-session-bytes");

    static final String USAGE = """
              --from tomcat-jdbc|jetty-jdbc  the container store to read: Tomcat's DataSourceStore/JDBCStore table
                                     or Jetty's JDBCSessionDataStore (session-store-jdbc) table
              --source-url URL       JDBC URL of that database, with user and password in it if needed
              --source-table T       its table (default tomcat$sessions for Tomcat, JettySessions for Jetty)
              --source-column P=C    a column renamed in the container's config, by the container's property
                                     name; repeatable. Tomcat: sessionIdCol, sessionAppCol, sessionDataCol,
                                     sessionValidCol, sessionMaxInactiveCol, sessionLastAccessedCol.
                                     Jetty: idColumn, contextPathColumn, virtualHostColumn, accessTimeColumn,
                                     createTimeColumn, expiryTimeColumn, maxIntervalColumn, mapColumn
              --source-app NAME      Tomcat: the app column's value, /ENGINE/HOST/CONTEXT, e.g.
                                     /Catalina/localhost/shop (needed when the table holds several webapps)
              --context PATH         Jetty: the context path, e.g. /shop (needed when the table holds several)
              --virtual-host H       Jetty: only the sessions of this first virtual host (default: any)
              --webapp PATH          the webapp's WAR file or exploded directory: its WEB-INF/classes and
                                     WEB-INF/lib load the attribute classes
              --max-session-bytes N  the sessiondb maxSessionBytes to check against (default 8388608)
              --serial-filter P      ObjectInputFilter pattern values are read through (default sessiondb's)
            """;

    private SourceOptions() {
    }

    /** @return the filter from {@code --serial-filter}, or sessiondb's default */
    static ObjectInputFilter filter(CommandLine line) {
        String pattern = line.optional("--serial-filter");
        try {
            return ObjectInputFilter.Config.createFilter(pattern == null ? SessiondbConfig.DEFAULT_SERIAL_FILTER : pattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--serial-filter is not a valid ObjectInputFilter pattern: " + e.getMessage());
        }
    }

    /** @return the value of {@code --from}, checked */
    static String from(CommandLine line) {
        String from = line.required("--from", "tomcat-jdbc");
        if (!"tomcat-jdbc".equals(from) && !"jetty-jdbc".equals(from)) {
            throw new IllegalArgumentException("--from takes tomcat-jdbc or jetty-jdbc, got '" + from + "'");
        }
        return from;
    }

    /** @return the source named by {@code --from} and the options that go with it */
    static LegacySource jdbc(CommandLine line, ClassLoader loader, ObjectInputFilter filter) {
        String from = from(line);
        String url = line.required("--source-url", "jdbc:postgresql://db:5432/app?user=app&password=secret");
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--source-url takes a JDBC URL, e.g. jdbc:postgresql://db:5432/app");
        }
        String table = line.optional("--source-table");
        switch (from) {
            case "tomcat-jdbc" -> {
                reject(line, "--context", "--virtual-host");
                return new TomcatJdbcSource(url, table, line.pairs("--source-column", TomcatJdbcSource.columnProperties()),
                        line.optional("--source-app"), loader, filter);
            }
            case "jetty-jdbc" -> {
                reject(line, "--source-app");
                return new JettyJdbcSource(url, table, line.pairs("--source-column", JettyJdbcSource.columnProperties()),
                        line.optional("--context"), line.optional("--virtual-host"), loader, filter);
            }
            default -> throw new IllegalArgumentException("--from takes tomcat-jdbc or jetty-jdbc, got '" + from + "'");
        }
    }

    private static void reject(CommandLine line, String... options) {
        for (String option : options) {
            if (!line.all(option).isEmpty()) {
                throw new IllegalArgumentException(option + " does not apply to --from " + line.optional("--from"));
            }
        }
    }
}
