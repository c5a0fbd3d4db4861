-- sessiondb schema version 2 for MariaDB / MySQL: upgrades a version 1 table in place; sessions are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 1, under the
-- same GET_LOCK as mariadb.sql, so nodes starting together upgrade once. DDL commits implicitly here:
-- every statement can run again after an interruption (the store takes an existing column as done).
-- A fresh install runs mariadb.sql (version 1) and then this file. To run it by hand, fill in
-- ${table} and ${name} as for mariadb.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' mariadb/V2.sql | mariadb mydb
--
-- previous_access_ms: the access before the current one (Jetty's lastAccessed); NULL on rows written
-- before version 2, read back as last_access_ms. claimed_by holds nodeName (at most 100 characters)
-- plus "/" and 8 characters, last_node the nodeName: both are widened (in place, no table copy).

ALTER TABLE ${table}
    MODIFY COLUMN last_node VARCHAR(255),
    MODIFY COLUMN claimed_by VARCHAR(255);

ALTER TABLE ${table} ADD COLUMN previous_access_ms BIGINT;

INSERT IGNORE INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 2, ROUND(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000), seal_key FROM ${table}_schema WHERE version = 1;
