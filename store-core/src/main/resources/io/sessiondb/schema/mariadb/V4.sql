-- sessiondb schema version 4 for MariaDB / MySQL: a per-day rollup of the history. Upgrades a version 3
-- table in place; sessions and history are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 3, under the
-- same GET_LOCK as mariadb.sql. Every statement can run again after an interruption. To run it by
-- hand, fill in ${table} and ${name} as for mariadb.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' mariadb/V4.sql | mariadb mydb
--
-- The tables are those of postgresql/V4.sql, which describes each.

CREATE TABLE IF NOT EXISTS ${table}_history_days (
    ended_day        BIGINT        NOT NULL,
    app              VARCHAR(100)  NOT NULL,
    created_day      BIGINT        NOT NULL,
    bucket           INT           NOT NULL,
    sessions         BIGINT        NOT NULL,
    duration_sum_ms  BIGINT        NOT NULL,
    duration_max_ms  BIGINT        NOT NULL,
    PRIMARY KEY (ended_day, app, created_day, bucket)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${table}_history_rollup (
    id             INT     PRIMARY KEY,
    rolled_to_day  BIGINT  NOT NULL
) ENGINE = InnoDB;

INSERT IGNORE INTO ${table}_history_rollup (id, rolled_to_day) VALUES (1, -1);

INSERT IGNORE INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 4, ROUND(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000), seal_key FROM ${table}_schema WHERE version = 1;
