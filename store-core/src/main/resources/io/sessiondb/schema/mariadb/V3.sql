-- sessiondb schema version 3 for MariaDB / MySQL: operations (who is logged in, from where,
-- revocation, history, indexed attributes). Upgrades a version 2 table in place; sessions are kept.
--
-- The store runs it at start when createSchema=true and the schema record says version 2, under the
-- same GET_LOCK as mariadb.sql. DDL commits implicitly here: every statement can run again after an
-- interruption (the store takes an existing column or index as done). To run it by hand, fill in
-- ${table} and ${name} as for mariadb.sql, e.g.:
--   sed -e 's/\${table}/sessiondb_sessions/g' -e 's/\${name}/sessiondb_sessions/g' mariadb/V3.sql | mariadb mydb
--
-- The columns and tables are those of postgresql/V3.sql, which describes each.

ALTER TABLE ${table} ADD COLUMN created_node VARCHAR(255);

ALTER TABLE ${table} ADD COLUMN client_address VARCHAR(64);

ALTER TABLE ${table} ADD COLUMN user_agent VARCHAR(512);

ALTER TABLE ${table} ADD COLUMN client_type VARCHAR(16);

ALTER TABLE ${table} ADD COLUMN revoked_ms BIGINT;

ALTER TABLE ${table} ADD COLUMN attribute_count INT;

ALTER TABLE ${table} ADD COLUMN size_bytes BIGINT;

CREATE INDEX ${name}_principal_access_ix ON ${table} (app, principal, last_access_ms, id_digest);

CREATE INDEX ${name}_principal_all_ix ON ${table} (principal, last_access_ms, app, id_digest);

CREATE INDEX ${name}_digest_ix ON ${table} (id_digest);

CREATE INDEX ${name}_revoked_ix ON ${table} (revoked_ms);

CREATE INDEX ${name}_created_ix ON ${table} (app, created_ms);

CREATE TABLE IF NOT EXISTS ${table}_index (
    app        VARCHAR(100)  NOT NULL,
    id_digest  VARBINARY(32) NOT NULL,
    name       VARCHAR(255)  NOT NULL,
    value      VARCHAR(255)  NOT NULL,
    PRIMARY KEY (app, id_digest, name),
    INDEX ${name}_index_value_ix (name, value, app),
    CONSTRAINT ${name}_index_fk FOREIGN KEY (app, id_digest) REFERENCES ${table} (app, id_digest)
        ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS ${table}_history (
    app           VARCHAR(100)  NOT NULL,
    id_digest     VARBINARY(32) NOT NULL,
    ended_ms      BIGINT        NOT NULL,
    created_ms    BIGINT        NOT NULL,
    duration_ms   BIGINT        NOT NULL,
    ended_how     VARCHAR(16)   NOT NULL,
    principal     VARCHAR(255),
    client_type   VARCHAR(16),
    created_node  VARCHAR(255),
    id_sealed     BLOB,
    PRIMARY KEY (ended_ms, app, id_digest),
    INDEX ${name}_history_created_ix (app, created_ms),
    INDEX ${name}_history_principal_ix (principal)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Session leases (lockingMode=all|uriPattern): see postgresql/V3.sql.
CREATE TABLE IF NOT EXISTS ${table}_locks (
    app        VARCHAR(100)  NOT NULL,
    id_digest  VARBINARY(32) NOT NULL,
    owner      VARCHAR(255)  NOT NULL,
    until_ms   BIGINT        NOT NULL,
    PRIMARY KEY (app, id_digest)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- SessionAdmin lists a principal's sessions newest activity first, ties by app and id digest ascending
-- (last_access_ms DESC, app, id_digest). With the access time descending in the index, MariaDB 10.8+ and
-- MySQL 8 read a page in index order and stop after it, with no sort; these replace the two ascending
-- indexes above. (A re-run after an interruption takes a missing index to drop as done.)
DROP INDEX ${name}_principal_access_ix ON ${table};

CREATE INDEX ${name}_principal_newest_ix ON ${table} (app, principal, last_access_ms DESC, id_digest);

DROP INDEX ${name}_principal_all_ix ON ${table};

CREATE INDEX ${name}_principal_all_newest_ix ON ${table} (principal, last_access_ms DESC, app, id_digest);

INSERT IGNORE INTO ${table}_schema (version, installed_ms, seal_key)
SELECT 3, ROUND(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000), seal_key FROM ${table}_schema WHERE version = 1;
