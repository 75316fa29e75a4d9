#!/bin/bash
# Accounting on a real database, side by side (issue 12 part 4): call Start/Stop pairs per second STORED by
#   1. `netlever serve` (softswitch listener, reference billing) on PostgreSQL, default settings (storage.poolSize 32);
#   2. FreeRADIUS 3.2 with the Debian default configuration and the stock rlm_sql module, stock PostgreSQL schema
#      (mods-config/sql/main/postgresql/schema.sql) and stock queries (benchmarks/peers/freeradius-default.sh with
#      FR_SQL_POSTGRESQL: only driver, dialect, server, port, login, database are set);
# both on ONE PostgreSQL server started here in a temporary directory (initdb defaults: fsync on,
# synchronous_commit on), two databases (netlever, radius). Both answer an Accounting-Request only after their
# write committed: netlever's reference billing commits the charge before the Accounting-Response, FreeRADIUS 3.2
# runs the accounting section (rlm_sql's query, autocommit) in the worker thread before it replies.
#
# The driver: the same radclient, the same attribute files (the softswitch layout of
# examples/.../pyrad/netlever_radius_load.py: Acct-Status-Type, Acct-Session-Id, User-Name, NAS-IP-Address,
# Calling-Station-Id, Called-Station-Id, Acct-Session-Time and the Cisco h323 setup/connect/disconnect times),
# PAIRS different calls per run, INFLIGHT requests in flight in all. radclient gets slow on big input files (issue 4),
# so the calls are cut into files of CHUNK calls (250), sent one file after the other by STREAMS (2)
# radclients at once, each with INFLIGHT / STREAMS in flight (-p); radclient's CPU is printed with every run. Each
# file is a steady mix, as calls start and end: call N's Start, then call N-BLOCK's Stop, and so on (BLOCK = 2 x a
# stream's in-flight: a Stop leaves 2 x BLOCK packets after its Start, which radclient has had answered by then).
# Each call has its own Acct-Session-Id (a new prefix per run and server), so nothing is a duplicate; the calls come
# from PHONES different subscribers (netlever charges each Stop to its caller's balance). Runs alternate between the
# servers; each answered WARMUPS (default 2) uncounted warm-up runs first. After each run the stored rows are counted
# in each database: netlever's billing_call_charge rows, FreeRADIUS's radacct rows with AcctStopTime set. Each
# netlever run also prints its average group (Starts and Stops written per transaction, from serve's /metrics).
# This driver sends only accounting: every Start finds no reservation and reserves the call's credit then.
#
# radclient 3.2 polls (select with a zero timeout) while its window of -p requests is full, so its CPU grows with the
# time it waits, up to half a core per radclient: it shares the machine's cores with both servers and PostgreSQL.
# More radclients do not make it cheaper per packet (STREAMS=1 and 2 alike, within the noise of a loaded machine);
# its -n rate limit is too coarse to help. The driver is left as it was measured before, the same for both servers.
#
# usage: benchmarks/peers/run-accounting-peers.sh [RUNS] [PAIRS] [INFLIGHT] [PHONES]
#   env: CHUNK (250), STREAMS (2), WARMUPS (2), ONLY (freeradius | netlever: that one only, for profiling; no
#   ratio), NETLEVER_JAVA_OPTS (e.g. a JFR recording), KEEP_LOGS=dir, DRIVER_CPUS and SERVER_CPUS (taskset CPU lists:
#   radclient on the first, both servers and PostgreSQL on the second; see below)
# needs (as root): freeradius, freeradius-postgresql, freeradius-utils (radclient), postgresql (15, Debian), java, time,
# and the built jar (mvn -B -o -pl examples -am package -DskipTests).
set -euo pipefail
runs=${1:-3}
pairs=${2:-10000}
inflight=${3:-128}
phones=${4:-128}
chunk=${CHUNK:-250}
streams=${STREAMS:-2}
per_stream=$((inflight / streams))
block=$((per_stream * 2))
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/examples/target/netlever.jar
[ -f "$jar" ] || { echo "build first: mvn -B -pl examples -am package -DskipTests" >&2; exit 2; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "needs the postgresql package" >&2; exit 2; }
[ -f /usr/lib/freeradius/rlm_sql_postgresql.so ] || { echo "needs freeradius-postgresql" >&2; exit 2; }
pgport=${PGPORT_BENCH:-55432}
secret=$(openssl rand -hex 16)
tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -f "$tmp/fr/radiusd.pid" ] && kill "$(cat "$tmp/fr/radiusd.pid")" 2>/dev/null || true
    [ -d "$tmp/pg" ] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# --- PostgreSQL: a private cluster, defaults except where it listens -------------------------------------------
