#!/usr/bin/env bash
# The sessiondb benchmark, one command (see bench/README.md):
#
#   bench/run.sh            every configuration, 3 interleaved rounds of 10 s runs: results in bench/results/http.*
#   bench/run.sh --quick    smoke mode: embedded containers only, 1 round of 1 s runs: bench/results/quick/http.*
#   bench/run.sh scale      load p99 and expiry sweeps at 10k vs 1M sessions: bench/results/scale.*
#                           (with --quick: 1k vs 20k sessions, into bench/results/quick/)
#   bench/run.sh jmh        the JMH micro-benchmarks (codecs, id digest and seal)
#
# Options: --no-build (use bench/target as it is). Environment: BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONTAINERS
# (tomcat-dist,jetty-dist,tomcat-embedded,jetty-embedded), BENCH_SETUPS (in-memory,stock,sessiondb), BENCH_WARMUP_SECONDS (30, per setup), BENCH_NAME (http: the
# results' file name), BENCH_PG_PORT (5499),
# BENCH_JMH_ARGS, BENCH_JAVA_OPTS (more options for the harness's JVM: -Dbench.distPoolSize=16 gives the distributions'
# sessiondb a pool of 16 instead of the documented default of 10; -Dbench.synchronousCommit=false runs every sessiondb
# with asynchronous commit; -Dbench.idSecret=... gives the embedded Jetty the documented idSecret and nodeName;
# -Dbench.jettyWebapp=true deploys the embedded Jetty's webapp in a WebAppContext, as jetty-home does;
# -Dbench.distJvmOptions=... adds JVM options to the distributions' JVMs, e.g. JFR; all read in BenchOptions.java).
#
# Needs root (it installs wrk with apt-get when missing, and runs its own PostgreSQL 15 as user postgres,
# with pg_stat_statements, on its own port and data directory, removed at the end). Never touches the
# PostgreSQL on 5432.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=http; quick=0; build=1
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        --no-build) build=0 ;;
        scale|jmh|http) mode=$arg ;;
        *) echo "usage: bench/run.sh [--quick] [--no-build] [http|scale|jmh]" >&2; exit 2 ;;
    esac
done

if ! command -v wrk > /dev/null; then
    echo "installing wrk (Debian package)"
    apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk > /dev/null
fi

if [ "$build" = 1 ]; then
    echo "building (mvn -pl bench -am package)"
    mvn -q -B -pl bench -am package -DskipTests
fi
version=$(sed -n 's:.*<version>\(.*-SNAPSHOT\|[0-9.]*\)</version>.*:\1:p' pom.xml | head -1)
jar=bench/target/sessiondb-bench.jar

if [ "$mode" = jmh ]; then
    exec java -cp "$jar" org.openjdk.jmh.Main ${BENCH_JMH_ARGS:-}
fi

# The benchmark's own PostgreSQL 15.
pg_bin=/usr/lib/postgresql/15/bin
port=${BENCH_PG_PORT:-5499}
pg_dir=$(mktemp -d /tmp/sessiondb-bench-pg.XXXXXX)
chown postgres:postgres "$pg_dir"
# scale holds a million sessions (about 850 MB with their indexes): shared_buffers must hold them
if [ "$mode" = scale ] && [ "$quick" = 0 ]; then shared_buffers=${BENCH_SHARED_BUFFERS:-2GB}; else shared_buffers=${BENCH_SHARED_BUFFERS:-512MB}; fi
# Huge pages for shared_buffers, as PostgreSQL's docs advise for large ones: with 4 KB pages every backend
# takes a page fault on its first touch of each page of shared memory, which on this machine kind made a
# load among a million sessions 4x dearer than among 10,000 (bench/README.md, "Scale"). huge_pages=try
# falls back to 4 KB pages if the kernel will not reserve them; the previous reservation is restored at exit.
hugepages_before=$(cat /proc/sys/vm/nr_hugepages 2>/dev/null || echo 0)
hugepages_needed=$(( $(numfmt --from=iec "${shared_buffers%B}") / 2097152 * 11 / 10 + 64 ))
if [ "$hugepages_before" -lt "$hugepages_needed" ]; then
    sysctl -q -w vm.nr_hugepages="$hugepages_needed" 2> /dev/null || echo "could not reserve huge pages: PostgreSQL uses 4 KB pages"
