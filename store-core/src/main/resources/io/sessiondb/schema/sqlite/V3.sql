-- sessiondb schema version 3 for SQLite: operations (who is logged in, from where, revocation,
-- history, indexed attributes). Upgrades a version 2 table in place; sessions are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 2, in one
-- write transaction (BEGIN IMMEDIATE). To run it by hand, fill in ${table} and ${name} as for
-- sqlite.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' sqlite/V3.sql | sqlite3 sessions.db
--
-- The columns and tables are those of postgresql/V3.sql, which describes each.

ALTER TABLE ${table} ADD COLUMN created_node TEXT;

ALTER TABLE ${table} ADD COLUMN client_address TEXT;

ALTER TABLE ${table} ADD COLUMN user_agent TEXT;

ALTER TABLE ${table} ADD COLUMN client_type TEXT;

ALTER TABLE ${table} ADD COLUMN revoked_ms INTEGER;

ALTER TABLE ${table} ADD COLUMN attribute_count INTEGER;

ALTER TABLE ${table} ADD COLUMN size_bytes INTEGER;

CREATE INDEX IF NOT EXISTS ${name}_principal_access_ix
    ON ${table} (app, principal, last_access_ms DESC, id_digest) WHERE principal IS NOT NULL;

CREATE INDEX IF NOT EXISTS ${name}_principal_all_ix
    ON ${table} (principal, last_access_ms DESC, app, id_digest) WHERE principal IS NOT NULL;

DROP INDEX IF EXISTS ${name}_principal_ix;

CREATE INDEX IF NOT EXISTS ${name}_digest_ix ON ${table} (id_digest);

CREATE INDEX IF NOT EXISTS ${name}_revoked_ix ON ${table} (revoked_ms) WHERE revoked_ms IS NOT NULL;

CREATE INDEX IF NOT EXISTS ${name}_created_ix ON ${table} (app, created_ms);

CREATE TABLE IF NOT EXISTS ${table}_index (
    app        TEXT NOT NULL,
    id_digest  BLOB NOT NULL,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (app, id_digest, name),
    FOREIGN KEY (app, id_digest) REFERENCES ${table} (app, id_digest) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX IF NOT EXISTS ${name}_index_value_ix ON ${table}_index (name, value, app);

CREATE TABLE IF NOT EXISTS ${table}_history (
    app           TEXT    NOT NULL,
    id_digest     BLOB    NOT NULL,
    ended_ms      INTEGER NOT NULL,
    created_ms    INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL,
    ended_how     TEXT    NOT NULL,
    principal     TEXT,
    client_type   TEXT,
    created_node  TEXT,
    id_sealed     BLOB,
    PRIMARY KEY (ended_ms, app, id_digest)
);

CREATE INDEX IF NOT EXISTS ${name}_history_created_ix ON ${table}_history (app, created_ms);

CREATE INDEX IF NOT EXISTS ${name}_history_principal_ix ON ${table}_history (principal) WHERE principal IS NOT NULL;

-- Session leases (lockingMode=all|uriPattern): see postgresql/V3.sql.
CREATE TABLE IF NOT EXISTS ${table}_locks (
    app        TEXT    NOT NULL,
    id_digest  BLOB    NOT NULL,
    owner      TEXT    NOT NULL,
    until_ms   INTEGER NOT NULL,
    PRIMARY KEY (app, id_digest)
);

INSERT OR IGNORE INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 3, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), seal_key FROM ${table}_schema WHERE version = 1;