mkdir -p "$tmp/pg" "$tmp/pgsock"
chown postgres "$tmp/pg" "$tmp/pgsock"
runuser -u postgres -- "$pgbin/initdb" -D "$tmp/pg" --auth=trust -U postgres > "$tmp/initdb.out"
runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg/server.log" -w \
    -o "-p $pgport -k $tmp/pgsock -c listen_addresses=127.0.0.1" start > /dev/null
sql() { "$pgbin/psql" -X -q -At -h 127.0.0.1 -p "$pgport" -U postgres "$@"; }
sql -c "CREATE ROLE netlever LOGIN" -c "CREATE DATABASE netlever OWNER netlever" \
    -c "CREATE ROLE radius LOGIN" -c "CREATE DATABASE radius OWNER radius"
"$pgbin/psql" -X -q -h 127.0.0.1 -p "$pgport" -U radius -d radius \
    -f /etc/freeradius/3.0/mods-config/sql/main/postgresql/schema.sql > /dev/null

# --- FreeRADIUS: default config + stock sql module on that PostgreSQL ------------------------------------------
FR_SQL_POSTGRESQL="127.0.0.1 $pgport radius radius" "$here/freeradius-default.sh" "$tmp/fr" 38220 38230 "$secret" \
    > /dev/null

# --- netlever serve on the same PostgreSQL ----------------------------------------------------------------------
mkdir -p "$tmp/nl"
printf '%s\n' "$secret" > "$tmp/nl/softswitch.secret"
openssl rand -hex 24 > "$tmp/nl/other.secret"
{
    cat <<EOF
storage: { url: "jdbc:postgresql://127.0.0.1:$pgport/netlever", user: netlever }
lever: { listen: "127.0.0.1:28267", secretFile: other.secret }
softswitch:
  auth: "127.0.0.1:28212"
  acct: "127.0.0.1:28213"
  clients: [ { name: radclient, address: 127.0.0.1, secretFile: softswitch.secret } ]
bras:
  auth: "127.0.0.1:28312"
  acct: "127.0.0.1:28313"
  clients: [ { name: bras, address: 127.0.0.2, secretFile: other.secret } ]
  coa: [ { nas: "*", address: "127.0.0.2:28399", secretFile: other.secret } ]
pcrf: { definitions: "$root/examples/pcrf/limit-2h-1gb.json" }
ops: { listen: "127.0.0.1:28264" }
billing:
  pools: [ { id: p, network: 198.51.100.0/24, kind: dynamic, gateway: 198.51.100.1 } ]
  callTariffs: [ { prefix: "7", perMinute: 0.01 } ]
  subscribers:
EOF
    for i in $(seq 0 $((phones - 1))); do
        printf '    - { id: s%d, poolKind: dynamic, phone: "7900%07d", balance: 1000000000.00 }\n' "$i" "$i"
    done
} > "$tmp/nl/netlever.yaml"
java -Xmx1g ${NETLEVER_JAVA_OPTS:-} -jar "$jar" serve --config "$tmp/nl/netlever.yaml" > "$tmp/nl/serve.out" 2>&1 &
pids+=($!)
nl_pid=$!
for _ in $(seq 300); do
    curl -sf -o /dev/null http://127.0.0.1:28264/ready && break
    kill -0 "$nl_pid" 2>/dev/null || { cat "$tmp/nl/serve.out" >&2; exit 1; }
    sleep 0.2
done

