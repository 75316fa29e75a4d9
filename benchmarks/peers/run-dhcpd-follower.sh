#!/bin/sh
# ISC dhcpd with netlever following its dhcpd.leases (issue 14), measured on this machine (root needed, for network
# namespaces):
#   1. dhcpd alone: DORA exchanges per second perfdhcp gets through it, relayed with Option 82;
#   2. the same with `netlever serve` following the lease file (type dhcpd-leases), at the same offered rate, and
#      the lease records dhcpd wrote against the dhcpd-leases events in netlever's event log;
#   3. catch-up: serve is stopped (SIGTERM) a few seconds into a perfdhcp run and started again CATCHUP seconds
#      later, while perfdhcp goes on; once it has caught up, records written vs events logged: nothing lost, nothing
#      doubled.
# Both namespaces are the script's own (relay and server), so nothing is added to the host's addresses; netlever
# runs in the relay's namespace (its listeners on that namespace's loopback) and reads the file dhcpd writes.
#
# usage: benchmarks/peers/run-dhcpd-follower.sh [RATE] [SECONDS] [CATCHUP]   (needs: dhcpd, perfdhcp, ip, java, curl,
#        examples/target/netlever.jar from `mvn -B -o -q -pl examples -am package -DskipTests`)
set -eu
rate=${1:-1000}
seconds=${2:-20}
catchup=${3:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/examples/target/netlever.jar
[ -f "$jar" ] || { echo "build first: mvn -B -o -q -pl examples -am package -DskipTests" >&2; exit 2; }
tmp=$(mktemp -d)
rns=nl-fr-$$
sns=nl-fs-$$
rl=nlfr$$
sl=nlfs$$
cleanup() {
    [ -n "${serve_pid:-}" ] && kill "$serve_pid" 2>/dev/null || true
    [ -n "${dhcpd_pid:-}" ] && kill "$dhcpd_pid" 2>/dev/null || true
    ip netns del "$rns" 2>/dev/null || true
    ip netns del "$sns" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

ip netns add "$rns"
ip netns add "$sns"
ip -n "$rns" link add "$rl" type veth peer name "$sl"
ip -n "$rns" link set "$sl" netns "$sns"
ip -n "$rns" addr add 203.0.113.1/24 dev "$rl"
ip -n "$rns" addr add 198.51.100.1/24 dev "$rl"
ip -n "$rns" link set "$rl" up
ip -n "$rns" link set lo up
ip -n "$sns" addr add 203.0.113.2/24 dev "$sl"
ip -n "$sns" link set "$sl" up
ip -n "$sns" link set lo up
ip -n "$sns" route add 198.51.100.0/24 via 203.0.113.1

cat > "$tmp/dhcpd.conf" <<CONF
ddns-update-style none;
authoritative;
default-lease-time 3600;
max-lease-time 3600;
stash-agent-options true;
dhcp-cache-threshold 0;      # every renewal written: a record (and an event) per DORA
subnet 203.0.113.0 netmask 255.255.255.0 { }
subnet 198.51.100.0 netmask 255.255.255.0 { range 198.51.100.10 198.51.100.250; }
CONF
option82=010600040064000502080006f8e903e755a6   # D-Link port 5, remote-id f8:e9:03:e7:55:a6

# netlever: the switch and its port-5 subscriber, an H2 file, the follower.
cp "$root/examples/pcrf/limit-2h-1gb.json" "$tmp/limit.json"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$tmp/s.secret"
cat > "$tmp/netlever.yaml" <<YAML
storage: { url: "jdbc:h2:file:$tmp/data/netlever", user: sa }
lever: { secretFile: s.secret }
softswitch: { clients: [ { name: ecss, address: 127.0.0.1, secretFile: s.secret } ] }
bras:
  clients: [ { name: esr, address: 127.0.0.1, secretFile: s.secret } ]
  coa: [ { nas: "*", address: "127.0.0.1:3799", secretFile: s.secret } ]
pcrf: { definitions: limit.json }
billing:
  pools: [ { id: internet-1, network: 198.51.100.0/24, kind: dynamic } ]
  devices: [ { id: sw-1, type: dlink-switch, mac: "f8:e9:03:e7:55:a6" } ]
  subscribers: [ { id: alice, device: sw-1, port: 5 } ]
followers:
  - { type: dhcpd-leases, file: dhcpd.leases }
YAML

start_dhcpd() {
    rm -f "$tmp/pid"
    ip netns exec "$sns" dhcpd -4 -f -q -cf "$tmp/dhcpd.conf" -lf "$tmp/dhcpd.leases" -pf "$tmp/pid" "$sl" \
        > "$tmp/dhcpd.log" 2>&1 &
    dhcpd_pid=$!
    sleep 1
}
stop_dhcpd() {
    kill "$dhcpd_pid"; wait "$dhcpd_pid" 2>/dev/null || true
    dhcpd_pid=
}
start_serve() {
    : > "$tmp/serve.out"
    ip netns exec "$rns" java -jar "$jar" serve --config "$tmp/netlever.yaml" > "$tmp/serve.out" 2> "$tmp/serve.err" &
    serve_pid=$!
    i=0
    until grep -q 'netlever serve: ready' "$tmp/serve.out" "$tmp/serve.err" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 900 ] || { cat "$tmp/serve.err"; exit 1; }; sleep 0.1
    done
}
delivered() { # events the running serve's follower delivered since it started, from /metrics
    ip netns exec "$rns" curl -s http://127.0.0.1:9464/metrics 2>/dev/null \
        | awk '/^netlever_follower_events_total/ {print int($2)}' | head -n 1
}
settle() { # waits (at most 5 min) until the follower has delivered nothing new for 3 s
    last=-1; still=0; i=0
    while [ $still -lt 3 ] && [ $i -lt 300 ]; do
        now=$(delivered); now=${now:-0}
        if [ "$now" = "$last" ]; then still=$((still + 1)); else still=0; fi
        last=$now; i=$((i + 1)); sleep 1
    done
    echo "   the follower delivered $last events since its start"
}
stop_serve() {
    kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
    serve_pid=
}
perf() { # $1: seconds; prints perfdhcp's summary
    ip netns exec "$rns" perfdhcp -4 -l 198.51.100.1 -r "$rate" -R 200 -p "$1" -o "82,$option82" 203.0.113.2 2>&1 \
        | grep -E 'sent packets|received packets|drops ratio|avg delay' | head -8
}
# Distinct lease changes dhcpd wrote (address, binding state, starts, ends, cltt: the follower's event id), in the
# lease file and the renamed previous one.
records() {
    cat "$tmp/dhcpd.leases~" "$tmp/dhcpd.leases" 2>/dev/null | awk '
        /^lease /{ip=$2; st=""; s=""; e=""; c=""} /^  starts /{s=$3" "$4} /^  ends /{e=$3" "$4} /^  cltt /{c=$3" "$4}
        /^  binding state /{st=$3} /^}/{ if (ip != "") print ip, st, s, e, c; ip=""}' | sort -u | wc -l
}
events() { # after serve stopped: dhcpd-leases rows in the event log, and distinct source event ids
    java -cp "$jar" org.h2.tools.Shell -url "jdbc:h2:file:$tmp/data/netlever" -user sa -password "" \
        -sql "SELECT COUNT(*), COUNT(DISTINCT source_event_id) FROM dhcp_event WHERE source = 'dhcpd-leases'" \
        | sed -n 2p | tr -s ' |' ' '
}

