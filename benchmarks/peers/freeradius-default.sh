#!/bin/bash
# freeradius-default.sh TMPDIR AUTHPORT ACCTPORT SECRET   (used by run-radius-peers.sh)
#
# Builds a private copy of the Debian default FreeRADIUS 3.2.1 config in
# TMPDIR/raddb, changes ONLY: listen sockets (127.0.0.1:AUTHPORT auth,
# 127.0.0.1:ACCTPORT acct, no IPv6, inner-tunnel's 127.0.0.1:18120 listener
# removed), clients.conf (single client 127.0.0.1 / SECRET), paths
# (logdir/run_dir/radacctdir -> TMPDIR), no setuid to freerad, and a test
# user "alice" prepended to the files module's users file.
#
# Then starts freeradius in the foreground (background job of this script),
# logs to TMPDIR/radiusd.out, waits for "Ready to process requests",
# writes the pid to TMPDIR/radiusd.pid and exits 0 (1 on failure).
#
# Env:  FR_MODE=debug   -> "freeradius -X" (single-threaded, full debug; slow)
#       FR_MODE=fg      -> "freeradius -f -l stdout" (multi-threaded, default)
#       FR_TIMEOUT=N    -> seconds to wait for readiness (default 20)
#       FR_REJECT_DELAY=N -> override security.reject_delay (default config: 1 s,
#                          i.e. every Access-Reject is delayed 1 s)
#       FR_SQL_POSTGRESQL="HOST PORT DB USER" -> enable the stock sql module
#                          (mods-available/sql) on PostgreSQL with the stock
#                          queries: only driver, dialect, server, port, login,
#                          radius_db are set (no password: the server trusts
#                          the local user). The default site already calls
#                          "-sql" in accounting (and authorize, post-auth).
# Stop: kill -TERM $(cat TMPDIR/radiusd.pid)
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 TMPDIR AUTHPORT ACCTPORT SECRET" >&2; exit 2
fi
T=$(realpath -m "$1"); AUTH=$2; ACCT=$3; SECRET=$4
MODE=${FR_MODE:-fg}; TIMEOUT=${FR_TIMEOUT:-20}
SRC=/etc/freeradius/3.0
R=$T/raddb

mkdir -p "$T"
rm -rf "$R" "$T/log" "$T/run"
mkdir -p "$T/log/radacct" "$T/run"
cp -a "$SRC" "$R"          # symlinks in *-enabled are relative -> still valid

# --- radiusd.conf: paths + no privilege drop ---------------------------------
sed -i \
  -e "s|^logdir = .*|logdir = $T/log|" \
  -e "s|^raddbdir = .*|raddbdir = $R|" \
  -e "s|^run_dir = .*|run_dir = $T/run|" \
  -e "s|^radacctdir = .*|radacctdir = $T/log/radacct|" \
  -e "s|^\(\s*\)user = freerad|\1#user = freerad|" \
  -e "s|^\(\s*\)group = freerad|\1#group = freerad|" \
  -e "s|^proxy_requests\s*=.*|proxy_requests = no  # else a proxy socket binds 0.0.0.0:<ephemeral>|" \
  "$R/radiusd.conf"

if [ -n "${FR_REJECT_DELAY:-}" ]; then
    sed -i "s|^\(\s*\)reject_delay = .*|\1reject_delay = $FR_REJECT_DELAY|" "$R/radiusd.conf"
fi

# --- optional: the stock sql module on PostgreSQL ---------------------------
if [ -n "${FR_SQL_POSTGRESQL:-}" ]; then
    read -r PGH PGP PGD PGU <<< "$FR_SQL_POSTGRESQL"
    sed -i \
      -e "s|^\(\s*\)dialect = \"sqlite\"|\1dialect = \"postgresql\"|" \
      -e "s|^\(\s*\)driver = \"rlm_sql_null\"|\1driver = \"rlm_sql_\${dialect}\"|" \
      -e "s|^#\(\s*\)server = \"localhost\"|\1server = \"$PGH\"|" \
      -e "s|^#\(\s*\)port = 3306|\1port = $PGP|" \
      -e "s|^#\(\s*\)login = \"radius\"|\1login = \"$PGU\"|" \
      -e "s|^\(\s*\)radius_db = \"radius\"|\1radius_db = \"$PGD\"|" \
      "$R/mods-available/sql"
    ln -sf ../mods-available/sql "$R/mods-enabled/sql"
