#!/usr/bin/env bash
# make bench: a PostgreSQL cluster of its own (var/bench/pg), migrations, the optimised server
# (build/anquan-api) on loopback, then tests/bench/run.sh, then a clean shutdown of both.
# Called by `make bench` with BENCH_PG_DIR, BENCH_PG_PORT and BENCH_PORT set; arguments go to
# run.sh (scenario names). BENCH_ROUNDS, BENCH_ROUND_SECONDS, BENCH_DURATION, BENCH_CONNECTIONS,
# BENCH_THREADS and the SOAK_* variables (tests/bench/soak.mjs) pass through.
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$PWD
pg_dir=${BENCH_PG_DIR:-var/bench/pg}
pg_port=${BENCH_PG_PORT:-54349}
port=${BENCH_PORT:-18180}
out=var/bench
mkdir -p "$out"

[ -x build/anquan-api ] || { echo "bench: build/anquan-api missing (make build)" >&2; exit 2; }

deploy/pg.sh init "$pg_dir" "$pg_port" fast >/dev/null
# A data set from an older generator (before its users and audit log, or its hazards) is made
# again from scratch.
stale=$(psql -X -At -d "postgresql://anquan_owner@/anquan?host=$root/$pg_dir/run&port=$pg_port" \
  -c "SELECT set_config('app.org_path','*',false)" \
  -c "SELECT EXISTS (SELECT 1 FROM orgs WHERE division_code = '220000')
            AND (NOT EXISTS (SELECT 1 FROM users WHERE username = 'jl.220103.admin')
                 OR NOT EXISTS (SELECT 1 FROM workflow_events WHERE workflow = 'hazard'
                                AND record_id IN (SELECT md5('hazard' || g)::uuid FROM generate_series(0, 9) AS g)))" 2>/dev/null |
  tail -n 1 || true)
if [ "$stale" = t ]; then
  echo "bench: the province data set is from an older generator; making the bench cluster again" >&2
  deploy/pg.sh drop "$pg_dir" "$pg_port" >/dev/null
  deploy/pg.sh init "$pg_dir" "$pg_port" fast >/dev/null
fi
owner_url="postgresql://anquan_owner@/anquan?host=$root/$pg_dir/run&port=$pg_port"
app_url="postgresql://anquan_app@/anquan?host=$root/$pg_dir/run&port=$pg_port"
MIGRATE_DATABASE_URL=$owner_url deploy/migrate.sh >/dev/null
MIGRATE_DATABASE_URL=$owner_url deploy/seed.sh >/dev/null
# The province-scale data set (30,000 institutions, 300,000 risks and inspections, 1,000,000
# hazards with their events), once per bench cluster: a few minutes the first time.
have_large=$(psql -X -At -d "$owner_url" -c "SELECT set_config('app.org_path','*',false)" \
  -c "SELECT count(*) FROM orgs WHERE division_code = '220000'" | tail -n 1)
if [ "$have_large" = 0 ]; then
  echo "bench: generating the province-scale data set (db/generate/province.sql)..." >&2
  psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$owner_url" -f db/generate/province.sql >/dev/null
  # Vacuumed now, so that autovacuum does not work through millions of fresh rows (the hazards'
  # events) during the scenarios and charge its CPU to them.
  echo "bench: vacuuming the data set..." >&2
  psql -X -q -d "$owner_url" -c 'VACUUM (ANALYZE)' >/dev/null 2>&1 || true
fi
# The province's reporting (db/generate/province-reporting.sql: its spring campaign and a mix of
# reports of every city and county), once per bench cluster: a data set made before it gets it now.
have_reporting=$(psql -X -At -d "$owner_url" -c "SELECT set_config('app.org_path','*',false)" \
  -c "SELECT count(*) FROM campaigns WHERE id = md5('bench campaign')::uuid" | tail -n 1)
if [ "$have_reporting" = 0 ]; then
  echo "bench: generating the province's reporting (db/generate/province-reporting.sql)..." >&2
  psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$owner_url" -f db/generate/province-reporting.sql >/dev/null
fi

