-- sessiondb schema version 1 for PostgreSQL 13 or later.
--
-- This is the base script (version 1); a fresh install also runs the upgrades that follow it, in order:
-- postgresql/V2.sql, postgresql/V3.sql, postgresql/V4.sql, postgresql/V5.sql. The store does them all at start when
-- createSchema=true.
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
