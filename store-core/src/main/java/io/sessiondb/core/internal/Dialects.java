package io.sessiondb.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/** Chooses the {@link Dialect} from a JDBC URL or, for a DataSource, from the connected product. */
public final class Dialects {

    private Dialects() {
    }

    /**
     * @return the dialect for a JDBC URL
     * @throws IllegalStateException naming jdbcUrl when no dialect supports it
     */
    public static Dialect forJdbcUrl(String jdbcUrl, String table) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect(table);
        }
        throw new IllegalStateException("jdbcUrl '" + jdbcUrl.replaceAll("\\?.*", "")
                + "' names a database sessiondb does not support yet: use jdbc:postgresql://host:5432/db");
    }

    /** @return the dialect of the database a DataSource connects to */
    public static Dialect forConnection(Connection c, String table) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgres")) {
            return new PostgresDialect(table);
        }
        throw new IllegalStateException("the dataSource connects to " + product
                + ", which sessiondb does not support yet: use PostgreSQL");
    }

    /** Driver properties that bound connect and read times, so an outage fails fast instead of hanging. */
    static Map<String, String> driverProperties(String jdbcUrl, long connectionTimeoutMs) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            String connectSeconds = Long.toString(Math.max(1, (connectionTimeoutMs + 999) / 1000));
            return Map.of("connectTimeout", connectSeconds, "socketTimeout", "60", "tcpKeepAlive", "true");
        }
        return Map.of();
    }
}
