-- A table as sessiondb created it at schema version 2 (before version 3): postgresql.sql followed by postgresql/V2.sql,
-- frozen here so that the upgrade to version 3 is tested from what was released.

-- sessiondb schema version 1 for PostgreSQL 13 or later.
--
-- This is the base script (version 1); a fresh install also runs the upgrades that follow it, in order:
-- postgresql/V2.sql, postgresql/V3.sql. The store does both at start when createSchema=true.
--
-- The store runs this file at start when createSchema=true (the default). To run it by hand, replace
-- ${table} with the table name (default sessiondb_sessions, optionally schema-qualified) and ${name}
-- with the same name without the schema, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' postgresql.sql | psql
--
-- The raw session id is never stored: id_digest is SHA-256 (HMAC-SHA-256 with idSecret) of the id,
-- and id_sealed the id encrypted with AES-GCM, so that expiry can name the session to listeners.

CREATE TABLE IF NOT EXISTS ${table} (
    app              VARCHAR(100) NOT NULL,
    id_digest        BYTEA        NOT NULL,
    id_sealed        BYTEA        NOT NULL,
    created_ms       BIGINT       NOT NULL,
    last_access_ms   BIGINT       NOT NULL,
    max_inactive_ms  BIGINT       NOT NULL,
    expiry_ms        BIGINT,
    principal        VARCHAR(255),
    last_node        VARCHAR(100),
    metadata         JSONB,
    version          BIGINT       NOT NULL,
    claimed_by       VARCHAR(100),
    claimed_until_ms BIGINT,
    PRIMARY KEY (app, id_digest)
);

CREATE INDEX IF NOT EXISTS ${name}_expiry_ix ON ${table} (expiry_ms);

CREATE INDEX IF NOT EXISTS ${name}_principal_ix ON ${table} (app, principal) WHERE principal IS NOT NULL;

CREATE TABLE IF NOT EXISTS ${table}_attributes (
    app        VARCHAR(100) NOT NULL,
    id_digest  BYTEA        NOT NULL,
    name       TEXT         NOT NULL,
    value      BYTEA        NOT NULL,
    PRIMARY KEY (app, id_digest, name),
    FOREIGN KEY (app, id_digest) REFERENCES ${table} (app, id_digest) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE IF NOT EXISTS ${table}_schema (
    version       INT    PRIMARY KEY,
    installed_ms  BIGINT NOT NULL,
    seal_key      BYTEA  NOT NULL
);

INSERT INTO ${table}_schema (version, installed_ms, seal_key)
VALUES (1, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT,
        decode(replace(gen_random_uuid()::TEXT || gen_random_uuid()::TEXT, '-', ''), 'hex'))
ON CONFLICT (version) DO NOTHING;

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
