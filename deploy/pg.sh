#!/usr/bin/env bash
# Local PostgreSQL cluster under the project folder: init | start | stop | drop | status.
# Usage: deploy/pg.sh {init|start|stop|drop|status} <cluster-dir> [port] [durable|fast]
#   init   creates the cluster (UTF8), starts it, creates roles anquan_owner and anquan_app
#          (NOSUPERUSER NOBYPASSRLS, owning nothing) and the database anquan; reuses what exists,
#          and brings the settings and access rules of an existing cluster up to date.
#            durable (default; `make run`): fsync, full-page writes and synchronous commit on,
#                    as a cluster that holds real data must be.
#            fast    (the throwaway test and bench clusters): fsync, full_page_writes and
#                    synchronous_commit off; a crash may lose them, and they are made anew.
#   start  starts an existing cluster (no-op when running).
#   stop   stops it (fast mode: sessions are ended, no data lost).
#   drop   stops it and deletes its data (the test cluster, before each run).
# Access: only through the Unix socket in <cluster-dir>/run (mode 0700), with peer
# authentication mapped from the OS user who runs it (root or the invoking user) to the roles;
# TCP on 127.0.0.1 asks for a password (scram-sha-256), and no role has one unless you set it.
# As root every server command runs as the postgres user (initdb refuses root); when postgres
# cannot reach <cluster-dir> (a clone under a private home such as /root), the cluster lives in
# /var/lib/anquan/clusters/ and <cluster-dir> is a link to it.
set -euo pipefail

cmd=${1:-}; dir=${2:-}; port=${3:-54329}; mode=${4:-durable}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 {init|start|stop|drop|status} DIR [PORT] [durable|fast]" >&2; exit 2; }
case "$mode" in durable|fast) ;; *) echo "pg.sh: mode must be durable or fast, not '$mode'" >&2; exit 2 ;; esac