echo "== 1. dhcpd $(dhcpd --version 2>&1 | head -n 1) alone, perfdhcp at $rate DORA/s for ${seconds}s"
: > "$tmp/dhcpd.leases"; rm -f "$tmp/dhcpd.leases~"
start_dhcpd; perf "$seconds"; stop_dhcpd

echo "== 2. the same dhcpd, netlever serve following dhcpd.leases"
: > "$tmp/dhcpd.leases"; rm -f "$tmp/dhcpd.leases~" "$tmp"/data/*
start_dhcpd; start_serve
perf "$seconds"
settle; stop_serve; stop_dhcpd
echo "   lease records dhcpd wrote: $(records); dhcpd-leases events logged (rows, distinct ids): $(events)"

echo "== 3. catch-up: serve stopped 5 s into a $((catchup + 20)) s run, started again ${catchup} s later"
: > "$tmp/dhcpd.leases"; rm -f "$tmp/dhcpd.leases~" "$tmp"/data/*
start_dhcpd; start_serve
perf $((catchup + 20)) > "$tmp/perf3.txt" &
perf_pid=$!
sleep 5; stop_serve
sleep "$catchup"
t0=$(date +%s.%N)
start_serve
t1=$(date +%s.%N)
wait "$perf_pid"; cat "$tmp/perf3.txt"
t2=$(date +%s.%N)
settle
t3=$(date +%s.%N)
stop_serve; stop_dhcpd
echo "   after perfdhcp ended the follower needed $(awk "BEGIN {print $t3 - $t2 - 3}") s more to catch up (about)"
echo "   serve restart to ready: $(awk "BEGIN {print $t1 - $t0}") s"
echo "   lease records dhcpd wrote: $(records); dhcpd-leases events logged (rows, distinct ids): $(events)"
