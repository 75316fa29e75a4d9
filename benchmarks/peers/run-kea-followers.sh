#!/bin/bash
# Issue 14: Kea 2.2 with netlever following its lease store — no hook, no process per lease — against Kea alone,
# for each of Kea's two lease databases netlever follows, in one run on this machine (root needed: a network
# namespace, and a private PostgreSQL cluster run as user postgres):
#   memfile   1. Kea alone: the DORA exchanges per second perfdhcp gets through it, relayed with Option 82;
#             2. the same Kea with `netlever serve` following its lease file (followers: kea-memfile);
#             3. catch-up: serve killed (SIGKILL) for STOP seconds while perfdhcp goes on, then started again.
#   pgsql     4.-6. the same with Kea's PostgreSQL lease database (kea-admin db-init pgsql; followers: kea-pgsql,
#             which installs its outbox trigger on lease4 — in 4. the trigger is not there).
# Each with-netlever run reports the events netlever stored against the lease changes Kea made: the memfile's rows
# (rows identical to the letter — a client renewing twice in one second — are one event: their source event ids are
# the same), PostgreSQL's own count of lease4 inserts, updates and deletes; nothing lost means stored = changes,
# nothing doubled means no event applied twice (re-read rows are recorded as duplicates, which are listed apart).
# netlever stores in its default H2 file (durability SYNC: every group of events fsynced before its position is
# saved); STORE=pg stores in a database of the PostgreSQL cluster Kea's leases are in instead. PARTS=memfile or
# PARTS=pgsql runs one half. Only documentation addresses, in a namespace it makes.
#
# usage: benchmarks/peers/run-kea-followers.sh [RATE] [SECONDS] [STOP]   (defaults 1000 20 60)
# needs: kea-dhcp4-server, kea-admin (perfdhcp), postgresql, iproute2, curl, java; examples/target/netlever.jar
set -eu
rate=${1:-1000}
seconds=${2:-20}
stop=${3:-60}
store=${STORE:-h2}
parts=${PARTS:-memfile pgsql}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/examples/target/netlever.jar
[ -f "$jar" ] || { echo "build first: mvn -B -pl examples -am package -DskipTests" >&2; exit 2; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "needs the postgresql package" >&2; exit 2; }
pgport=${PGPORT_BENCH:-55433}
tmp=$(mktemp -d)
chmod 755 "$tmp"
ns=nl-kf-$$
out=nlkf$$o
in=nlkf$$i
option82=010600040064000502080006f8e903e755a6   # D-Link circuit-id vlan 100 port 5, remote-id the switch MAC
cleanup() {
    [ -n "${serve_pid:-}" ] && kill -9 "$serve_pid" 2>/dev/null || true
    [ -n "${kea_pid:-}" ] && kill "$kea_pid" 2>/dev/null || true
    ip link del "$out" 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    [ -d "$tmp/pg" ] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

. "$here/netns.sh"
peer_namespace "$ns" "$out" "$in"

# --- PostgreSQL: a private cluster (initdb defaults: fsync on) for Kea's leases and netlever's store --------------
mkdir -p "$tmp/pg" "$tmp/pgsock"
chown postgres "$tmp/pg" "$tmp/pgsock"
runuser -u postgres -- "$pgbin/initdb" -D "$tmp/pg" --auth=trust -U postgres > "$tmp/initdb.out"
runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg/server.log" -w \
    -o "-p $pgport -k $tmp/pgsock -c listen_addresses=127.0.0.1" start > /dev/null
sql() { "$pgbin/psql" -X -q -At -h 127.0.0.1 -p "$pgport" -U postgres "$@"; }

# --- netlever serve: a D-Link switch whose port 5 is alice's, on PostgreSQL ---------------------------------------
mkdir -p "$tmp/nl"
openssl rand -hex 24 > "$tmp/nl/other.secret"
storage_line() {
    if [ "$store" = pg ]; then echo "storage: { url: \"jdbc:postgresql://127.0.0.1:$pgport/netlever\", user: postgres }"
    else echo "storage: { url: \"jdbc:h2:file:$tmp/nl/data/netlever\" }"; fi
}
serve_config() { # $1: the followers entry
    cat > "$tmp/nl/netlever.yaml" <<YAML
$(storage_line)
lever: { listen: "127.0.0.1:28467", secretFile: other.secret }
softswitch: { auth: "127.0.0.1:28412", acct: "127.0.0.1:28413",
              clients: [ { name: ss, address: 127.0.0.3, secretFile: other.secret } ] }
bras: { auth: "127.0.0.1:28512", acct: "127.0.0.1:28513",
        clients: [ { name: bras, address: 127.0.0.2, secretFile: other.secret } ],
        coa: [ { nas: "*", address: "127.0.0.2:28599", secretFile: other.secret } ] }
pcrf: { definitions: "$root/examples/pcrf/limit-2h-1gb.json" }
ops: { listen: "127.0.0.1:28464" }
billing:
  pools: [ { id: p, network: 198.51.100.0/24, kind: dynamic, gateway: 198.51.100.1 } ]
  devices: [ { id: sw-1, type: dlink-switch, mac: "f8:e9:03:e7:55:a6" } ]
  subscribers: [ { id: alice, device: sw-1, port: 5, poolKind: dynamic } ]
followers:
  - $1
YAML
}
start_serve() {
    java -Xmx1g ${NETLEVER_JAVA_OPTS:-} -jar "$jar" serve --config "$tmp/nl/netlever.yaml" >> "$tmp/nl/serve.out" 2>&1 &
    serve_pid=$!
    for _ in $(seq 300); do
        curl -sf -o /dev/null http://127.0.0.1:28464/ready && return 0
        kill -0 "$serve_pid" 2>/dev/null || { cat "$tmp/nl/serve.out" >&2; exit 1; }
        sleep 0.2
    done
    echo "serve did not become ready" >&2; exit 1
}
stop_serve() { # $1: signal
    kill "-$1" "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
    serve_pid=
}
fresh_store() {
    if [ "$store" = pg ]; then sql -c "DROP DATABASE IF EXISTS netlever WITH (FORCE)" -c "CREATE DATABASE netlever"
    else rm -rf "$tmp/nl/data"; fi
}
stored() { # events of source $1 stored, once serve is stopped: all, applied (not duplicates), distinct ids
    local q="SELECT COUNT(*) || ' ' || SUM(CASE WHEN reason IS NULL OR reason NOT LIKE 'DUPLICATE%' THEN 1 ELSE 0 END) || ' ' || COUNT(DISTINCT source_event_id) AS R FROM dhcp_event WHERE source = '$1'"
    if [ "$store" = pg ]; then sql -d netlever -c "$q"
    else java -cp "$jar" org.h2.tools.Shell -url "jdbc:h2:file:$tmp/nl/data/netlever" -user sa -password "" \
        -sql "$q" | sed -n 2p; fi
}
delivered() { # what the running serve's followers delivered
    curl -sf http://127.0.0.1:28464/metrics | awk '/^netlever_follower_events_total/ { n += $2 } END { print n + 0 }'
}

# --- Kea -------------------------------------------------------------------------------------------------------
start_kea() { # $1: the lease-database
    cat > "$tmp/kea.json" <<KEA
{ "Dhcp4": { "interfaces-config": { "interfaces": [ "$in" ], "dhcp-socket-type": "udp" },
  "lease-database": $1,
  "store-extended-info": true,
  "valid-lifetime": 3600,
  "subnet4": [ { "id": 1, "subnet": "198.51.100.0/24", "pools": [ { "pool": "198.51.100.10 - 198.51.100.250" } ] } ] } }
KEA
    KEA_PIDFILE_DIR=$tmp KEA_LOCKFILE_DIR=$tmp ip netns exec "$ns" kea-dhcp4 -c "$tmp/kea.json" > "$tmp/kea.log" 2>&1 &
    kea_pid=$!
    sleep 2
}
stop_kea() { kill "$kea_pid"; wait "$kea_pid" 2>/dev/null || true; kea_pid=; }
perf() { # $1: seconds; prints the achieved rate and the exchanges
    perfdhcp -4 -l 198.51.100.1 -r "$rate" -R 200 -p "$1" -o "82,$option82" 203.0.113.2 > "$tmp/perf.out" 2>&1 || true
    awk '/^Rate:/ { r = $2 } /REQUEST-ACK/ { ra = 1 } ra && /received packets/ { n = $3; ra = 0 }
         END { printf "%.0f DORA/s (%d ACKs)", r, n }' "$tmp/perf.out"
}
memfile_rows() { # rows Kea wrote, rows unique to the letter in the fields netlever's ids take
    tail -q -n +2 "$tmp"/kea-leases.csv* 2>/dev/null | awk -F, '{ n++; k[$1 FS $2 FS $4 FS $5 FS $10] = 1 }
        END { u = 0; for (x in k) u++; printf "%d %d", n, u }'
}
pg_changes() { sql -d kea -c "SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables WHERE relname = 'lease4'"; }
settle() { # waits until the running serve's followers have delivered everything: $1 kea-memfile or kea-pgsql
    local last=-1 now quiet=0
    for _ in $(seq 1800); do
        now=$(delivered)
        if [ "$now" = "$last" ] && { [ "$1" != kea-pgsql ] || [ "$(outbox)" = 0 ]; }; then
            quiet=$((quiet + 1)); [ $quiet -ge 5 ] && return 0
        else
            quiet=0
        fi
        last=$now; sleep 1
    done
    echo "   (not settled after 30 min)"
}
outbox() { sql -d kea -c "SELECT COUNT(*) FROM netlever_lease4_outbox" 2>/dev/null || echo 0; }

memfile_db='{ "type": "memfile", "persist": true, "name": "'$tmp'/kea-leases.csv", "lfc-interval": 0 }'
pgsql_db='{ "type": "postgresql", "name": "kea", "host": "'$tmp'/pgsock", "port": '$pgport', "user": "postgres", "password": "" }'
echo "perfdhcp $(perfdhcp -v 2>&1 | head -n 1), kea-dhcp4 $(kea-dhcp4 -v), $rate DORA/s offered, ${seconds}s, 200 clients, $(nproc) cores, netlever store $store, load $(cut -d" " -f1-3 /proc/loadavg)"

if [[ " $parts " == *" memfile "* ]]; then
echo "== memfile 1. Kea alone"
rm -f "$tmp"/kea-leases.csv*
start_kea "$memfile_db"; echo "   $(perf "$seconds")"; stop_kea

echo "== memfile 2. Kea + netlever serve following the lease file"
rm -f "$tmp"/kea-leases.csv*
fresh_store
serve_config "{ type: kea-memfile, leaseFile: \"$tmp/kea-leases.csv\" }"
start_serve; start_kea "$memfile_db"
echo "   $(perf "$seconds")"
settle kea-memfile; stop_kea; stop_serve TERM
echo "   rows Kea wrote / unique: $(memfile_rows); events stored / applied / distinct ids: $(stored kea-memfile)"

echo "== memfile 3. catch-up: serve killed ${stop}s into a $((stop + 30))s run, started again"
rm -f "$tmp"/kea-leases.csv*
fresh_store
start_serve; start_kea "$memfile_db"
( sleep 10; kill -9 "$serve_pid" ) &
perf $((stop + 30)) > "$tmp/perf3" &
perf_pid=$!
sleep $((10 + stop)); wait "$serve_pid" 2>/dev/null || true
t0=$(date +%s.%N); start_serve
wait "$perf_pid"; settle kea-memfile; t1=$(date +%s.%N)
stop_kea; stop_serve TERM
echo "   $(cat "$tmp/perf3"); caught up $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a - 5 }') s after the restart (perfdhcp still running for the first 20 s of it)"
echo "   rows Kea wrote / unique: $(memfile_rows); events stored / applied / distinct ids: $(stored kea-memfile)"

fi

if [[ " $parts " == *" pgsql "* ]]; then
sql -c "CREATE DATABASE kea"
unzip -p "$jar" org/netlever/aaa/kea/kea-pgsql-outbox.sql > "$tmp/outbox.sql"
kea-admin db-init pgsql -h 127.0.0.1 -P "$pgport" -u postgres -p "" -n kea > "$tmp/kea-admin.out" 2>&1
echo "== pgsql 4. Kea alone (PostgreSQL lease database, no outbox trigger)"
start_kea "$pgsql_db"; echo "   $(perf "$seconds")"; stop_kea

echo "== pgsql 4b. Kea with netlever's outbox trigger installed, netlever not running (the trigger's own cost)"
sql -d kea -c "TRUNCATE lease4" > /dev/null
sql -d kea -q -f "$tmp/outbox.sql" > /dev/null
start_kea "$pgsql_db"; echo "   $(perf "$seconds"); outbox rows: $(sql -d kea -c 'SELECT COUNT(*) FROM netlever_lease4_outbox')"
stop_kea
sql -d kea -c "TRUNCATE netlever_lease4_outbox" > /dev/null

echo "== pgsql 5. Kea + netlever serve following the database (outbox installed by netlever)"
sql -d kea -c "TRUNCATE lease4" -c "SELECT pg_stat_reset()" > /dev/null
fresh_store
serve_config "{ type: kea-pgsql, url: \"jdbc:postgresql://127.0.0.1:$pgport/kea\", user: postgres }"
start_serve; start_kea "$pgsql_db"
before=$(pg_changes)
echo "   $(perf "$seconds")"
settle kea-pgsql; stop_kea; stop_serve TERM
echo "   lease4 changes: $(( $(pg_changes) - before )); events stored / applied / distinct ids: $(stored kea-pgsql); outbox left: $(outbox)"

echo "== pgsql 6. catch-up: serve killed ${stop}s into a $((stop + 30))s run, started again"
sql -d kea -c "TRUNCATE lease4" > /dev/null
fresh_store
start_serve; start_kea "$pgsql_db"
before=$(pg_changes)
( sleep 10; kill -9 "$serve_pid" ) &
perf $((stop + 30)) > "$tmp/perf6" &
perf_pid=$!
sleep $((10 + stop)); wait "$serve_pid" 2>/dev/null || true
echo "   outbox rows waiting when serve is started again: $(sql -d kea -c 'SELECT COUNT(*) FROM netlever_lease4_outbox')"
t0=$(date +%s.%N); start_serve
wait "$perf_pid"; settle kea-pgsql; t1=$(date +%s.%N)
stop_kea; stop_serve TERM
echo "   $(cat "$tmp/perf6"); caught up $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a - 5 }') s after the restart (perfdhcp still running for the first 20 s of it)"
echo "   lease4 changes: $(( $(pg_changes) - before )); events stored / applied / distinct ids: $(stored kea-pgsql); outbox left: $(outbox)"
fi
