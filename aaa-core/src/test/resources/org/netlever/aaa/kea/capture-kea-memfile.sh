#!/bin/sh
set -eu
tmp=/tmp/keacap; ns=nl-kcap; out=nlkco; in=nlkci
cleanup() { [ -n "${kea_pid:-}" ] && kill "$kea_pid" 2>/dev/null || true; ip link del $out 2>/dev/null||true; ip netns del $ns 2>/dev/null||true; }
trap cleanup EXIT
ip netns add $ns; ip link add $out type veth peer name $in; ip link set $in netns $ns
ip addr add 203.0.113.1/24 dev $out; ip addr add 198.51.100.1/24 dev $out; ip link set $out up
ip -n $ns addr add 203.0.113.2/24 dev $in; ip -n $ns link set $in up; ip -n $ns link set lo up
ip -n $ns route add 198.51.100.0/24 via 203.0.113.1
cat > $tmp/kea.json <<KEA
{ "Dhcp4": { "interfaces-config": { "interfaces": [ "$in" ], "dhcp-socket-type": "udp" },
  "lease-database": { "type": "memfile", "persist": true, "name": "$tmp/leases.csv", "lfc-interval": ${LFC:-0} },
  "store-extended-info": true,
  "valid-lifetime": ${VALID:-4}, "loggers": [ { "name": "kea-dhcp4", "severity": "INFO", "output_options": [ { "output": "stdout" } ] } ],
  "expired-leases-processing": { "reclaim-timer-wait-time": 1, "hold-reclaimed-time": ${HOLD:-0}, "flush-reclaimed-timer-wait-time": ${FLUSH:-0} },
  "subnet4": [ { "id": 1, "subnet": "198.51.100.0/24", "pools": [ { "pool": "198.51.100.10 - 198.51.100.250" } ] } ] } }
KEA
KEA_PIDFILE_DIR=$tmp KEA_LOCKFILE_DIR=$tmp ip netns exec $ns kea-dhcp4 -c $tmp/kea.json > $tmp/kea.log 2>&1 &
kea_pid=$!
sleep 2
perfdhcp -4 -l 198.51.100.1 -r 4 -n ${N:-8} -R 4 ${PERFX:-} -o "82,010600040064000502080006f8e903e755a6" 203.0.113.2 > $tmp/perf.log 2>&1 || true
for i in $(seq 1 14); do sleep 1; echo "-- t=$i"; cat $tmp/leases.csv* 2>/dev/null | grep -v ^address || true; done
ls -la $tmp
