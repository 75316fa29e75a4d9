#!/bin/sh
# The real peers of the lever path, measured in one run on this machine (root needed, for a network namespace):
#   1. ISC dhcpd alone: DORA exchanges per second perfdhcp gets through it, relayed with Option 82;
#   2. the same dhcpd running the shipped lever (examples/lever) on every commit, posting to netlever;
#   3. how many events per second reach netlever's lever endpoint in (2);
#   4. and 5. the same for Kea 2.2 alone and with the lever in its run_script hook (asynchronous: Kea does not wait).
# Compare with benchmarks/src/.../LeverLoad (what the endpoint takes over HTTP) and LeaseServiceBenchmark.
# Uses only documentation addresses in a namespace it creates: 203.0.113.0/24 and 198.51.100.0/24.
#
# usage: benchmarks/peers/run-lever-peers.sh [RATE] [SECONDS]     (needs: dhcpd, perfdhcp, curl, openssl, ip, java)
set -eu
rate=${1:-2000}
seconds=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
tmp=$(mktemp -d)
ns=nl-peer-$$
out=nlp$$o
in=nlp$$i
cleanup() {
    [ -n "${target_pid:-}" ] && kill "$target_pid" 2>/dev/null || true
    [ -n "${dhcpd_pid:-}" ] && kill "$dhcpd_pid" 2>/dev/null || true
    [ -n "${kea_pid:-}" ] && kill "$kea_pid" 2>/dev/null || true
    ip link del "$out" 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

. "$here/netns.sh"
peer_namespace "$ns" "$out" "$in"

openssl rand -hex 32 > "$tmp/secret"
java -cp "$jar" org.netlever.benchmarks.LeverTarget 203.0.113.1 0 "$tmp/secret" > "$tmp/target.log" 2>&1 &
target_pid=$!
i=0
until grep -q '^ready' "$tmp/target.log"; do i=$((i + 1)); [ $i -lt 300 ] || { cat "$tmp/target.log"; exit 1; }; sleep 0.1; done
port=$(sed -n 's/^ready //p' "$tmp/target.log")
cp "$root/examples/lever/netlever-lever" "$tmp/netlever-lever"
printf 'NETLEVER_URL=http://203.0.113.1:%s\nNETLEVER_SECRET_FILE=%s\nNETLEVER_SPOOL=%s/spool\n' \
    "$port" "$tmp/secret" "$tmp" > "$tmp/lever.conf"

base='ddns-update-style none;
authoritative;
default-lease-time 3600;
max-lease-time 3600;
subnet 203.0.113.0 netmask 255.255.255.0 { }
subnet 198.51.100.0 netmask 255.255.255.0 { range 198.51.100.10 198.51.100.250; }'
option82=010600040064000502080006f8e903e755a6

run_dhcpd() { # $1: config file; prints perfdhcp's summary
    : > "$tmp/leases"
    ip netns exec "$ns" dhcpd -4 -f -q -cf "$1" -lf "$tmp/leases" -pf "$tmp/pid" "$in" > "$tmp/dhcpd.log" 2>&1 &
    dhcpd_pid=$!
    sleep 1
    perfdhcp -4 -l 198.51.100.1 -r "$rate" -R 200 -p "$seconds" -o "82,$option82" 203.0.113.2 2>&1 \
        | grep -E 'sent packets|received packets|drops ratio|min delay|avg delay|max delay' | head -12
    kill "$dhcpd_pid"; wait "$dhcpd_pid" 2>/dev/null || true
    dhcpd_pid=
    rm -f "$tmp/pid"
}

printf '%s\n' "$base" > "$tmp/plain.conf"
{ printf '%s\n' "$base"; sed "s#/usr/local/sbin/netlever-lever#$tmp/netlever-lever#" "$root/examples/lever/dhcpd.conf"; } \
    > "$tmp/lever.conf.dhcpd"

echo "== 1. dhcpd $(dhcpd --version 2>&1 | head -n 1) alone, perfdhcp at $rate DORA/s for ${seconds}s"
run_dhcpd "$tmp/plain.conf"
start_events=$(tail -n 1 "$tmp/target.log" | awk '{print $2}')
echo "== 2. the same dhcpd running the shipped lever on every commit"
t0=$(date +%s)
run_dhcpd "$tmp/lever.conf.dhcpd"
t1=$(date +%s)
sleep 3
ip netns exec "$ns" "$tmp/netlever-lever" flush || true
sleep 2
end_events=$(tail -n 1 "$tmp/target.log" | awk '{print $2}')
echo "== 3. events netlever recorded: $((end_events - start_events)) in $((t1 - t0)) s of load" \
     "($(( (end_events - start_events) / (t1 - t0) ))/s); spool left: $(ls "$tmp/spool" 2>/dev/null | grep -c event || true)"

run_kea() { # $1: "with" or "without" the lever
    hooks=
    if [ "$1" = with ]; then
        hooks=', "hooks-libraries": [ { "library": "/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_run_script.so",
                "parameters": { "name": "'"$tmp/netlever-lever"'", "sync": false } } ]'
    fi
    rm -f "$tmp/kea-leases.csv"
    cat > "$tmp/kea.json" <<KEA
{ "Dhcp4": { "interfaces-config": { "interfaces": [ "$in" ], "dhcp-socket-type": "udp" },
  "lease-database": { "type": "memfile", "persist": false },
  "valid-lifetime": 3600,
  "subnet4": [ { "id": 1, "subnet": "198.51.100.0/24", "pools": [ { "pool": "198.51.100.10 - 198.51.100.250" } ] } ]
  $hooks } }
KEA
    KEA_PIDFILE_DIR=$tmp KEA_LOCKFILE_DIR=$tmp ip netns exec "$ns" kea-dhcp4 -c "$tmp/kea.json" > "$tmp/kea.log" 2>&1 &
    kea_pid=$!
    sleep 2
    perfdhcp -4 -l 198.51.100.1 -r "$rate" -R 200 -p "$seconds" -o "82,$option82" 203.0.113.2 2>&1 \
        | grep -E 'sent packets|received packets|drops ratio|avg delay' | head -8
    kill "$kea_pid"; wait "$kea_pid" 2>/dev/null || true
    kea_pid=
}

if command -v kea-dhcp4 >/dev/null 2>&1; then
    echo "== 4. kea-dhcp4 $(kea-dhcp4 -v) alone"
    run_kea without
    start_events=$(tail -n 1 "$tmp/target.log" | awk '{print $2}')
    echo "== 5. kea-dhcp4 with the shipped lever in run_script"
    t0=$(date +%s)
    run_kea with
    t1=$(date +%s)
    sleep 3
    ip netns exec "$ns" "$tmp/netlever-lever" flush || true
    sleep 2
    end_events=$(tail -n 1 "$tmp/target.log" | awk '{print $2}')
    echo "== 6. events netlever recorded from Kea: $((end_events - start_events)) in $((t1 - t0)) s of load" \
         "($(( (end_events - start_events) / (t1 - t0) ))/s); spool left: $(ls "$tmp/spool" 2>/dev/null | grep -c event || true)"
fi
