#!/usr/bin/env bash
# The plan tests' database: anquan_plan in a running cluster (the test cluster under make test),
# migrated like the main one, holding the province data set (db/generate/province.sql), with
# auto_explain logging the plan of every statement run in it (ANALYZE, JSON) to the cluster's log.
# Usage: tests/plan/setup.sh <cluster-dir> <port>   (as root or the user who made the cluster)
# Prints how long each step took. Idempotent: a database that holds the data set is kept.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
pg_dir=$1
port=$2
db=${PLAN_DB:-anquan_plan}
host=$root/$pg_dir/run
if [ "$(id -u)" = 0 ]; then su=postgres; else su=$(id -un); fi
owner_url="postgresql://anquan_owner@/$db?host=$host&port=$port"
psql_su() { psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$su" "$@"; }
t0=$(date +%s.%N)
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# A data set of an older generator (before the hazards) is made again in a new database.
stale=$(psql -X -At -d "$owner_url" -c "SELECT set_config('app.org_path','*',false)" \
  -c "SELECT EXISTS (SELECT 1 FROM orgs WHERE division_code = '220000')
            AND NOT EXISTS (SELECT 1 FROM workflow_events WHERE workflow = 'hazard'
                            AND record_id IN (SELECT md5('hazard' || g)::uuid FROM generate_series(0, 9) AS g))" 2>/dev/null |
  tail -n 1 || true)
if [ "$stale" = t ]; then
  echo "plan setup: the data set of $db predates the hazards; making it again"
  psql_su -d postgres -c "DROP DATABASE $db" >/dev/null
fi
psql_su -d postgres -At <<SQL
SELECT 'CREATE DATABASE $db OWNER anquan_owner ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$db') \gexec
SQL
psql_su -d "$db" -c 'REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE, CREATE ON SCHEMA public TO anquan_owner; GRANT USAGE ON SCHEMA public TO anquan_app;'
# Every session of the runtime role in this database logs each statement's plan as it ran: the
# server's prepared statements, with their real parameters, under its row-level security scope.
psql_su -d postgres <<SQL
ALTER ROLE anquan_app IN DATABASE $db SET session_preload_libraries = 'auto_explain';
ALTER ROLE anquan_app IN DATABASE $db SET auto_explain.log_min_duration = 0;
ALTER ROLE anquan_app IN DATABASE $db SET auto_explain.log_analyze = on;
ALTER ROLE anquan_app IN DATABASE $db SET auto_explain.log_buffers = on;
ALTER ROLE anquan_app IN DATABASE $db SET auto_explain.log_timing = off;
ALTER ROLE anquan_app IN DATABASE $db SET auto_explain.log_format = 'json';
ALTER ROLE anquan_app IN DATABASE $db SET auto_explain.log_level = 'log';
SQL
psql_su -d "$db" -c 'CREATE EXTENSION IF NOT EXISTS ltree; ALTER FUNCTION ltree_risparent(ltree, ltree) LEAKPROOF; ALTER FUNCTION ltree_isparent(ltree, ltree) LEAKPROOF; ALTER FUNCTION texticlike(text, text) LEAKPROOF;' >/dev/null
MIGRATE_DATABASE_URL=$owner_url deploy/migrate.sh >/dev/null
echo "plan setup: database $db migrated in $(since "$t0") s"
have=$(psql -X -At -d "$owner_url" -c "SELECT set_config('app.org_path','*',false)" \
  -c "SELECT count(*) FROM orgs WHERE division_code = '220000'" | tail -n 1)
if [ "$have" = 0 ]; then
  t1=$(date +%s.%N)
  # As the superuser: the bulk inserts then skip the foreign-key checks (province.sql says how).
  psql_su --single-transaction -d "$db" -f db/generate/province.sql >/dev/null
  echo "plan setup: province data set generated in $(since "$t1") s"
fi
# The province's reporting (its spring campaign and reports: tests/plan/reporting.test.mjs), also
# into a data set made before it.
have_reporting=$(psql -X -At -d "$owner_url" -c "SELECT set_config('app.org_path','*',false)" \
  -c "SELECT count(*) FROM campaigns WHERE id = md5('bench campaign')::uuid" | tail -n 1)
if [ "$have_reporting" = 0 ]; then
  psql_su --single-transaction -d "$db" -f db/generate/province-reporting.sql >/dev/null
  echo "plan setup: the province's reporting generated"
fi
echo "plan setup: ready in $(since "$t0") s"