# --- the attribute files: the same for both servers but for the session prefix ----------------------------------
# calls PREFIX FROM TO > FILE: calls FROM .. TO-1
calls() {
    awk -v from="$2" -v n="$3" -v b="$block" -v ph="$phones" -v p="$1" 'function t(s) {
            return strftime("%H:%M:%S.000 UTC %a %b %d %Y", s, 1) }
        function pkt(i, stop,   s, c, secs) {
            c = sprintf("7900%07d", i % ph); secs = 1 + (i * 37) % 600; s = 1780000000 + i
            printf "Packet-Src-IP-Address = 127.0.0.1\nAcct-Status-Type = %s\nAcct-Session-Id = \"%s-%d\"\n", \
                stop ? "Stop" : "Start", p, i
            printf "User-Name = \"%s\"\nNAS-IP-Address = 127.0.0.1\n", c
            printf "Calling-Station-Id = \"%s\"\nCalled-Station-Id = \"74957654321\"\n", c
            printf "h323-setup-time = \"h323-setup-time=%s\"\nh323-connect-time = \"h323-connect-time=%s\"\n", \
                t(s - 5), t(s)
            if (stop) printf "Acct-Session-Time = %d\nh323-disconnect-time = \"h323-disconnect-time=%s\"\n", \
                secs, t(s + secs)
            printf "\n" }
        BEGIN { for (i = from; i < n + b; i++) { if (i < n) pkt(i, 0); if (i >= from + b) pkt(i - b, 1) } }'
}

