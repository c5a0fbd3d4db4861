-- sessiondb schema version 1 for MariaDB 10.10 or later and MySQL 8.0 or later (InnoDB).
--
-- This is the base script (version 1); a fresh install also runs the upgrades that follow it, in order:
-- mariadb/V2.sql, mariadb/V3.sql, mariadb/V4.sql, mariadb/V5.sql. The store does them all at start when
-- createSchema=true.
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
