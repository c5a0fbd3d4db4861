-- sessiondb schema version 5 for SQLite: records the version and changes nothing. Version 5 widens two
-- indexes on MariaDB / MySQL (mariadb/V5.sql, which says why).
--
-- The store runs it at start when createSchema=true and the schema record says version 4, in one
-- write transaction (BEGIN IMMEDIATE). To run it by hand, fill in ${table} as for sqlite.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' sqlite/V5.sql | sqlite3 sessions.db

INSERT OR IGNORE INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 5, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), seal_key FROM ${table}_schema WHERE version = 1;
