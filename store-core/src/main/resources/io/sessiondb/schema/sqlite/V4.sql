-- sessiondb schema version 4 for SQLite: a per-day rollup of the history. Upgrades a version 3 table
-- in place; sessions and history are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 3, in one
-- write transaction (BEGIN IMMEDIATE). To run it by hand, fill in ${table} and ${name} as for
-- sqlite.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' sqlite/V4.sql | sqlite3 sessions.db
--
-- The tables are those of postgresql/V4.sql, which describes each.

CREATE TABLE IF NOT EXISTS ${table}_history_days (
    ended_day        INTEGER NOT NULL,
    app              TEXT    NOT NULL,
    created_day      INTEGER NOT NULL,
    bucket           INTEGER NOT NULL,
    sessions         INTEGER NOT NULL,
    duration_sum_ms  INTEGER NOT NULL,
    duration_max_ms  INTEGER NOT NULL,
    PRIMARY KEY (ended_day, app, created_day, bucket)
);

CREATE TABLE IF NOT EXISTS ${table}_history_rollup (
    id             INTEGER PRIMARY KEY,
    rolled_to_day  INTEGER NOT NULL
);

INSERT OR IGNORE INTO ${table}_history_rollup (id, rolled_to_day) VALUES (1, -1);

INSERT OR IGNORE INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 4, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), seal_key FROM ${table}_schema WHERE version = 1;