bindir=$(pg_config --bindir 2>/dev/null || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
[ -x "$bindir/initdb" ] || { echo "pg.sh: initdb not found; run deploy/install-deps.sh" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
  superuser=postgres
  os_users=(root postgres)
else
  as_pg() { "$@"; }
  superuser=$(id -un)
  os_users=("$superuser")
fi

# Where the cluster really lives: <cluster-dir>, or the link's target.
mkdir -p "$(dirname "$dir")"
link=$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")
if [ -L "$link" ]; then
  dir=$(readlink -f "$link")
elif [ "$(id -u)" = 0 ] && [ "$cmd" = init ] && [ ! -d "$link/data" ]; then
  mkdir -p "$link"
  chown postgres:postgres "$link"
  if ! as_pg test -w "$link" 2>/dev/null; then
    # postgres cannot reach the clone (e.g. under /root, mode 0700): keep the cluster where it
    # can, one folder per clone and cluster, and link to it.
    target=/var/lib/anquan/clusters/$(printf '%s' "$link" | sha256sum | cut -c1-16)-$(basename "$link")
    mkdir -p "$target"
    chown postgres:postgres /var/lib/anquan/clusters "$target" 2>/dev/null || true
    chmod 0711 /var/lib/anquan /var/lib/anquan/clusters
    chown postgres:postgres "$target"
    rmdir "$link"
    ln -s "$target" "$link"
    dir=$target
  else
    dir=$link
  fi
else
  dir=$link
fi
data="$dir/data"; run="$dir/run"; log="$dir/server.log"
if [ "$(id -u)" = 0 ] && [ -d "$dir" ]; then chown postgres:postgres "$dir"; fi

running() { [ -f "$data/PG_VERSION" ] && as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; }

start() {
  if running; then return 0; fi
  as_pg mkdir -p "$run"
  as_pg chmod 0700 "$run"
  if ! as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$run" start >/dev/null; then
    echo "pg.sh: PostgreSQL did not start; the end of $log:" >&2
    tail -n 5 "$log" >&2 || true
    return 1
  fi
}

psql_su() { as_pg "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$run" -p "$port" -U "$superuser" "$@"; }

# The settings and access rules; rewritten on every init so an older cluster is brought up to
# date. Prints "changed" when a file changed.
write_config() {
  local tmp changed=""
  tmp=$(mktemp)
  {
    echo "# Written by deploy/pg.sh ($mode); edits are overwritten."
    echo "max_connections = 200"
    echo "shared_buffers = 256MB"
    echo "timezone = 'UTC'"
    echo "unix_socket_permissions = 0700"
    if [ "$mode" = fast ]; then
      echo "# A throwaway cluster: speed over crash safety."
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    else
      echo "fsync = on"
      echo "synchronous_commit = on"
      echo "full_page_writes = on"
    fi
  } > "$tmp"
  if ! cmp -s "$tmp" "$data/anquan.conf"; then install -m 0600 "$tmp" "$data/anquan.conf"; changed=1; fi
  {
    echo "# Written by deploy/pg.sh: the socket with peer authentication, TCP with a password."
    echo "local all all peer map=anquan"
    echo "host all all 127.0.0.1/32 scram-sha-256"
    echo "host all all ::1/128 scram-sha-256"
  } > "$tmp"
  if ! cmp -s "$tmp" "$data/pg_hba.conf"; then install -m 0600 "$tmp" "$data/pg_hba.conf"; changed=1; fi
  {
    echo "# Written by deploy/pg.sh: which OS user may sign in as which role on the socket."
    for u in "${os_users[@]}"; do
      for r in "$superuser" anquan_owner anquan_app; do echo "anquan $u $r"; done
    done
  } > "$tmp"
  if ! cmp -s "$tmp" "$data/pg_ident.conf"; then install -m 0600 "$tmp" "$data/pg_ident.conf"; changed=1; fi
  rm -f "$tmp"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data/anquan.conf" "$data/pg_hba.conf" "$data/pg_ident.conf"; fi
  # Older clusters carried their settings inline; the included file now decides.
  if grep -q '^# Anquan local development settings' "$data/postgresql.conf"; then
    sed -i '/^# Anquan local development settings/,/^timezone = /d' "$data/postgresql.conf"
    changed=1
  fi
  if ! grep -q "^include_if_exists = 'anquan.conf'" "$data/postgresql.conf"; then
    echo "include_if_exists = 'anquan.conf'" >> "$data/postgresql.conf"
    changed=1
  fi
  [ -n "$changed" ] && echo changed || true
}

case "$cmd" in
  init)
    if [ ! -f "$data/PG_VERSION" ]; then
      as_pg "$bindir/initdb" -D "$data" -U "$superuser" -E UTF8 --locale=C.UTF-8 \
        --auth-local=peer --auth-host=scram-sha-256 >/dev/null
    fi
    if [ -n "$(write_config)" ] && running; then
      # Settings and access rules that changed take effect with a reload (all are reloadable).
      as_pg "$bindir/pg_ctl" -D "$data" reload >/dev/null
    fi
    start
    psql_su -d postgres <<'SQL'
SELECT 'CREATE ROLE anquan_owner LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anquan_owner') \gexec
SELECT 'CREATE ROLE anquan_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anquan_app') \gexec
SELECT 'CREATE DATABASE anquan OWNER anquan_owner ENCODING ''UTF8'' TEMPLATE template0' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'anquan') \gexec
SQL
    psql_su -d anquan -c 'REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE, CREATE ON SCHEMA public TO anquan_owner; GRANT USAGE ON SCHEMA public TO anquan_app;'
    # ltree's subtree tests are leakproof (a boolean of two paths, no error); marked so, the
    # planner uses the statistics for them under row-level security (db/migrations/0013).
    # ILIKE (texticlike) too: its only error is a malformed pattern, and the lists' patterns are
    # escaped (LIKE's wildcards taken literally); marked so, a name search (q=) may use the
    # trigram indexes before the row-level security test, where otherwise it reads every row
    # of the subtree (the province's institution search: 80 ms -> 0.5 ms).
    psql_su -d anquan -c 'CREATE EXTENSION IF NOT EXISTS ltree; ALTER FUNCTION ltree_risparent(ltree, ltree) LEAKPROOF; ALTER FUNCTION ltree_isparent(ltree, ltree) LEAKPROOF; ALTER FUNCTION texticlike(text, text) LEAKPROOF;' >/dev/null
    ;;
  start) start ;;
  stop)
    if running; then as_pg "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi ;;
  drop)
    if running; then as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null; fi
    rm -rf "$dir"
    if [ -L "$link" ]; then rm -f "$link"; fi
    ;;
  status)
    if running; then echo "running: $data (port $port, socket $run)"; else echo "stopped: $data"; exit 3; fi ;;
  *) echo "usage: $0 {init|start|stop|drop|status} DIR [PORT] [durable|fast]" >&2; exit 2 ;;
esac
