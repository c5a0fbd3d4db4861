-- sessiondb schema version 5 for MariaDB / MySQL: the two principal indexes also carry expiry_ms and
-- revoked_ms, so that SessionAdmin.statistics counts the distinct principals of the active sessions from
-- an index alone (a scan in principal order, no lookup of the rows) instead of from the table (1.0 to 1.3 s
-- on a million sessions; docs/admin-queries.md). Upgrades a version 4 table in place; sessions are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 4, under the
-- same GET_LOCK as mariadb.sql. Each index is dropped and added again in one ALTER TABLE, online
-- (LOCK = NONE: sessions are read and written meanwhile), so it is never missing; running it again
-- after an interruption rebuilds it again. To run it by hand, fill in ${table} and ${name} as for
-- mariadb.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' mariadb/V5.sql | mariadb mydb
--
-- What it costs the request path: no statement and no index write. InnoDB rewrites a secondary index
-- entry only when one of its columns changes, and both indexes hold last_access_ms. Every statement that
-- sets expiry_ms on the request path (MariaDbDialect UPDATE, the save and the touch; RELEASE_CLAIM, a
-- sweeper's claim given back) sets it from an access time not older than the stored one, as that access
-- time plus the timeout: the expiry moves only when the access time moves, which rewrites the entries
-- anyway. The one exception is a save that changes the timeout (setMaxInactiveInterval) and neither the
-- access time nor the principal. revoked_ms is written by SessionAdmin only. Each entry grows by two
-- BIGINTs.

ALTER TABLE ${table}
    DROP INDEX ${name}_principal_newest_ix,
    ADD INDEX ${name}_principal_newest_ix (app, principal, last_access_ms DESC, id_digest, expiry_ms, revoked_ms),
    ALGORITHM = INPLACE, LOCK = NONE;

ALTER TABLE ${table}
    DROP INDEX ${name}_principal_all_newest_ix,
    ADD INDEX ${name}_principal_all_newest_ix (principal, last_access_ms DESC, app, id_digest, expiry_ms, revoked_ms),
    ALGORITHM = INPLACE, LOCK = NONE;

INSERT IGNORE INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 5, ROUND(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000), seal_key FROM ${table}_schema WHERE version = 1;
