#!/usr/bin/env bash
# Local PostgreSQL cluster under the project folder: init | start | stop | status | url.
# Usage: deploy/pg.sh {init|start|stop|status} <cluster-dir> <port>
#   init   creates the cluster (UTF8), starts it, creates roles anquan_owner and anquan_app
#          (NOSUPERUSER NOBYPASSRLS, owning nothing) and the database anquan; reuses what exists.
#   start  starts an existing cluster (no-op when running).
#   stop   stops it (fast mode: sessions are ended, no data lost).
# The cluster listens on a Unix socket in <cluster-dir>/run and on 127.0.0.1:<port>, never on a
# public address. As root every server command runs as the postgres user (initdb refuses root).
set -euo pipefail

cmd=${1:-}; dir=${2:-}; port=${3:-54329}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 {init|start|stop|status} DIR [PORT]" >&2; exit 2; }

bindir=$(pg_config --bindir 2>/dev/null || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
[ -x "$bindir/initdb" ] || { echo "pg.sh: initdb not found; run deploy/install-deps.sh" >&2; exit 1; }

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data="$dir/data"; run="$dir/run"; log="$dir/server.log"

if [ "$(id -u)" = 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
  chown postgres:postgres "$dir"
  superuser=postgres
else
  as_pg() { "$@"; }
  superuser=$(id -un)
fi

running() { as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

start() {
  if running; then return 0; fi
  as_pg mkdir -p "$run"
  as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$run" start >/dev/null
}

psql_su() { as_pg "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$run" -p "$port" -U "$superuser" "$@"; }

case "$cmd" in
  init)
    if [ ! -f "$data/PG_VERSION" ]; then
      # Trust on the socket and loopback only: this is a developer's or a test run's own cluster.
      as_pg "$bindir/initdb" -D "$data" -U "$superuser" -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=trust >/dev/null
      cat >> "$data/postgresql.conf" <<CONF
# Anquan local development settings
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
timezone = 'UTC'
CONF
    fi
    start
    psql_su -d postgres <<'SQL'
SELECT 'CREATE ROLE anquan_owner LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anquan_owner') \gexec
SELECT 'CREATE ROLE anquan_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anquan_app') \gexec
SELECT 'CREATE DATABASE anquan OWNER anquan_owner ENCODING ''UTF8'' TEMPLATE template0' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'anquan') \gexec
SQL
    psql_su -d anquan -c 'REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE, CREATE ON SCHEMA public TO anquan_owner; GRANT USAGE ON SCHEMA public TO anquan_app;'
    ;;
  start) start ;;
  stop)
    if running; then as_pg "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi ;;
  status)
    if running; then echo "running: $data (port $port, socket $run)"; else echo "stopped: $data"; exit 3; fi ;;
  *) echo "usage: $0 {init|start|stop|status} DIR [PORT]" >&2; exit 2 ;;
esac
