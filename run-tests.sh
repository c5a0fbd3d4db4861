#!/usr/bin/env bash
# Runs the whole sessiondb test suite on a fresh machine. It makes sure the database servers the tests
# use (PostgreSQL, MariaDB, and PgBouncer in transaction mode in front of PostgreSQL; SQLite needs none)
# answer on 127.0.0.1 (starting them, or installing them with apt-get, when they do not), installs the
# packages of the Galera cluster GaleraIT starts itself and Debian's Chromium and chromedriver (the admin
# console's browser test) when they are missing, then runs Maven.
# The tests never skip a missing server: they fail and say how to start it.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '[run-tests] %s\n' "$*"; }

answers() { # host port
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

wait_for() { # name port
    for _ in $(seq 1 60); do
        if answers 127.0.0.1 "$2"; then return 0; fi
        sleep 1
    done
    log "$1 does not answer on 127.0.0.1:$2"; return 1
}

as_postgres() {
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -c "$(printf '%q ' "$@")"; fi
}

ensure_postgres() {
    if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then
        log "PostgreSQL answers on 127.0.0.1:5432"
    else
        if [ ! -d /etc/postgresql ] || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
            log "PostgreSQL is not installed: installing it with apt-get"
            apt-get update
            DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
            local version hba
            version=$(ls /etc/postgresql | head -n 1)
            hba=/etc/postgresql/$version/main/pg_hba.conf
            # The tests connect as root without a password over 127.0.0.1, as on the project's machines.
            sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
        fi
        log "starting PostgreSQL"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
        wait_for PostgreSQL 5432
    fi
    if ! psql -h 127.0.0.1 -U root -d test -qtAc 'SELECT 1' >/dev/null 2>&1; then
        log "creating role root and database test"
        as_postgres psql -qtAc "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'root') THEN CREATE ROLE root SUPERUSER LOGIN; END IF; END\$\$"
        as_postgres psql -qtAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 || as_postgres createdb -O root test
    fi
}

mariadb_client() {
    if command -v mariadb >/dev/null; then mariadb "$@"; else mysql "$@"; fi
}

ensure_mariadb() {
    if answers 127.0.0.1 3306; then
        log "MariaDB answers on 127.0.0.1:3306"
    else
        if [ ! -x /usr/sbin/mariadbd ]; then
            log "MariaDB is not installed: installing it with apt-get"
            apt-get update
            DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server
        fi
        if ! answers 127.0.0.1 3306; then # the package may have started it
            log "starting MariaDB"
            mkdir -p /run/mysqld
            chown mysql:mysql /run/mysqld
            # --user: Debian's own config leaves the user to systemd, which is not running here.
            start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
            wait_for MariaDB 3306
        fi
    fi
    if ! mariadb_client -h 127.0.0.1 -P 3306 -u root -e 'SELECT 1' test >/dev/null 2>&1; then
        # As the OS root over the local socket (unix_socket authentication on a fresh install).
        log "letting root log in over TCP with an empty password and creating database test"
        mariadb_client -u root <<'SQL'
CREATE DATABASE IF NOT EXISTS test;
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');
FLUSH PRIVILEGES;
SQL
        mariadb_client -h 127.0.0.1 -P 3306 -u root -e 'SELECT 1' test >/dev/null
    fi
}

# PgBouncer in transaction pooling mode on 127.0.0.1:6432 in front of the test PostgreSQL, for
# PgBouncerSessionRepositoryIT. Its config, log and pid file live in a directory of their own.
PGBOUNCER_DIR=/tmp/sessiondb-pgbouncer
PGBOUNCER_PORT=6432

ensure_pgbouncer() {
    if answers 127.0.0.1 "$PGBOUNCER_PORT"; then
        log "PgBouncer answers on 127.0.0.1:$PGBOUNCER_PORT"
        return 0
    fi
    if [ ! -x /usr/sbin/pgbouncer ]; then
        log "PgBouncer is not installed: installing it with apt-get"
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y pgbouncer
    fi
    log "starting PgBouncer (transaction pooling) on 127.0.0.1:$PGBOUNCER_PORT, config in $PGBOUNCER_DIR"
    mkdir -p "$PGBOUNCER_DIR"
    cat > "$PGBOUNCER_DIR/pgbouncer.ini" <<INI
[databases]
test = host=127.0.0.1 port=5432 dbname=test user=root
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $PGBOUNCER_DIR/users.txt
pool_mode = transaction
max_client_conn = 400
default_pool_size = 20
logfile = $PGBOUNCER_DIR/pgbouncer.log
pidfile = $PGBOUNCER_DIR/pgbouncer.pid
INI
    printf '"root" ""\n' > "$PGBOUNCER_DIR/users.txt"
    chown -R postgres:postgres "$PGBOUNCER_DIR"
    # -d: daemon; the package starts no service here. A stale pid file is replaced by PgBouncer itself.
    as_postgres /usr/sbin/pgbouncer -d "$PGBOUNCER_DIR/pgbouncer.ini"
    wait_for PgBouncer "$PGBOUNCER_PORT"
}

# GaleraIT starts and tears down its own three-node Galera cluster (store-core/src/test/resources/galera/
# cluster.sh, SQL ports 3321-3323, data under /tmp); it needs the server, the Galera provider, rsync for the
# state transfer and ss (iproute2), which the SST script checks ports with. The package starts no server.
ensure_galera() {
    local missing=()
    [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
    [ -f /usr/lib/galera/libgalera_smm.so ] || missing+=(galera-4)
    command -v rsync >/dev/null || missing+=(rsync)
    command -v mariadb-backup >/dev/null || command -v mariabackup >/dev/null || missing+=(mariadb-backup)
    command -v ss >/dev/null || missing+=(iproute2)
    if [ ${#missing[@]} -eq 0 ]; then
        log "Galera packages present (GaleraIT starts its own cluster on 127.0.0.1:3321-3323)"
        return 0
    fi
    log "installing ${missing[*]} with apt-get, for GaleraIT"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

# ConsoleBrowserIT (cli) drives Debian's Chromium through its chromedriver with Selenium, headless.
ensure_chromium() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
        log "Chromium and chromedriver present (ConsoleBrowserIT)"
        return 0
    fi
    log "installing chromium and chromium-driver with apt-get, for ConsoleBrowserIT"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
}

ensure_postgres
ensure_mariadb
ensure_pgbouncer
ensure_galera
ensure_chromium

log "running the test suite"
exec mvn -B -ntp verify "$@"
