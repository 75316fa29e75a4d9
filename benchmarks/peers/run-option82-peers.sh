#!/bin/sh
# Times the peers for Option82Benchmark on this machine, to be read next to the JMH figures from the same run:
# tshark dissecting the same two options from a pcap, and the djing2 original's Python algorithm.
# usage: benchmarks/peers/run-option82-peers.sh [PACKETS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-200000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/option82_pcap.py" "$tmp/o82.pcap" "$n"
fields="-e dhcp.option.agent_information_option.agent_circuit_id -e dhcp.option.agent_information_option.agent_remote_id"
start=$(date +%s%N)
# shellcheck disable=SC2086
tshark -n -r "$tmp/o82.pcap" -T fields $fields > "$tmp/out.txt" 2>/dev/null
end=$(date +%s%N)
lines=$(wc -l < "$tmp/out.txt")
echo "tshark $(tshark --version 2>/dev/null | head -n 1 | awk '{print $3}'): $lines packets in $(( (end - start) / 1000000 )) ms," \
     "$(( (end - start) / lines )) ns/packet (whole dissection, one process)"
python3 "$here/djing2_heuristic.py"
