#!/usr/bin/env bash
# Runs every test suite against a throwaway PostgreSQL cluster and a real server, prints one line
# per suite and a total "N passed, N failed", and exits non-zero on any failure.
# Called by `make test` with TEST_PG_DIR, TEST_PG_PORT and TEST_PORT set.
set -uo pipefail

cd "$(dirname "$0")/.."
root=$PWD
pg_dir=${TEST_PG_DIR:-var/test/pg}
pg_port=${TEST_PG_PORT:-54339}
port=${TEST_PORT:-18080}
out=var/test
results=()
total_pass=0
total_fail=0

record() { # suite passed failed
  results+=("$(printf '%-8s %d passed, %d failed' "$1:" "$2" "$3")")
  total_pass=$((total_pass + $2))
  total_fail=$((total_fail + $3))
}

# node's test runner writes TAP to a file beside the readable output; its summary holds the counts.
run_node_suite() { # name dir
  local name=$1 dir=$2 tap="$out/$1.tap" p f files
  echo "== $name tests"
  # Every *.test.mjs under dir (one folder per part, as api/ is), in order; files named zz-*
  # (a database restart) run last.
  mapfile -t files < <(find "$dir" -name '*.test.mjs' -not -path '*/node_modules/*' |
    awk -F/ '{print ($NF ~ /^zz-/ ? 1 : 0) "\t" $0}' | sort | cut -f2)
  node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
       --test-reporter=tap --test-reporter-destination="$tap" "${files[@]}"
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
  # A runner that crashed before its summary counts as one failure.
  record "$name" "${p:-0}" "${f:-1}"
}

# --- a fresh cluster -------------------------------------------------------------------------
deploy/pg.sh drop "$pg_dir" "$pg_port" >/dev/null 2>&1 || true
rm -rf "$out"
mkdir -p "$out" var/artifacts/screenshots
deploy/pg.sh init "$pg_dir" "$pg_port" fast || { echo "cannot create the test cluster"; exit 1; }
owner_url="postgresql://anquan_owner@/anquan?host=$root/$pg_dir/run&port=$pg_port"
app_url="postgresql://anquan_app@/anquan?host=$root/$pg_dir/run&port=$pg_port"
MIGRATE_DATABASE_URL=$owner_url deploy/migrate.sh || exit 1
MIGRATE_DATABASE_URL=$owner_url deploy/seed.sh || exit 1

# --- the local cluster script (durable make run cluster, private clones) ---------------------
ANQUAN_TEST_PG_PORT=$pg_port run_node_suite deploy tests/deploy

# --- unit ------------------------------------------------------------------------------------
echo "== unit tests (ASan, UBSan)"
# ANQUAN_TEST_DATABASE_URL: the pool's own group (tests/unit/core/test_db.c) runs against this cluster.
unit_line=$(ANQUAN_TEST_DATABASE_URL=$app_url build/unit-tests | tee /dev/stderr | tail -n 1)
up=$(sed -n 's/^unit: \([0-9]*\) passed.*/\1/p' <<<"$unit_line")
uf=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$unit_line")
record unit "${up:-0}" "${uf:-1}"

# --- fuzz smoke: each libFuzzer target for a few seconds on its seeds (make fuzz runs longer) --
echo "== fuzz smoke (libFuzzer, ASan, UBSan; ${FUZZ_SMOKE_SECONDS:-8} s per target)"
rm -rf var/fuzz/smoke
fuzz_line=$(FUZZ_SECONDS=${FUZZ_SMOKE_SECONDS:-8} FUZZ_DIR=var/fuzz/smoke tests/fuzz/run.sh \
  | tee /dev/stderr | tail -n 1)
fp=$(sed -n 's/^fuzz: \([0-9]*\) passed.*/\1/p' <<<"$fuzz_line")
ff=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$fuzz_line")
record fuzz "${fp:-0}" "${ff:-1}"

