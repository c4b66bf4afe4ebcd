#!/usr/bin/env bash
# make bench: a PostgreSQL cluster of its own (var/bench/pg), migrations, the optimised server
# (build/anquan-api) on loopback, then tests/bench/run.sh, then a clean shutdown of both.
# Called by `make bench` with BENCH_PG_DIR, BENCH_PG_PORT and BENCH_PORT set; arguments go to
# run.sh (scenario names). BENCH_DURATION, BENCH_CONNECTIONS, BENCH_THREADS pass through.
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$PWD
pg_dir=${BENCH_PG_DIR:-var/bench/pg}
pg_port=${BENCH_PG_PORT:-54349}
port=${BENCH_PORT:-18180}
out=var/bench
mkdir -p "$out"

[ -x build/anquan-api ] || { echo "bench: build/anquan-api missing (make build)" >&2; exit 2; }

deploy/pg.sh init "$pg_dir" "$pg_port" >/dev/null
owner_url="postgresql://anquan_owner@/anquan?host=$root/$pg_dir/run&port=$pg_port"
app_url="postgresql://anquan_app@/anquan?host=$root/$pg_dir/run&port=$pg_port"
MIGRATE_DATABASE_URL=$owner_url deploy/migrate.sh >/dev/null
MIGRATE_DATABASE_URL=$owner_url deploy/seed.sh >/dev/null
# The province-scale data set (30,000 institutions, 300,000 risks and inspections), once per
# bench cluster: a few minutes the first time.
have_large=$(psql -X -At -d "$owner_url" -c "SELECT set_config('app.org_path','*',false)" \
  -c "SELECT count(*) FROM orgs WHERE division_code = '220000'" | tail -n 1)
if [ "$have_large" = 0 ]; then
  echo "bench: generating the province-scale data set (db/generate/province.sql)..." >&2
  psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$owner_url" -f db/generate/province.sql >/dev/null
fi

server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  deploy/pg.sh stop "$pg_dir" "$pg_port" >/dev/null 2>&1 || true
}
trap cleanup EXIT

export ANQUAN_URL="http://127.0.0.1:$port"
ANQUAN_LISTEN=127.0.0.1:$port DATABASE_URL=$app_url ANQUAN_ACCESS_LOG=$out/access.log \
  build/anquan-api >"$out/server.log" 2>&1 &
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

# As root pg.sh's superuser is postgres, otherwise the invoking user (trust on the socket).
if [ "$(id -u)" != 0 ]; then export BENCH_PGSUPERUSER=${BENCH_PGSUPERUSER:-$(id -un)}; fi
BENCH_PGHOST="$root/$pg_dir/run" BENCH_PGPORT=$pg_port BENCH_PGDATABASE=anquan \
BENCH_PGUSER=anquan_app BENCH_PGOWNER=anquan_owner \
  tests/bench/run.sh "$@"
