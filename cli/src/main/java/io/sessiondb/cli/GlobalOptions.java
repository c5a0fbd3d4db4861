package io.sessiondb.cli;

import io.sessiondb.core.SessiondbConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command takes, before or after the command name ({@code scope = INHERIT}): where
 * the table is, how to log in, which app, and how to print. Declared once, on {@link SessiondbCli}.
 * A wrong value is an {@link IllegalArgumentException} naming the option: a usage error.
 */
public final class GlobalOptions {

    /** Environment variable read when {@code --jdbc-url} is not given. */
    public static final String JDBC_URL_ENV = "SESSIONDB_JDBC_URL";
    /** Environment variable read when neither {@code --password} nor {@code --password-file} is given. */
    public static final String PASSWORD_ENV = "SESSIONDB_PASSWORD";

    @Option(names = "--jdbc-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "JDBC URL of the session database (default: $" + JDBC_URL_ENV + "), e.g. "
                    + "jdbc:postgresql://db:5432/app, jdbc:mariadb://db:3306/app, jdbc:sqlite:/var/lib/app/sessions.db")
    private String jdbcUrl;

    @Option(names = "--username", paramLabel = "USER", scope = ScopeType.INHERIT, description = "database user")
    private String username;

    @Option(names = "--password", paramLabel = "PASSWORD", scope = ScopeType.INHERIT,
            description = "database password (better: $" + PASSWORD_ENV + " or --password-file, which stay out of"
                    + " the process list)")
    private String password;

    @Option(names = "--password-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "read the database password from the first line of FILE")
    private Path passwordFile;

    @Option(names = "--table", paramLabel = "TABLE", scope = ScopeType.INHERIT,
            description = "the session table, optionally schema.table (default: " + SessiondbConfig.DEFAULT_TABLE_NAME + ")")
    private String table;

    @Option(names = "--app", paramLabel = "APP", scope = ScopeType.INHERIT,
            description = "only this app (its appName); default: every app sharing the table")
    private String app;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "machine output (JSON) on stdout, nothing else there")
    private boolean json;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "stack traces and the store's log on stderr")
    private boolean verbose;

    private Map<String, String> env = Map.of();

    void env(Map<String, String> env) {
        this.env = env;
    }

    /** @return the environment variable {@code name}, or {@code null} */
    public String env(String name) {
        return env.get(name);
    }

    /** @return the JDBC URL from {@code --jdbc-url} or the environment; a usage error when there is none */
    public String jdbcUrl() {
        String url = jdbcUrl != null ? jdbcUrl : env.get(JDBC_URL_ENV);
        if (url == null || url.isBlank()) {
            throw usage("--jdbc-url is required (or set $" + JDBC_URL_ENV + "), e.g. --jdbc-url jdbc:postgresql://db:5432/app");
        }
        if (!url.startsWith("jdbc:")) {
            throw usage("--jdbc-url takes a JDBC URL, e.g. jdbc:postgresql://db:5432/app");
        }
        return url;
    }

    /** @return the JDBC URL, or {@code null} when none is given */
    public String jdbcUrlOrNull() {
        String url = jdbcUrl != null ? jdbcUrl : env.get(JDBC_URL_ENV);
        return url == null || url.isBlank() ? null : url;
    }

    public String username() {
        return username;
    }

    /** @return the password from {@code --password}, {@code --password-file} or the environment, or {@code null} */
    public String password() {
        if (password != null && passwordFile != null) {
            throw usage("give --password or --password-file, not both");
        }
        if (password != null) {
            return password;
        }
        if (passwordFile != null) {
            try {
                String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                return (end < 0 ? text : text.substring(0, end)).replace("\r", "");
            } catch (IOException e) {
                throw usage("--password-file " + passwordFile + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        return env.get(PASSWORD_ENV);
    }

    /** @return {@code --table}, or the default table name */
    public String table() {
        return table != null ? table : SessiondbConfig.DEFAULT_TABLE_NAME;
    }

    /** @return {@code --table} as given, or {@code null} */
    public String tableOrNull() {
        return table;
    }

    /** @return the app, or {@code null} for every app */
    public String app() {
        return app;
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    /** A usage error: {@link Failures} prints it with the usage and exits {@link SessiondbCli#USAGE}. */
    private static IllegalArgumentException usage(String message) {
        return new IllegalArgumentException(message);
    }
}
