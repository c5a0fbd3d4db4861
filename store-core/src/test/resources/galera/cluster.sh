#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on 127.0.0.1, for GaleraIT (recipe: shared/clusters/galera.md).
# Never touches the main MariaDB on 3306. Runs as root; mariadbd runs as user mysql. Every node has
# ports of its own (they all share 127.0.0.1): SQL 332N, gmcast 462N, IST 463N, SST (rsync) 464N.
# GALERA_EXTRA_PROVIDER_OPTIONS (e.g. "evs.suspect_timeout=PT2S;evs.inactive_timeout=PT3S") is appended to
# wsrep_provider_options, to try Galera's failure-detection settings (docs/operations.md).
# The TCP user the tests use is 'sessiondb'@'127.0.0.1' with password 'sessiondb', database test.
#
#   cluster.sh start    DIR      create and start the three nodes (data under DIR): bootstrap n1, join n2, n3
#   cluster.sh kill     DIR N    SIGKILL node N (1..3), as a crash would
#   cluster.sh teardown DIR      SIGKILL every node started under DIR and remove DIR; safe to run twice
set -euo pipefail

cmd=${1:?usage: cluster.sh start|kill|teardown DIR [N]}
dir=${2:?DIR is required}
case "$dir" in /tmp/?*) ;; *) echo "DIR must be under /tmp: $dir" >&2; exit 2 ;; esac

provider=/usr/lib/galera/libgalera_smm.so
need() {
    [ -x /usr/sbin/mariadbd ] && [ -f "$provider" ] && command -v rsync >/dev/null && command -v ss >/dev/null \
        || { echo "needs mariadb-server galera-4 rsync iproute2: apt-get install -y mariadb-server galera-4 rsync mariadb-backup iproute2 (./run-tests.sh does)" >&2; exit 3; }
}

config() { # N
    local n=$1
    cat >"$dir/n$n.cnf" <<CNF
[mysqld]
user                      = mysql
basedir                   = /usr
datadir                   = $dir/n$n/data
socket                    = $dir/n$n/mysqld.sock
pid-file                  = $dir/n$n/mysqld.pid
log-error                 = $dir/n$n/error.log
port                      = 332$n
bind-address              = 127.0.0.1
skip-name-resolve
innodb_buffer_pool_size   = 64M
innodb_log_file_size      = 32M
innodb_log_buffer_size    = 8M
key_buffer_size           = 8M
performance_schema        = OFF
max_connections           = 100
innodb_flush_log_at_trx_commit = 2
binlog_format             = ROW
default_storage_engine    = InnoDB
innodb_autoinc_lock_mode  = 2
wsrep_on                  = ON
wsrep_provider            = $provider
wsrep_cluster_name        = sessiondb_galera_it
wsrep_cluster_address     = gcomm://127.0.0.1:4621,127.0.0.1:4622,127.0.0.1:4623
wsrep_node_name           = n$n
wsrep_node_address        = 127.0.0.1:462$n
wsrep_node_incoming_address = 127.0.0.1:332$n
wsrep_provider_options    = "gmcast.listen_addr=tcp://127.0.0.1:462$n;ist.recv_addr=127.0.0.1:463$n;gcache.size=32M${GALERA_EXTRA_PROVIDER_OPTIONS:+;$GALERA_EXTRA_PROVIDER_OPTIONS}"
wsrep_sst_method          = rsync
wsrep_sst_receive_address = 127.0.0.1:464$n
wsrep_slave_threads       = 2

[client]
socket                    = $dir/n$n/mysqld.sock
port                      = 332$n
CNF
}

sql() { # N sql
    mariadb --defaults-file="$dir/n$1.cnf" -uroot -N -B -e "$2"
}

start_node() { # N [extra mariadbd args]
    local n=$1; shift
    setsid /usr/sbin/mariadbd --defaults-file="$dir/n$n.cnf" "$@" >"$dir/n$n/stdout.log" 2>&1 < /dev/null &
    for _ in $(seq 1 300); do
        if [ "$(sql "$n" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_READY'" 2>/dev/null)" = ON ]; then
            return 0
        fi
        sleep 0.1
    done
    echo "node $n did not become ready within 30 s; see $dir/n$n/error.log:" >&2
    tail -n 30 "$dir/n$n/error.log" >&2 || true
    exit 4
}

node_pid() { # N: the pid of node N's mariadbd, only while that process still runs on this DIR's config
    local pid
    pid=$(cat "$dir/n$1/mysqld.pid" 2>/dev/null) || return 1
    [ -r "/proc/$pid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "--defaults-file=$dir/n$1.cnf" || return 1
    echo "$pid"
}

case "$cmd" in
start)
    need
    mkdir -p "$dir"
    chmod 755 "$dir"
    for n in 1 2 3; do
        mkdir -p "$dir/n$n/data"
        config "$n"
    done
    chown -R mysql:mysql "$dir"/n1 "$dir"/n2 "$dir"/n3
    mariadb-install-db --defaults-file="$dir/n1.cnf" --user=mysql --skip-test-db >"$dir/install-db.log" 2>&1
    start_node 1 --wsrep-new-cluster
    # Before the joiners, so that their state transfer carries it.
    sql 1 "CREATE DATABASE IF NOT EXISTS test;
           CREATE USER IF NOT EXISTS 'sessiondb'@'127.0.0.1' IDENTIFIED BY 'sessiondb';
           GRANT ALL PRIVILEGES ON test.* TO 'sessiondb'@'127.0.0.1';"
    start_node 2
    start_node 3
    size=$(sql 1 "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE'")
    [ "$size" = 3 ] || { echo "cluster size is $size, not 3" >&2; exit 4; }
    echo "Galera cluster of 3 on 127.0.0.1:3321,3322,3323 (user sessiondb/sessiondb, database test)"
    ;;
kill)
    n=${3:?N is required}
    pid=$(node_pid "$n") || { echo "node $n is not running" >&2; exit 4; }
    kill -9 "$pid"
    ;;
teardown)
    for n in 1 2 3; do
        if pid=$(node_pid "$n"); then
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
    # SIGKILL leaves no time to clean up: wait for the ports, then remove the data.
    for _ in $(seq 1 50); do
        ss -ltn | grep -qE '127\.0\.0\.1:(332[123]|46[234][123])\b' || break
        sleep 0.1
    done
    rm -rf "$dir"
    ;;
*)
    echo "unknown command $cmd: use start, kill or teardown" >&2; exit 2
    ;;
esac
