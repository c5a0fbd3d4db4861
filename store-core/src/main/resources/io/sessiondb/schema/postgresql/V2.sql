-- sessiondb schema version 2 for PostgreSQL: upgrades a version 1 table in place; sessions are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 1, in one
-- transaction under the same advisory lock as postgresql.sql, so nodes starting together upgrade once.
-- A fresh install runs postgresql.sql (version 1) and then this file. To run it by hand, fill in
-- ${table} and ${name} as for postgresql.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' postgresql/V2.sql | psql
--
-- previous_access_ms: the access before the current one (Jetty's lastAccessed); NULL on rows written
-- before version 2, read back as last_access_ms. claimed_by holds nodeName (at most 100 characters)
-- plus "/" and 8 characters, last_node the nodeName: both are widened. Widening a VARCHAR does not
-- rewrite the table.

ALTER TABLE ${table}
    ADD COLUMN IF NOT EXISTS previous_access_ms BIGINT,
    ALTER COLUMN claimed_by TYPE VARCHAR(255),
    ALTER COLUMN last_node TYPE VARCHAR(255);

INSERT INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 2, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT, seal_key FROM ${table}_schema WHERE version = 1
ON CONFLICT (version) DO NOTHING;
