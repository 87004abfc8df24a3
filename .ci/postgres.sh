#!/usr/bin/env bash
# Start a throw-away PostgreSQL on loopback for the test suite and print its URL.
# Installs Debian's postgresql package when missing. Idempotent: reuses a running one.
#   usage: .ci/postgres.sh [DIR] [PORT]   (defaults: /tmp/clapboard-pg 55433)
set -euo pipefail
dir=${1:-/tmp/clapboard-pg}
port=${2:-55433}
log() { echo "[postgres] $*" >&2; }

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  log "installing postgresql (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$dir" && chown postgres:postgres "$dir"
else
  mkdir -p "$dir"
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
  log "initdb in $dir/data"
  as_pg "$pgbin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
fi
if ! as_pg "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$port"
  as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
fi
for db in clapboard_test clapboard_bench; do
  as_pg "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
    || as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
done
echo "postgresql://postgres@127.0.0.1:$port/clapboard_test"
