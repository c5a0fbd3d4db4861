-- sessiondb schema version 4 for PostgreSQL: a per-day rollup of the history, so that statistics read
-- one small row per (day, app, day of creation, duration bucket) for the days that are over instead of
-- every history row. Upgrades a version 3 table in place; sessions and history are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 3, in one
-- transaction under the same advisory lock as postgresql.sql. To run it by hand, fill in ${table} and
-- ${name} as for postgresql.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' postgresql/V4.sql | psql
--
-- ${table}_history_days    the history rows that ended on one UTC day (days since 1970-01-01), per app,
--                          day of creation and duration bucket (LogHistogram: floor(ln(duration_ms) * 100),
--                          -1 for 0): their count, the sum and the largest of their durations. Written by
--                          the sweepers for days that are over (docs/admin-queries.md, "History rollup"),
--                          never by a request; pruned with the history rows.
-- ${table}_history_rollup  one row: the history rows that ended before day rolled_to_day are in
--                          ${table}_history_days (-1: none yet; the first rollup starts at the oldest row).
--                          A sweeper moves it forward in the transaction that writes the day's rows, so
--                          that two nodes never roll a day up twice.

CREATE TABLE IF NOT EXISTS ${table}_history_days (
    ended_day        BIGINT       NOT NULL,
    app              VARCHAR(100) NOT NULL,
    created_day      BIGINT       NOT NULL,
    bucket           INT          NOT NULL,
    sessions         BIGINT       NOT NULL,
    duration_sum_ms  BIGINT       NOT NULL,
    duration_max_ms  BIGINT       NOT NULL,
    PRIMARY KEY (ended_day, app, created_day, bucket)
);

CREATE TABLE IF NOT EXISTS ${table}_history_rollup (
    id             INT    PRIMARY KEY,
    rolled_to_day  BIGINT NOT NULL
);

INSERT INTO ${table}_history_rollup (id, rolled_to_day) VALUES (1, -1) ON CONFLICT (id) DO NOTHING;

INSERT INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 4, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT, seal_key FROM ${table}_schema WHERE version = 1
ON CONFLICT (version) DO NOTHING;
