-- sessiondb schema version 3 for PostgreSQL: operations (who is logged in, from where, revocation,
-- history, indexed attributes). Upgrades a version 2 table in place; sessions are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 2, in one
-- transaction under the same advisory lock as postgresql.sql. To run it by hand, fill in ${table} and
-- ${name} as for postgresql.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' postgresql/V3.sql | psql
--
-- New session columns (NULL on rows written before version 3; adding a NULL column rewrites nothing):
--   created_node     node that created the session
--   client_address   request.getRemoteAddr() of the request that last changed it (the container's
--                    RemoteIpValve / ForwardedRequestCustomizer decides which proxies are trusted)
--   user_agent       User-Agent header, truncated to 512 characters
--   client_type      desktop | mobile | tablet | bot | other, parsed from the user agent
--   revoked_ms       when an operator revoked it (SessionAdmin.revoke*); NULL while not revoked
--   attribute_count  number of attributes at the last save, as the saving node saw them
--   size_bytes       serialized size of the attributes at the last save, as the saving node saw them
-- ${table}_index      values of the attributes named in indexedAttributes (tenant, sandbox...), as text
-- ${table}_history    one row per ended session (invalidated, expired, revoked), pruned after historyDays;
--                    id_sealed (revoked rows only) lets a sticky node find a revoked session it holds
--                    after another node has expired it
-- ${table}_locks      session leases of lockingMode=all|uriPattern

ALTER TABLE ${table}
    ADD COLUMN IF NOT EXISTS created_node    VARCHAR(255),
    ADD COLUMN IF NOT EXISTS client_address  VARCHAR(64),
    ADD COLUMN IF NOT EXISTS user_agent      VARCHAR(512),
    ADD COLUMN IF NOT EXISTS client_type     VARCHAR(16),
    ADD COLUMN IF NOT EXISTS revoked_ms      BIGINT,
    ADD COLUMN IF NOT EXISTS attribute_count INT,
    ADD COLUMN IF NOT EXISTS size_bytes      BIGINT;

-- A principal's sessions in one app, newest activity first (keyset pagination).
CREATE INDEX IF NOT EXISTS ${name}_principal_access_ix
    ON ${table} (app, principal, last_access_ms DESC, id_digest) WHERE principal IS NOT NULL;

-- A principal's sessions in every app.
CREATE INDEX IF NOT EXISTS ${name}_principal_all_ix
    ON ${table} (principal, last_access_ms DESC, app, id_digest) WHERE principal IS NOT NULL;

-- The version 1 index is covered by the first one above.
DROP INDEX IF EXISTS ${name}_principal_ix;

-- A session named by its short id (a prefix of id_digest), in any app.
CREATE INDEX IF NOT EXISTS ${name}_digest_ix ON ${table} (id_digest);

-- Revocations, for nodes that hold sessions in memory (sticky) to find them.
CREATE INDEX IF NOT EXISTS ${name}_revoked_ix ON ${table} (revoked_ms) WHERE revoked_ms IS NOT NULL;

-- Sessions created per day / week.
CREATE INDEX IF NOT EXISTS ${name}_created_ix ON ${table} (app, created_ms);

CREATE TABLE IF NOT EXISTS ${table}_index (
    app        VARCHAR(100) NOT NULL,
    id_digest  BYTEA        NOT NULL,
    name       VARCHAR(255) NOT NULL,
    value      VARCHAR(255) NOT NULL,
    PRIMARY KEY (app, id_digest, name),
    FOREIGN KEY (app, id_digest) REFERENCES ${table} (app, id_digest) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX IF NOT EXISTS ${name}_index_value_ix ON ${table}_index (name, value, app);

CREATE TABLE IF NOT EXISTS ${table}_history (
    app           VARCHAR(100) NOT NULL,
    id_digest     BYTEA        NOT NULL,
    ended_ms      BIGINT       NOT NULL,
    created_ms    BIGINT       NOT NULL,
    duration_ms   BIGINT       NOT NULL,
    ended_how     VARCHAR(16)  NOT NULL,
    principal     VARCHAR(255),
    client_type   VARCHAR(16),
    created_node  VARCHAR(255),
    id_sealed     BYTEA,
    PRIMARY KEY (ended_ms, app, id_digest)
);

CREATE INDEX IF NOT EXISTS ${name}_history_created_ix ON ${table}_history (app, created_ms);

CREATE INDEX IF NOT EXISTS ${name}_history_principal_ix ON ${table}_history (principal) WHERE principal IS NOT NULL;

-- Session leases (lockingMode=all|uriPattern): the request that holds a session's row here runs alone;
-- a lease left by a crashed node lapses at until_ms.
CREATE TABLE IF NOT EXISTS ${table}_locks (
    app        VARCHAR(100) NOT NULL,
    id_digest  BYTEA        NOT NULL,
    owner      VARCHAR(255) NOT NULL,
    until_ms   BIGINT       NOT NULL,
    PRIMARY KEY (app, id_digest)
);

INSERT INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 3, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT, seal_key FROM ${table}_schema WHERE version = 1
ON CONFLICT (version) DO NOTHING;