# --- OpenAPI lint ----------------------------------------------------------------------------
# --- C formatting: every C file as clang-format (.clang-format) writes it ---------------------
echo "== format (clang-format)"
if clang-format --dry-run --Werror api/*/*.c api/*/*.h tests/unit/*.c tests/unit/*/*.c tests/unit/*.h tests/fuzz/*.c \
     >"$out/format.log" 2>&1; then
  record format 1 0
else
  head -n 40 "$out/format.log"; echo "(make format rewrites them)"; record format 0 1
fi

echo "== openapi lint"
if npx --no-install redocly lint openapi/openapi.yaml >"$out/lint.log" 2>&1; then
  record lint 1 0
else
  cat "$out/lint.log"; record lint 0 1
fi

# --- the SPA's own checks: types (tsc over web/js, tsconfig.json) and the message catalogues ---
echo "== types (tsc --noEmit)"
if npx --no-install tsc --noEmit -p tsconfig.json >"$out/tsc.log" 2>&1; then
  record types 1 0
else
  cat "$out/tsc.log"; record types 0 1
fi
run_node_suite web tests/web

# --- the server (ASan build) -----------------------------------------------------------------
export ANQUAN_URL="http://127.0.0.1:$port"
export ANQUAN_TEST_DATABASE_URL=$owner_url ANQUAN_TEST_APP_DATABASE_URL=$app_url
export ANQUAN_TEST_PG_DIR=$pg_dir ANQUAN_TEST_PG_PORT=$pg_port
export ANQUAN_ACCESS_LOG_FILE=$out/access.log
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=66
# The background sweeps run every 2 s here, so that tests/api/sweep.test.mjs sees them.
export ANQUAN_SWEEP_SECONDS=2
# Tests may stand at a chosen instant: X-Anquan-Now sets app_now() for a request.
export ANQUAN_TEST_CLOCK=1
ANQUAN_LISTEN=127.0.0.1:$port DATABASE_URL=$app_url ANQUAN_ACCESS_LOG=$out/access.log \
  build/anquan-api-asan >"$out/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fs "$ANQUAN_URL/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done

run_node_suite api tests/api
# The plan suite's province data set (tests/plan/setup.sh, over two minutes of one core) is made
# in its own database while the browser tests run: they mostly wait on the browser, and the api
# suite's database restart (zz-*) is over by now.
tests/plan/setup.sh "$pg_dir" "$pg_port" >"$out/plan-setup.log" 2>&1 &
plan_setup=$!
run_node_suite e2e tests/e2e

# --- plans: every list's plan at the province data set, in its own database (tests/plan/run.sh) --
echo "== plan tests (province data set)"
wait "$plan_setup"; plan_setup_code=$?
cat "$out/plan-setup.log"
[ "$plan_setup_code" = 0 ] || echo "plan: the setup beside e2e failed ($plan_setup_code); run.sh tries again"
# run.sh runs setup.sh again: it keeps a database that holds the data set, so that is quick.
PLAN_TAP=$out/plan.tap tests/plan/run.sh "$pg_dir" "$pg_port" $((port + 1))
pp=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$out/plan.tap" 2>/dev/null | tail -n 1)
pf=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$out/plan.tap" 2>/dev/null | tail -n 1)
record plan "${pp:-0}" "${pf:-1}"

# --- graceful shutdown: SIGTERM, a clean exit, no sanitizer report ---------------------------
echo "== server shutdown"
kill -TERM "$server" 2>/dev/null
wait "$server"; code=$?
if [ "$code" = 0 ] && ! grep -q 'ERROR: AddressSanitizer\|runtime error:\|ERROR: LeakSanitizer' "$out/server.log"; then
  record server 1 0
else
  echo "server exit code $code; see $out/server.log"; tail -n 40 "$out/server.log"
  record server 0 1
fi
# The worker stack's margin: after every suite (deep JSON included), under ASan's larger frames,
# the deepest use must stay under half of CivetWeb's fixed worker stack.
stack_line=$(grep -o 'worker stack: deepest use [0-9]* of [0-9]* bytes' "$out/server.log" | tail -n 1)
echo "== $stack_line"
read -r used size < <(sed -n 's/.*deepest use \([0-9]*\) of \([0-9]*\) bytes/\1 \2/p' <<<"$stack_line")
if [ -n "${used:-}" ] && [ "${size:-0}" -gt 0 ] && [ "$used" -gt 0 ] && [ $((used * 2)) -lt "$size" ]; then
  record stack 1 0
else
  echo "worker stack margin too small or not measured: ${stack_line:-no line}"
  record stack 0 1
fi
# A green run leaves no cluster behind (a clone's may live under /var/lib/anquan); a failed one
# keeps it, stopped, to be looked at.
if [ "$total_fail" = 0 ]; then
  deploy/pg.sh drop "$pg_dir" "$pg_port" >/dev/null 2>&1 || true
else
  deploy/pg.sh stop "$pg_dir" "$pg_port" >/dev/null 2>&1 || true
fi

# What failed, at the end where a short tail of the output still shows it: each failed node test
# (todo ones aside) with the first lines of its diagnostics, each line cut short.
for tap in "$out"/*.tap; do
  [ -f "$tap" ] || continue
  awk -v suite="$(basename "$tap" .tap)" '
    /^ *not ok / && !/# TODO/ { print "FAILED " suite ": " substr($0, 1, 200); on = 1; err = 0; n = 0; next }
    !on { next }
    /^ *\.\.\.$/ { on = 0; next }
    /^ *location:/ { l = $0; sub(/^ +/, "", l); print "  " substr(l, 1, 200); next }
    /^ *error:/ { err = 1; match($0, /^ */); ind = RLENGTH; next }
    err && NF { match($0, /^ */); if (RLENGTH <= ind) err = 0 }
    err && NF && n < 5 { l = $0; sub(/^ +/, "", l); print "    " substr(l, 1, 200); n++ }
' "$tap"
done

echo
printf '%s\n' "${results[@]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