server=""
# The kernel's autogroup scheduling off for the run, as on a server (deploy/60-anquan-sched.conf),
# and put back as it was at the end. PostgreSQL starts every backend in a session of its own
# (setsid), and an autogroup is a session: each backend was scheduled as the equal of the whole
# API server with its forty threads, and the server's requests stalled in turn (a county's first
# institution and inspection pages at p99 31-61 ms with autogroups, 12-19 ms without, over a p50
# of 8-10 ms both ways, alternated after the same soak). BENCH_KEEP_AUTOGROUP=1 leaves it as it is;
# without root it stays as it is too, and the table's header says which way the run went.
autogroup=/proc/sys/kernel/sched_autogroup_enabled
autogroup_was=
if [ -z "${BENCH_KEEP_AUTOGROUP:-}" ] && [ -w "$autogroup" ] && [ "$(cat "$autogroup")" != 0 ]; then
  autogroup_was=$(cat "$autogroup")
  echo 0 >"$autogroup" && echo "bench: kernel.sched_autogroup_enabled 0 for the run (was $autogroup_was)" >&2
fi
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  deploy/pg.sh stop "$pg_dir" "$pg_port" >/dev/null 2>&1 || true
  if [ -n "$autogroup_was" ]; then echo "$autogroup_was" >"$autogroup" || true; fi
}
trap cleanup EXIT

export ANQUAN_URL="http://127.0.0.1:$port"
# The background sweeps run once, at start (as the list suite's servers do): at the province data
# set one batch of the overdue sweep costs PostgreSQL about 0.6 s of a core, and the sweep due
# 300 s in landed in the `ready` scenario (requests of up to 3.8 s, one wrk timeout).
# The server runs in a session of its own (setsid), as a service does: with the kernel's
# autogroup scheduling (on here) CPU time is shared between sessions first, and every PostgreSQL
# backend has one of its own, so a server left in this script's session shared one share with wrk
# and node, and stalled for up to 0.7 s while the backends ran (p99 of 100-180 ms over a p50 of
# 10 ms on the lists that the same server in its own session did not show).
ANQUAN_LISTEN=127.0.0.1:$port DATABASE_URL=$app_url ANQUAN_ACCESS_LOG=$out/access.log \
  ANQUAN_SWEEP_SECONDS=${BENCH_SWEEP_SECONDS:-3600} setsid build/anquan-api >"$out/server.log" 2>&1 &
server=$!
up=0
for _ in $(seq 1 100); do
  if curl -fs "$ANQUAN_URL/api/v1/ready" >/dev/null 2>&1; then up=1; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [ "$up" != 1 ]; then
  echo "bench: the server did not become ready (see $out/server.log)" >&2
  exit 1
fi

