-- sessiondb schema version 5 for PostgreSQL: records the version and changes nothing. Version 5 widens
-- two indexes on MariaDB / MySQL (mariadb/V5.sql); PostgreSQL counts the distinct principals in the one
-- pass its statistics make over the sessions (PostgresAdminSql), with no index.
--
-- The store runs it at start when createSchema=true and the schema record says version 4, in one
-- transaction under the same advisory lock as postgresql.sql. To run it by hand, fill in ${table} as
-- for postgresql.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' postgresql/V5.sql | psql

INSERT INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 5, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT, seal_key FROM ${table}_schema WHERE version = 1
ON CONFLICT (version) DO NOTHING;
