-- sessiondb schema version 1 for SQLite 3.35 or later.
--
-- This is the base script (version 1); a fresh install also runs the upgrades that follow it, in order:
-- sqlite/V2.sql, sqlite/V3.sql, sqlite/V4.sql, sqlite/V5.sql. The store does them all at start when
-- createSchema=true.
--
-- The store runs this file at start when createSchema=true (the default), in one write transaction.
-- To run it by hand, replace ${table} and ${name} with the table name (default sessiondb_sessions;
-- SQLite takes no schema prefix here), e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' sqlite.sql | sqlite3 sessions.db
-- Every connection needs PRAGMA foreign_keys = ON (the store sets it) for the cascades below, and
-- should use WAL (PRAGMA journal_mode = WAL, persistent in the file) and a busy timeout.
--
-- The raw session id is never stored: id_digest is SHA-256 (HMAC-SHA-256 with idSecret) of the id,
-- and id_sealed the id encrypted with AES-GCM, so that expiry can name the session to listeners.

CREATE TABLE IF NOT EXISTS ${table} (
    app              TEXT    NOT NULL,
    id_digest        BLOB    NOT NULL,
    id_sealed        BLOB    NOT NULL,
    created_ms       INTEGER NOT NULL,
    last_access_ms   INTEGER NOT NULL,
    max_inactive_ms  INTEGER NOT NULL,
    expiry_ms        INTEGER,
    principal        TEXT,
    last_node        TEXT,
    metadata         TEXT,
    version          INTEGER NOT NULL,
    claimed_by       TEXT,
    claimed_until_ms INTEGER,
    PRIMARY KEY (app, id_digest)
);

CREATE INDEX IF NOT EXISTS ${name}_expiry_ix ON ${table} (expiry_ms);

CREATE INDEX IF NOT EXISTS ${name}_principal_ix ON ${table} (app, principal) WHERE principal IS NOT NULL;

CREATE TABLE IF NOT EXISTS ${table}_attributes (
    app        TEXT NOT NULL,
    id_digest  BLOB NOT NULL,
    name       TEXT NOT NULL,
    value      BLOB NOT NULL,
    PRIMARY KEY (app, id_digest, name),
    FOREIGN KEY (app, id_digest) REFERENCES ${table} (app, id_digest) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE IF NOT EXISTS ${table}_schema (
    version       INTEGER PRIMARY KEY,
    installed_ms  INTEGER NOT NULL,
    seal_key      BLOB    NOT NULL
);

INSERT INTO ${table}_schema (version, installed_ms, seal_key)
VALUES (1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), randomblob(32))
ON CONFLICT (version) DO NOTHING;