fi
stop_pg() {
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop > /dev/null 2>&1 || true
    rm -rf "$pg_dir"
    sysctl -q -w vm.nr_hugepages="$hugepages_before" 2> /dev/null || true
}
trap stop_pg EXIT
trap 'exit 130' INT TERM
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust --auth-host=trust -E UTF8 \
    --locale=C.UTF-8 > "$pg_dir/initdb.log"
cat >> "$pg_dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$pg_dir'
max_connections = 300
shared_buffers = $shared_buffers
huge_pages = try
max_wal_size = 8GB
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 1000
CONF
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/postgres.log" -w start > /dev/null
psql -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE bench SUPERUSER LOGIN" -c "CREATE DATABASE bench OWNER bench" -c "CREATE EXTENSION pg_stat_statements"
echo "PostgreSQL 15 for the benchmark on 127.0.0.1:$port ($pg_dir), shared_buffers $shared_buffers, $(awk '/HugePages_Rsvd/ {r=$2} /HugePages_Total/ {t=$2} /HugePages_Free/ {f=$2} END {print (t-f+r) " huge pages held or reserved"}' /proc/meminfo)"

props=(
    -Dbench.url="jdbc:postgresql://127.0.0.1:$port/bench?user=bench"
    -Dbench.monitorUrl="jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
    -Dbench.pgPort="$port"
    -Dbench.tomcatHome="$PWD/bench/target/dist/apache-tomcat-$(sed -n 's:.*<tomcat11.version>\(.*\)</tomcat11.version>.*:\1:p' pom.xml)"
    -Dbench.tomcatAllJar="$PWD/tomcat-store/target/sessiondb-tomcat-$version-all.jar"
    -Dbench.jettyHome="$PWD/bench/target/dist/jetty-home-$(sed -n 's:.*<jetty121.version>\(.*\)</jetty121.version>.*:\1:p' pom.xml)"
    -Dbench.jettyBaseZip="$PWD/jetty-datastore/target/sessiondb-jetty-$version-jetty-base.zip"
    -Dbench.docs="$PWD/docs"
    -Dbench.out="$PWD/bench/results"
)
if [ "$mode" = scale ]; then
    if [ "$quick" = 1 ]; then
        props+=(-Dbench.out="$PWD/bench/results/quick" -Dbench.scaleSmall=1000 -Dbench.scaleLarge=20000 -Dbench.expired=2000 -Dbench.seconds=3)
    fi
    java "${props[@]}" -cp "$jar" io.sessiondb.bench.http.ScaleBench
elif [ "$quick" = 1 ]; then
    java "${props[@]}" -Dbench.out="$PWD/bench/results/quick" -Dbench.rounds="${BENCH_ROUNDS:-1}" -Dbench.seconds="${BENCH_SECONDS:-1}" \
        -Dbench.warmupSeconds=1 -Dbench.sessions=100 -Dbench.bigSessions=10 \
        -Dbench.containers="${BENCH_CONTAINERS:-tomcat-embedded,jetty-embedded}" \
        -Dbench.setups="${BENCH_SETUPS:-in-memory,stock,sessiondb}" ${BENCH_JAVA_OPTS:-} -cp "$jar" io.sessiondb.bench.http.HttpBench
else
    java "${props[@]}" -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.seconds="${BENCH_SECONDS:-10}" \
        -Dbench.warmupSeconds="${BENCH_WARMUP_SECONDS:-30}" -Dbench.name="${BENCH_NAME:-http}" \
        -Dbench.containers="${BENCH_CONTAINERS:-tomcat-dist,jetty-dist,tomcat-embedded,jetty-embedded}" \
        -Dbench.setups="${BENCH_SETUPS:-in-memory,stock,sessiondb}" ${BENCH_JAVA_OPTS:-} \
        -cp "$jar" io.sessiondb.bench.http.HttpBench
fi
