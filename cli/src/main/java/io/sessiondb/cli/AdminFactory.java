package io.sessiondb.cli;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.admin.SessionAdmin;
import io.sessiondb.core.admin.StoredValues;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Turns the {@link GlobalOptions} into a {@link SessiondbConfig}, and that into a {@link SessionAdmin}. */
final class AdminFactory {

    /** Longest wait for the first connection, in seconds. */
    private static final int PROBE_TIMEOUT_SECONDS = 10;

    /** Node name the cli's writes are stored under. */
    static final String NODE_NAME = "sessiondb-cli";

    private AdminFactory() {
    }

    /**
     * @param createSchema whether to create or upgrade the tables: only {@code schema --upgrade} does; every
     *                     other command works on the tables as the DBA left them
     */
    static SessionAdmin open(GlobalOptions options, boolean createSchema) {
        SessiondbConfig config = config(options, createSchema);
        probe(config);
        return SessionAdmin.start(config);
    }

    /**
     * @param keys the encryption keys the values are opened with
     * @return the stored values of the table the options name, for {@code reencrypt} and {@code check --live}
     */
    static StoredValues openValues(GlobalOptions options, KeyOptions keys) {
        SessiondbConfig config = config(options, false);
        keys.apply(config, options);
        probe(config);
        return StoredValues.start(config);
    }

    /**
     * Opens one plain connection first: a closed port or a refused login then fails at once with the
     * driver's own words, where the pool would wait its connection timeout on every attempt. Not for
     * SQLite, whose driver would create a missing file.
     *
     * @throws DatabaseUnreachableException when the database cannot be reached or refuses the login
     */
    private static void probe(SessiondbConfig config) {
        if (config.getJdbcUrl().startsWith("jdbc:sqlite:")) {
            return;
        }
        Properties login = new Properties();
        if (config.getUsername() != null) {
            login.setProperty("user", config.getUsername());
        }
        if (config.getPassword() != null) {
            login.setProperty("password", config.getPassword());
        }
        DriverManager.setLoginTimeout(PROBE_TIMEOUT_SECONDS);
        try (Connection c = DriverManager.getConnection(config.getJdbcUrl(), login)) {
            // reachable, and the login is accepted
        } catch (SQLException e) {
            if (DatabaseUnreachableException.isConnectionFailure(e)) {
                throw new DatabaseUnreachableException(config.getJdbcUrl(), e);
            }
            // anything else (an unknown driver, say) is for the store to report as it starts
        }
    }

    /** @return the config the options describe: one small pool, no riding through an outage (fail fast) */
    static SessiondbConfig config(GlobalOptions options, boolean createSchema) {
        SessiondbConfig config = new SessiondbConfig();
        config.setJdbcUrl(options.jdbcUrl());
        config.setUsername(options.username());
        config.setPassword(options.password());
        try {
            config.setTableName(options.table());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--table: " + e.getMessage(), e);
        }
        config.setCreateSchema(createSchema);
        config.setAppName(NODE_NAME);
        config.setNodeName(NODE_NAME);
        config.setMaxPoolSize(2);
        config.setFailoverTimeoutMs(0);
        return config;
    }
}
