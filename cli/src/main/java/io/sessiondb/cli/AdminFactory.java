package io.sessiondb.cli;

import io.sessiondb.core.SessiondbConfig;
import io.sessiondb.core.admin.SessionAdmin;

/** Turns the {@link GlobalOptions} into a {@link SessiondbConfig}, and that into a {@link SessionAdmin}. */
final class AdminFactory {

    /** Node name the cli's writes are stored under. */
    static final String NODE_NAME = "sessiondb-cli";

    private AdminFactory() {
    }

    /**
     * @param createSchema whether to create or upgrade the tables: only {@code schema --upgrade} does; every
     *                     other command works on the tables as the DBA left them
     */
    static SessionAdmin open(GlobalOptions options, boolean createSchema) {
        return SessionAdmin.start(config(options, createSchema));
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