tck=$(getconf CLK_TCK)
cpu() { awk -v t="$tck" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }
# CPU seconds of the PostgreSQL backends serving database $1 (connections are pooled by both servers)
pgcpu() {
    local p s=0
    for p in $(pgrep -f "^postgres: $1 $1 " || true); do
        s=$(awk -v s="$s" -v t="$tck" '{printf "%.2f", s + ($14 + $15) / t}' "/proc/$p/stat" 2>/dev/null || echo "$s")
    done
    echo "$s"
}
stored() {  # stored SERVER PREFIX
    if [ "$1" = netlever ]; then
        sql -d netlever -c "SELECT count(*) FROM billing_call_charge WHERE acct_key LIKE '$2-%'"
    else
        sql -d radius -c "SELECT count(*) FROM radacct WHERE acctsessionid LIKE '$2-%' AND acctstoptime IS NOT NULL"
    fi
}
# netlever's group commit from its /metrics: with no argument the counters (groups and requests, reservations then
# charges); with the counters before a run, the average group of the run
groups() {
    local now
    now=$(curl -sf http://127.0.0.1:28264/metrics | awk '
        /^netlever_billing_groups_total\{kind="reservations"/ { rg = $2 }
        /^netlever_billing_group_requests_total\{kind="reservations"/ { rr = $2 }
        /^netlever_billing_groups_total\{kind="charges"/ { cg = $2 }
        /^netlever_billing_group_requests_total\{kind="charges"/ { cr = $2 }
        END { printf "%d %d %d %d", rg, rr, cg, cr }')
    if [ $# -eq 0 ]; then echo "$now"; return; fi
    echo "$1 $now" | awk '{ rg = $5 - $1; cg = $7 - $3
        printf "             groups: Starts %.1f a transaction (%d), Stops %.1f (%d)\n", \
            (rg > 0 ? ($6 - $2) / rg : 0), rg, (cg > 0 ? ($8 - $4) / cg : 0), cg }'
}
# measure NAME PORT PID PREFIX: one run over fresh files; appends a line to the log
measure() {
    local name=$1 port=$2 pid=$3 prefix=$4 c0 c1 t0 t1 rows db p0 p1 f k=0 st g0= running=()
    db=$([ "$name" = netlever ] && echo netlever || echo radius)
    rm -f "$tmp"/chunk-*.txt "$tmp"/stream-*.out
    for ((f = 0; f < pairs; f += chunk)); do
        calls "$prefix" "$f" $((f + chunk < pairs ? f + chunk : pairs)) > "$tmp/chunk-$k.txt"
        k=$((k + 1))
    done
    sleep 6    # FreeRADIUS keeps answered requests for 5 s (cleanup_delay): start each run with an empty table
    [ "$name" = netlever ] && g0=$(groups)
    p0=$(pgcpu "$db"); c0=$(cpu "$pid"); t0=$(date +%s.%N)
    for ((st = 0; st < streams; st++)); do
        (for ((f = st; f < k; f += streams)); do
             /usr/bin/time -f "radclient-cpu %U %S" "${driver[@]}" radclient -q -s -p "$per_stream" -t 5 -r 3 -f "$tmp/chunk-$f.txt" \
                 "127.0.0.1:$port" acct "$secret" 2>&1 || true
         done) > "$tmp/stream-$st.out" &
        running+=($!)
    done
    wait "${running[@]}"
    t1=$(date +%s.%N); c1=$(cpu "$pid"); p1=$(pgcpu "$db")
    rows=$(stored "$name" "$prefix")
    if [ "$name" = netlever ]; then groups "$g0" >&2; fi
    cat "$tmp"/stream-*.out | awk -v n="$name" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v rows="$rows" \
        -v pairs="$pairs" -v p0="$p0" -v p1="$p1" '
        /Accepted/ { split($0, f, ":"); ok += f[2] }
        /Lost/ { split($0, f, ":"); lost += f[2] }
        /^radclient-cpu/ { rc += $2 + $3 }
        END { w = t1 - t0; r = rows > 0 ? rows : 1
        printf "%-12s answered=%d lost=%d stored=%d/%d wall=%.3fs pairs=%.0f/s server-cpu=%.0fus/pair" \
            " postgres-cpu=%.0fus/pair radclient-cpu=%.1fs\n", n, ok, lost, rows, pairs, w, rows / w, \
            (c1 - c0) * 1e6 / r, (p1 - p0) * 1e6 / r, rc }' \
      | tee -a "$tmp/log" >&2
}
fr_pid=$(cat "$tmp/fr/radiusd.pid")
# DRIVER_CPUS / SERVER_CPUS (e.g. 0 and 1): the driver on its own core(s), both servers and PostgreSQL on the others —
# the driver as if on another machine. radclient spins while its window is full (above), so unpinned it takes the
# CPU the servers would use; pinned, it takes its core only and each server gets the same core(s) for itself and
# PostgreSQL. Every thread of netlever, FreeRADIUS and PostgreSQL (the postmaster's children, and the backends it
# forks later inherit it) is moved with taskset.
driver=()
if [ -n "${SERVER_CPUS:-}" ]; then
    pm=$(head -n 1 "$tmp/pg/postmaster.pid")
    for p in "$nl_pid" "$fr_pid" "$pm" $(pgrep -P "$pm"); do taskset -a -p -c "$SERVER_CPUS" "$p" > /dev/null; done
    echo "servers and PostgreSQL pinned to CPU $SERVER_CPUS" >&2
fi
if [ -n "${DRIVER_CPUS:-}" ]; then
    driver=(taskset -c "$DRIVER_CPUS")
    echo "radclient pinned to CPU $DRIVER_CPUS" >&2
fi
echo "warm-up (not counted): ${WARMUPS:-2} runs each (the JVM's JIT needs more than one)" >&2
only=${ONLY:-}   # freeradius or netlever: measure that one only (a diagnostic, e.g. to profile it; no ratio then)
for w in $(seq "${WARMUPS:-2}"); do
    [ "$only" = netlever ] || measure freeradius 38230 "$fr_pid" "w$w-fr" > /dev/null
    [ "$only" = freeradius ] || measure netlever 28213 "$nl_pid" "w$w-nl" > /dev/null
done
: > "$tmp/log"
for r in $(seq "$runs"); do
    [ "$only" = netlever ] || measure freeradius 38230 "$fr_pid" "r$r-fr"
    [ "$only" = freeradius ] || measure netlever 28213 "$nl_pid" "r$r-nl"
done
echo
echo "medians over $runs runs of $pairs Start/Stop pairs each ($(nproc) cores, PostgreSQL and radclient on the same machine):"
for n in freeradius netlever; do
    grep "^$n " "$tmp/log" | sed 's/.*pairs=\([0-9]*\)\/s.*/\1/' | sort -n | awk -v n="$n" '{ a[NR] = $1 }
        END { printf "  %-12s %6d pairs stored/s\n", n, a[int((NR + 1) / 2)] }'
done | tee "$tmp/medians"
awk '/freeradius/ { f = $2 } /netlever/ { n = $2 } END { if (f > 0) printf "  ratio netlever / FreeRADIUS: %.2f\n", n / f }' \
    "$tmp/medians"
if [ -n "${KEEP_LOGS:-}" ]; then cp "$tmp/nl/serve.out" "$tmp/fr/radiusd.out" "$tmp/pg/server.log" "$KEEP_LOGS/"; fi