# Identity scenarios: a demo county admin signs in; its token reads its own county's org.
login_body='{"username":"hp.admin","password":"Anquan@2026!"}'
token=$(curl -fs -X POST -H 'Content-Type: application/json' -d "$login_body" "$ANQUAN_URL/api/v1/auth/login" |
  sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
me=$(curl -fs -H "Authorization: Bearer $token" "$ANQUAN_URL/api/v1/auth/me")
export BENCH_LOGIN_BODY=$login_body
export BENCH_AUTH_HEADER="Authorization: Bearer $token"
export BENCH_ORG_ID=$(sed -n 's/.*"org_id":"\([^"]*\)".*/\1/p' <<<"$me")
export BENCH_ORG_SCOPE=$(psql -X -At -d "$owner_url" -c "SELECT set_config('app.org_path','*',false)" \
  -c "SELECT path FROM orgs WHERE id = '$BENCH_ORG_ID'" | tail -n 1)
export BENCH_ARGON2_SECONDS=$(build/anquan-api --time-argon2 2>/dev/null)
# GET /api/v1/orgs/{id}'s own SQL as the server runs it (printed by the server itself, so the two
# never drift apart): the read's scope (read only, the caller's subtree) and org_get in one
# pipeline, the transaction PostgreSQL opens for it ended by its Sync, as a trusted read is.
{
  echo "-- generated by tests/bench/bench.sh: db_scope_read (api/core/db_sql.c) and the server's org_get"
  echo "\\startpipeline"
  echo "SELECT set_config('app.org_path', :scope, true), set_config('app.now', '', true), set_config('transaction_read_only', 'on', true);"
  echo "$(build/anquan-api --print-sql org_get 2>/dev/null | sed -E 's/\$1/:org/g; s/\$2/(:scope)/g');"
  echo "\\endpipeline"
} > "$out/org-get.sql"
export BENCH_ORG_GET_SQL="$root/$out/org-get.sql"


# The memory soak reads the server's /proc entry. By default a demo county admin (hp.admin) works
# on the demo data at a steady 20 requests/s; SOAK_USER=jl.admin SOAK_ORG_ID=<the id of the
# county above> makes it work at province scale (exports of 3,330 risks: seconds each).
export SOAK_SERVER_PID=$server
# CPU per request (run.sh): the server's /proc entry; PostgreSQL's postmaster is found through the
# socket's lock file in BENCH_PGHOST.
export BENCH_SERVER_PID=$server

# More scenarios: files that run.sh sources at the end of its scenarios(), using its functions
# (wrk_scenario, pgbench_scenario, baseline, add_ratio; tests/bench/README.md). One line each, e.g.
#   BENCH_HOOKS="${BENCH_HOOKS:-} $root/tests/bench/lists.sh"
export BENCH_HOOKS=${BENCH_HOOKS:-}

# As root pg.sh's superuser is postgres, otherwise the invoking user (peer on the socket).
if [ "$(id -u)" != 0 ]; then export BENCH_PGSUPERUSER=${BENCH_PGSUPERUSER:-$(id -un)}; fi
# The node suites below (lists, hazards, reporting) are scenarios by name too: named alone
# (BENCH_SCENARIOS=reporting) only they run, run.sh's scenarios are skipped; otherwise each runs
# unless its BENCH_SKIP_* is set.
suites=() scenarios=()
for a in "$@"; do
  case "$a" in lists|hazards|reporting) suites+=("$a") ;; *) scenarios+=("$a") ;; esac
done
suite() {   # suite NAME -> true when the suite runs
  [ "${#suites[@]}" -eq 0 ] && return 0
  local s
  for s in "${suites[@]}"; do [ "$s" = "$1" ] && return 0; done
  return 1
}
if [ "${#suites[@]}" -eq 0 ] || [ "${#scenarios[@]}" -gt 0 ]; then
  BENCH_PGHOST="$root/$pg_dir/run" BENCH_PGPORT=$pg_port BENCH_PGDATABASE=anquan \
  BENCH_PGUSER=anquan_app BENCH_PGOWNER=anquan_owner \
    tests/bench/run.sh "${scenarios[@]+"${scenarios[@]}"}" || rc=$?
  # What those scenarios wrote (the soak's records, the sign-ins' sessions and audit entries) is
  # vacuumed and analysed now, before the suites measure: otherwise autovacuum did it during their
  # first cases, and its CPU was charged to them (a county's first institution page at 0.73 ms of
  # PostgreSQL's CPU per request instead of 0.37, and p99 of 30-100 ms on the first three lists).
  psql -X -q -d "$owner_url" -c 'VACUUM (ANALYZE)' >/dev/null 2>&1 || true
fi
# The lists at province scale (tests/bench/lists.mjs): five lists x county, city, province x first and
# later page, wrk against pgbench on the same SQL; after the scenarios above, on the same server,
# whatever they found.
[ -n "${BENCH_SKIP_LISTS:-}" ] || ! suite lists || node tests/bench/lists.mjs "$pg_dir" "$pg_port" || rc=$?
# The hazards at 1,000,000 (tests/bench/hazards.mjs): the county's overdue list and one transition
# (update + event + audit), wrk against pgbench on the same SQL.
[ -n "${BENCH_SKIP_HAZARDS:-}" ] || ! suite hazards || node tests/bench/hazards.mjs "$pg_dir" "$pg_port" || rc=$?
# The province's reporting table (tests/bench/reporting.mjs): one week, every city and county with
# its live figures, wrk against pgbench on the same SQL.
[ -n "${BENCH_SKIP_REPORTING:-}" ] || ! suite reporting || node tests/bench/reporting.mjs "$pg_dir" "$pg_port" || rc=$?
exit "${rc:-0}"
