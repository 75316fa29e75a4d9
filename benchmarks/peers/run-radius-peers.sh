#!/bin/bash
# netlever's RADIUS server against FreeRADIUS on the same machine, in the same run, driven by the same radclient
# (S2, issue "RADIUS AAA"): Access-Requests per second of
#   1. FreeRADIUS 3.2 with the distribution's default configuration (PAP user alice in the files module);
#   2. netlever's RadiusServer with a trivial in-memory authorizer (benchmarks/.../RadiusTarget), default settings
#      (handlerThread AUTO: a fast handler runs on the reading thread);
#   3. netlever with 5 ms of simulated billing latency per request, default settings (AUTO sends it to the elastic
#      worker pool);
#   4. netlever with handlerThread READER (always on the reading thread) and 5. WORKERS (always handed to a worker,
#      the default before AUTO), otherwise default settings;
#   6. the floor (benchmarks/.../UdpFloor): one recvfrom, one MD5, one sendto per request and nothing else — what
#      the kernel's UDP path and the JDK's channel cost, against which the servers' CPU per request is read.
# The driver: DISTINCT different Access-Requests in one file, all in flight (-p DISTINCT), each repeated COUNT times
# (-c COUNT; radclient gives every repetition a new Identifier and authenticator). Runs alternate between the
# servers so that both see the same machine state; every server answers one warm-up run first (the JVM's JIT).
# Everything binds 127.0.0.1 (radclient via Packet-Src-IP-Address).
#
# Each run's line gives the server's CPU time per request (utime + stime of its process, /proc/PID/stat).
# BASELINE_JAR=path/to/an/older/benchmarks.jar adds "netlever-before", that build's RadiusTarget, to the same
# alternation: before/after in one run.
#
# usage: benchmarks/peers/run-radius-peers.sh [RUNS] [COUNT] [DISTINCT]   (needs: freeradius, radclient, java, root)
set -euo pipefail
runs=${1:-5}
count=${2:-782}
distinct=${3:-128}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
secret=bench-secret-$$
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -f "$tmp/fr/radiusd.pid" ] && kill "$(cat "$tmp/fr/radiusd.pid")" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

awk -v n="$distinct" 'BEGIN { for (i = 1; i <= n; i++)
  printf "Packet-Src-IP-Address = 127.0.0.1\nUser-Name = \"alice\"\nUser-Password = \"secret\"\nNAS-IP-Address = 127.0.0.1\nNAS-Port = %d\n\n", i }' \
  > "$tmp/requests.txt"

"$here/freeradius-default.sh" "$tmp/fr" 38120 38130 "$secret" > /dev/null
java -Xmx1g -cp "$jar" org.netlever.benchmarks.RadiusTarget 28120 28130 "$secret" 0 > "$tmp/netlever.out" 2>&1 &
pids+=($!)
java -Xmx1g -cp "$jar" org.netlever.benchmarks.RadiusTarget 29120 29130 "$secret" 5 > "$tmp/latency.out" 2>&1 &
pids+=($!)
java -Xmx1g -cp "$jar" org.netlever.benchmarks.RadiusTarget 33120 33130 "$secret" 0 256 reader > "$tmp/on-reader.out" 2>&1 &
pids+=($!)
java -Xmx1g -cp "$jar" org.netlever.benchmarks.RadiusTarget 34120 34130 "$secret" 0 256 workers > "$tmp/workers.out" 2>&1 &
pids+=($!)
java -Xmx1g -cp "$jar" org.netlever.benchmarks.UdpFloor 35120 "$secret" > "$tmp/floor.out" 2>&1 &
pids+=($!)
names=(netlever latency on-reader workers floor)
if [ -n "${BASELINE_JAR:-}" ]; then
    java -Xmx1g -cp "$BASELINE_JAR" org.netlever.benchmarks.RadiusTarget 30120 30130 "$secret" 0 > "$tmp/before.out" 2>&1 &
    pids+=($!)
    before_pid=$!
    names+=(before)
