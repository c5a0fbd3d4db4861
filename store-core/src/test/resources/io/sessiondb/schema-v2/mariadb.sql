-- A table as sessiondb created it at schema version 2 (before version 3): mariadb.sql followed by mariadb/V2.sql,
-- frozen here so that the upgrade to version 3 is tested from what was released.

-- sessiondb schema version 1 for MariaDB 10.10 or later and MySQL 8.0 or later (InnoDB).
--
-- This is the base script (version 1); a fresh install also runs the upgrades that follow it, in order:
-- mariadb/V2.sql, mariadb/V3.sql. The store does both at start when createSchema=true.
--
-- The store runs this file at start when createSchema=true (the default), under GET_LOCK so that
-- nodes starting together all come up (DDL is not transactional here). To run it by hand, replace
-- ${table} with the table name (default sessiondb_sessions, optionally database-qualified) and
-- ${name} with the same name without the database, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' mariadb.sql | mariadb mydb
--
-- The raw session id is never stored: id_digest is SHA-256 (HMAC-SHA-256 with idSecret) of the id,
-- and id_sealed the id encrypted with AES-GCM, so that expiry can name the session to listeners.
-- Text columns compare case-sensitively (utf8mb4_bin), as on the other databases: attribute names
-- "cart" and "Cart" are two attributes.

CREATE TABLE IF NOT EXISTS ${table} (
    app              VARCHAR(100)   NOT NULL,
    id_digest        VARBINARY(32)  NOT NULL,
    id_sealed        BLOB           NOT NULL,
    created_ms       BIGINT         NOT NULL,
    last_access_ms   BIGINT         NOT NULL,
    max_inactive_ms  BIGINT         NOT NULL,
    expiry_ms        BIGINT,
    principal        VARCHAR(255),
    last_node        VARCHAR(100),
    metadata         JSON,
    version          BIGINT         NOT NULL,
    claimed_by       VARCHAR(100),
    claimed_until_ms BIGINT,
    PRIMARY KEY (app, id_digest),
    INDEX ${name}_expiry_ix (expiry_ms),
    INDEX ${name}_principal_ix (app, principal)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${table}_attributes (
    app        VARCHAR(100)  NOT NULL,
    id_digest  VARBINARY(32) NOT NULL,
    name       VARCHAR(255)  NOT NULL,
    value      LONGBLOB      NOT NULL,
    PRIMARY KEY (app, id_digest, name),
    CONSTRAINT ${name}_attributes_fk FOREIGN KEY (app, id_digest) REFERENCES ${table} (app, id_digest)
        ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${table}_schema (
    version       INT            PRIMARY KEY,
    installed_ms  BIGINT         NOT NULL,
    seal_key      VARBINARY(32)  NOT NULL
) ENGINE = InnoDB;

INSERT IGNORE INTO ${table}_schema (version, installed_ms, seal_key)
VALUES (1, ROUND(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000), RANDOM_BYTES(32));

-- sessiondb schema version 2 for MariaDB / MySQL: upgrades a version 1 table in place; sessions are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 1, under the
-- same GET_LOCK as mariadb.sql, so nodes starting together upgrade once. DDL commits implicitly here:
-- every statement can run again after an interruption (the store takes an existing column as done).
-- A fresh install runs mariadb.sql (version 1) and then this file. To run it by hand, fill in
-- ${table} and ${name} as for mariadb.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' mariadb/V2.sql | mariadb mydb
--
-- previous_access_ms: the access before the current one (Jetty's lastAccessed); NULL on rows written
-- before version 2, read back as last_access_ms. claimed_by holds nodeName (at most 100 characters)
-- plus "/" and 8 characters, last_node the nodeName: both are widened (in place, no table copy).

ALTER TABLE ${table}
    MODIFY COLUMN last_node VARCHAR(255),
    MODIFY COLUMN claimed_by VARCHAR(255);

ALTER TABLE ${table} ADD COLUMN previous_access_ms BIGINT;

INSERT IGNORE INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 2, ROUND(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000), seal_key FROM ${table}_schema WHERE version = 1;
