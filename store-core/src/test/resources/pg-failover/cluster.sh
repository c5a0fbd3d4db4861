#!/usr/bin/env bash
# A PostgreSQL primary + synchronous standby on 127.0.0.1, for PostgresFailoverIT (recipe:
# shared/clusters/pg-replication.md). Never touches the main cluster on 5432. Runs as root; the
# server binaries run as user postgres (initdb and pg_ctl refuse root).
#
#   cluster.sh start    DIR PRIMARY_PORT STANDBY_PORT   create and start both nodes (data under DIR)
#   cluster.sh kill     DIR      stop the primary hard (pg_ctl -m immediate), as a crash would
#   cluster.sh promote  DIR      promote the standby to primary (pg_ctl promote -w)
#   cluster.sh teardown DIR      stop both nodes (immediate) and remove DIR; safe to run twice
set -euo pipefail

cmd=${1:?usage: cluster.sh start|kill|promote|teardown DIR [PRIMARY_PORT STANDBY_PORT]}
dir=${2:?DIR is required}
case "$dir" in /tmp/?*) ;; *) echo "DIR must be under /tmp: $dir" >&2; exit 2 ;; esac

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/pg_ctl" ] || { echo "no PostgreSQL server binaries under /usr/lib/postgresql: apt-get install postgresql" >&2; exit 3; }
as_pg() { runuser -u postgres -- "$@"; }
psql_at() { # port sql...
    local port=$1; shift
    local args=()
    for sql in "$@"; do args+=(-c "$sql"); done
    psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "${args[@]}"
}

case "$cmd" in
start)
    p1=${3:?PRIMARY_PORT is required}; p2=${4:?STANDBY_PORT is required}
    mkdir -p "$dir/sock"
    chown postgres:postgres "$dir" "$dir/sock"
    as_pg "$bin/initdb" -D "$dir/primary" -U postgres --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    cat >>"$dir/primary/postgresql.conf" <<CONF
listen_addresses        = '127.0.0.1'
port                    = $p1
unix_socket_directories = '$dir/sock'
cluster_name            = 'pg$p1'
shared_buffers          = 32MB
wal_level               = replica
max_wal_senders         = 10
max_replication_slots   = 10
wal_keep_size           = 64MB
hot_standby             = on
fsync                   = off
CONF
    as_pg "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null
    psql_at "$p1" "SELECT pg_create_physical_replication_slot('standby_slot')" >/dev/null
    as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$p1" -U postgres -D "$dir/standby" -R -X stream -c fast -S standby_slot
    printf "port = %s\ncluster_name = 'pg%s'\n" "$p2" "$p2" >>"$dir/standby/postgresql.conf"
    as_pg "$bin/pg_ctl" -D "$dir/standby" -l "$dir/standby.log" -w start >/dev/null
    # After the base backup, so that the standby does not inherit it (it would wait for itself once promoted).
    psql_at "$p1" "ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (pg$p2)'" "SELECT pg_reload_conf()" >/dev/null
    for _ in $(seq 1 300); do  # up to 30 s: a loaded CI machine is slow to start the walreceiver
        state=$(psql -X -At -h 127.0.0.1 -p "$p1" -U postgres -d postgres \
            -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'pg$p2'")
        [ "$state" = sync ] && { echo "primary 127.0.0.1:$p1, synchronous standby 127.0.0.1:$p2"; exit 0; }
        sleep 0.1
    done
    echo "the standby on $p2 did not become synchronous; see $dir/standby.log" >&2; exit 4
    ;;
kill)
    as_pg "$bin/pg_ctl" -D "$dir/primary" -m immediate stop >/dev/null
    ;;
promote)
    as_pg "$bin/pg_ctl" -D "$dir/standby" -w promote >/dev/null
    ;;
teardown)
    for node in primary standby; do
        if [ -f "$dir/$node/postmaster.pid" ]; then
            as_pg "$bin/pg_ctl" -D "$dir/$node" -m immediate stop >/dev/null 2>&1 || true
        fi
    done
    rm -rf "$dir"
    ;;
*)
    echo "unknown command $cmd: use start, kill, promote or teardown" >&2; exit 2
    ;;
esac