fi
for f in "${names[@]}"; do
    for _ in $(seq 100); do grep -q ready "$tmp/$f.out" && break; sleep 0.1; done
done

tck=$(getconf CLK_TCK)
cpu() { awk -v t="$tck" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }
# measure NAME PORT PID: one radclient run, prints "rate" and appends a line to the log
measure() {
    local name=$1 port=$2 pid=$3 c0 c1 t0 t1 out
    sleep 6    # FreeRADIUS keeps answered requests for 5 s (cleanup_delay): start each run with an empty table
    c0=$(cpu "$pid"); t0=$(date +%s.%N)
    out=$(radclient -q -s -c "$count" -p "$distinct" -t 2 -r 3 -f "$tmp/requests.txt" "127.0.0.1:$port" auth \
          "$secret" 2>&1) || true
    t1=$(date +%s.%N); c1=$(cpu "$pid")
    awk -v n="$name" -v out="$out" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" 'BEGIN {
        split(out, lines, "\n"); acc = 0; lost = 0
        for (i in lines) { if (lines[i] ~ /Accepted/) { split(lines[i], f, ":"); acc = f[2] + 0 }
                           if (lines[i] ~ /Lost/) { split(lines[i], f, ":"); lost = f[2] + 0 } }
        w = t1 - t0
        printf "%-22s accepted=%d lost=%d wall=%.3fs rate=%.0f/s server-cpu=%.2fs cpu/request=%.1fus\n", n, acc,
            lost, w, acc / w, c1 - c0, (c1 - c0) * 1e6 / (acc > 0 ? acc : 1) }' \
      | tee -a "$tmp/log" >&2
}
fr_pid=$(cat "$tmp/fr/radiusd.pid")
echo "warm-up (not counted)" >&2
measure warmup-freeradius 38120 "$fr_pid" > /dev/null
measure warmup-netlever 28120 "${pids[0]}" > /dev/null
measure warmup-on-reader 33120 "${pids[2]}" > /dev/null
measure warmup-workers 34120 "${pids[3]}" > /dev/null
measure warmup-floor 35120 "${pids[4]}" > /dev/null
[ -n "${BASELINE_JAR:-}" ] && measure warmup-before 30120 "$before_pid" > /dev/null
: > "$tmp/log"
for r in $(seq "$runs"); do
    measure "freeradius" 38120 "$fr_pid"
    measure "netlever" 28120 "${pids[0]}"
    measure "netlever-on-reader" 33120 "${pids[2]}"
    measure "netlever-workers" 34120 "${pids[3]}"
    measure "floor" 35120 "${pids[4]}"
    [ -n "${BASELINE_JAR:-}" ] && measure "netlever-before" 30120 "$before_pid"
done
measure warmup-netlever-5ms 29120 "${pids[1]}" > /dev/null
for r in $(seq "$runs"); do
    measure "netlever+5ms" 29120 "${pids[1]}"
done
echo
echo "medians over $runs runs of $((count * distinct)) Access-Requests each ($(nproc) cores, radclient on the same machine):"
for n in freeradius netlever netlever-on-reader netlever-workers floor netlever-before netlever+5ms; do
    grep -q "^$n " "$tmp/log" || continue
    c=$(grep "^$n " "$tmp/log" | sed 's/.*cpu\/request=\([0-9.]*\).*/\1/' | sort -n | awk '{ a[NR] = $1 }
        END { print a[int((NR + 1) / 2)] }')
    grep "^$n " "$tmp/log" | sed 's/.*rate=\([0-9]*\).*/\1/' | sort -n | awk -v n="$n" -v c="$c" '{ a[NR] = $1 }
        END { printf "  %-16s %6d Access-Requests/s  %5.1f us CPU/request\n", n, a[int((NR + 1) / 2)], c }'
done | tee "$tmp/medians"
awk '/freeradius/ { f = $2; fc = $4 } /netlever / { n = $2; nc = $4 } END { if (f > 0)
    printf "  ratio netlever / FreeRADIUS: %.2f in requests/s, %.2f in CPU/request\n", n / f, nc / fc }' "$tmp/medians"
