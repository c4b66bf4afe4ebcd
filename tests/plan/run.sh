#!/usr/bin/env bash
# The plan suite: the province data set in its own database of a running cluster
# (tests/plan/setup.sh), the server (build/anquan-api) against it on its own port with one pooled
# connection, then node's test runner over tests/plan/*.test.mjs; TAP goes to $PLAN_TAP.
# Usage: tests/plan/run.sh <cluster-dir> <pg-port> <http-port>   (tests/run-all.sh calls it)
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
pg_dir=$1
pg_port=$2
port=$3
db=${PLAN_DB:-anquan_plan}
out=${PLAN_OUT:-var/test}
mkdir -p "$out"
tap=${PLAN_TAP:-$out/plan.tap}

tests/plan/setup.sh "$pg_dir" "$pg_port" || { echo "plan: setup failed"; exit 1; }
host=$root/$pg_dir/run
app_url="postgresql://anquan_app@/$db?host=$host&port=$pg_port"
ANQUAN_LISTEN=127.0.0.1:$port DATABASE_URL=$app_url ANQUAN_POOL_SIZE=1 ANQUAN_SWEEP_SECONDS=3600 \
  ANQUAN_ACCESS_LOG=$out/plan-access.log build/anquan-api >"$out/plan-server.log" 2>&1 &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/api/v1/ready" >/dev/null 2>&1 && break
  sleep 0.1
done
PLAN_URL=http://127.0.0.1:$port PLAN_PG_LOG=$pg_dir/server.log \
PLAN_OWNER_URL="postgresql://anquan_owner@/$db?host=$host&port=$pg_port" \
  node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
       --test-reporter=tap --test-reporter-destination="$tap" tests/plan/*.test.mjs
