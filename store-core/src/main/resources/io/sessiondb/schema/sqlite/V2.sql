-- sessiondb schema version 2 for SQLite: upgrades a version 1 table in place; sessions are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 1, in one
-- write transaction (BEGIN IMMEDIATE), so processes starting together upgrade once. A fresh install
-- runs sqlite.sql (version 1) and then this file. To run it by hand, fill in ${table} and ${name} as
-- for sqlite.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' sqlite/V2.sql | sqlite3 sessions.db
--
-- previous_access_ms: the access before the current one (Jetty's lastAccessed); NULL on rows written
-- before version 2, read back as last_access_ms. TEXT columns have no length limit here.

ALTER TABLE ${table} ADD COLUMN previous_access_ms INTEGER;

INSERT OR IGNORE INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 2, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), seal_key FROM ${table}_schema WHERE version = 1;