fi

# --- remove every top-level 'listen { ... }' block from a site file ----------
strip_listen() {  # $1 = file (symlink replaced by real file)
    local f=$1 tmp; tmp=$(mktemp)
    awk '
      skip==0 && /^listen[ \t]*\{/ { skip=1; depth=1; next }
      skip==1 {
          line=$0; sub(/#.*/, "", line)
          o=gsub(/\{/, "{", line); c=gsub(/\}/, "}", line)
          depth += o - c; if (depth<=0) skip=0; next }
      { print }' "$f" > "$tmp"
    rm -f "$f"; mv "$tmp" "$f"
}
strip_listen "$R/sites-enabled/default"
strip_listen "$R/sites-enabled/inner-tunnel"   # it listened on 127.0.0.1:18120!

# --- insert our listeners right after "server default {" ---------------------
LISTEN=$(cat <<EOF
listen {
	type = auth
	ipaddr = 127.0.0.1
	port = $AUTH
}
listen {
	type = acct
	ipaddr = 127.0.0.1
	port = $ACCT
}
EOF
)
awk -v ins="$LISTEN" '{print} /^server default[ \t]*\{/ {print ins}' \
    "$R/sites-enabled/default" > "$R/sites-enabled/default.new"
mv "$R/sites-enabled/default.new" "$R/sites-enabled/default"

# --- clients.conf -------------------------------------------------------------
cat > "$R/clients.conf" <<EOF
client test-localhost {
	ipaddr = 127.0.0.1
	secret = $SECRET
	require_message_authenticator = no
	nas_type = other
}
EOF

# --- test users (files module; users -> mods-config/files/authorize) ---------
AUTHZ=$R/mods-config/files/authorize
{
cat <<'EOF'
alice	Cleartext-Password := "secret"
	Session-Timeout = 3600,
	Cisco-AVPair = "shell:priv-lvl=15",
	Reply-Message = "Hello alice"

bob	Cleartext-Password := "bobpw"
	Session-Timeout = 60

EOF
cat "$AUTHZ"
} > "$AUTHZ.new"
rm -f "$AUTHZ"; mv "$AUTHZ.new" "$AUTHZ"

# --- config check ---------------------------------------------------------------
if ! freeradius -C -d "$R" > "$T/config-check.out" 2>&1; then
    echo "config check failed, see $T/config-check.out" >&2
    tail -20 "$T/config-check.out" >&2; exit 1
fi

# --- start ------------------------------------------------------------------
case $MODE in
  debug) ARGS=(-X) ;;
  fg)    ARGS=(-f -l stdout) ;;
  *) echo "bad FR_MODE=$MODE" >&2; exit 2 ;;
esac
: > "$T/radiusd.out"
setsid freeradius "${ARGS[@]}" -d "$R" >> "$T/radiusd.out" 2>&1 < /dev/null &
PID=$!
echo "$PID" > "$T/radiusd.pid"

for ((i = 0; i < TIMEOUT * 10; i++)); do
    if grep -q "Ready to process requests" "$T/radiusd.out"; then
        echo "freeradius ready: pid $PID auth 127.0.0.1:$AUTH acct 127.0.0.1:$ACCT log $T/radiusd.out"
        exit 0
    fi
    if ! kill -0 "$PID" 2>/dev/null; then
        echo "freeradius exited during startup:" >&2; tail -30 "$T/radiusd.out" >&2; exit 1
    fi
    sleep 0.1
done
echo "timeout waiting for readiness" >&2; kill -TERM "$PID" 2>/dev/null || true; exit 1
