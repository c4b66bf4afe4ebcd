#!/usr/bin/env bash
# make bench: load scenarios against a running Anquan server, each compared
# with a PostgreSQL baseline measured in the same run on the same machine.
# See tests/bench/README.md for how to read the output.
#
# Usage: tests/bench/run.sh [SCENARIO...]     (no argument: all scenarios)
#        tests/bench/run.sh --list
# Environment (defaults in brackets):
#   ANQUAN_URL         server base URL, already running   [http://127.0.0.1:18080]
#   BENCH_PGHOST       PostgreSQL socket dir or host       [libpq default]
#   BENCH_PGPORT       PostgreSQL port                     [libpq default]
#   BENCH_PGDATABASE   application database                [anquan]
#   BENCH_PGUSER       runtime role                        [anquan_app]
#   BENCH_PGOWNER      owner role (creates anquan_bench)   [anquan_owner]
#   BENCH_PGSUPERUSER  fallback to create anquan_bench     [postgres]
#   BENCH_DURATION     seconds per scenario                [10]
#   BENCH_CONNECTIONS  wrk connections = pgbench clients   [32]
#   BENCH_THREADS      wrk threads = pgbench -j            [2]
#   BENCH_AUTH_HEADER  e.g. "Authorization: Bearer eyJ..." for scenarios that
#                      pass it (see wrk_scenario)          [unset]
#   BENCH_OUT_DIR      where results go                    [<repo>/var/bench]
#   SOAK_SERVER_PID    the server's pid: enables the soak scenario (it reads
#                      /proc/PID); SOAK_SECONDS (300, 0 skips it) and the other
#                      SOAK_* variables are described in soak.mjs
# Output: the table on stdout, also in $BENCH_OUT_DIR/last.txt (and last.tsv);
# raw wrk/pgbench output of each scenario in $BENCH_OUT_DIR/raw/.
# Exit status: 0 when every scenario ran without errors, 1 otherwise.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/../.." && pwd)"

ANQUAN_URL="${ANQUAN_URL:-http://127.0.0.1:18080}"
ANQUAN_URL="${ANQUAN_URL%/}"
BENCH_PGDATABASE="${BENCH_PGDATABASE:-anquan}"
BENCH_PGUSER="${BENCH_PGUSER:-anquan_app}"
BENCH_PGOWNER="${BENCH_PGOWNER:-anquan_owner}"
BENCH_PGSUPERUSER="${BENCH_PGSUPERUSER:-postgres}"
BENCH_DURATION="${BENCH_DURATION:-10}"
BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-32}"
BENCH_THREADS="${BENCH_THREADS:-2}"
BENCH_OUT_DIR="${BENCH_OUT_DIR:-$ROOT/var/bench}"
BENCH_DB=anquan_bench

PG_CONN=()
[ -n "${BENCH_PGHOST:-}" ] && PG_CONN+=(-h "$BENCH_PGHOST")
[ -n "${BENCH_PGPORT:-}" ] && PG_CONN+=(-p "$BENCH_PGPORT")

# ---------------------------------------------------------------------------
# Scenarios. To add one: a line in scenarios(), and if it has a baseline, a
# line in ratios(). Names are single words (no spaces).
# ---------------------------------------------------------------------------
scenarios() {
  # First, so that its start figure is a fresh server's: the memory soak (mixed load at a steady
  # rate; the server's VmRSS and open fds at start, after warm-up and at the end).
  soak_scenario    soak
  wrk_scenario     health          /api/v1/health
  wrk_scenario     ready           /api/v1/ready
  pgbench_scenario pgbench-S       builtin:select-only "$BENCH_DB" "$BENCH_PGOWNER"
  pgbench_scenario pgbench-ready   "$BENCH_DIR/ready.sql" "$BENCH_PGDATABASE" "$BENCH_PGUSER"
  # Identity: sign-ins against the argon2id bound (cores / seconds per hash, measured now),
  # and an authenticated read against an unauthenticated one and against its own SQL.
  if [ -n "${BENCH_LOGIN_BODY:-}" ]; then
    BENCH_WRK_METHOD=POST BENCH_WRK_BODY=$BENCH_LOGIN_BODY BENCH_WRK_CONNECTIONS=$((2 * $(nproc))) \
      wrk_scenario   login           /api/v1/auth/login "Content-Type: application/json"
  fi
  if [ -n "${BENCH_ARGON2_SECONDS:-}" ]; then
    computed_scenario argon2-bound  "$(awk -v s="$BENCH_ARGON2_SECONDS" -v c="$(nproc)" 'BEGIN { printf "%.1f", c / s }')"
  fi
  # The three databases at province scale: one county's institutions, 20 a page.
  if [ -n "${BENCH_INST_PATH:-}" ]; then
    wrk_scenario     institutions    "$BENCH_INST_PATH" "$BENCH_INST_AUTH"
    BENCH_PGBENCH_DEFINES=$BENCH_INST_DEFINES \
      pgbench_scenario pgbench-institutions "$BENCH_INST_SQL" "$BENCH_PGDATABASE" "$BENCH_PGUSER"
  fi
  if [ -n "${BENCH_AUTH_HEADER:-}" ] && [ -n "${BENCH_ORG_ID:-}" ]; then
    wrk_scenario     org-get         "/api/v1/orgs/$BENCH_ORG_ID" "$BENCH_AUTH_HEADER"
    BENCH_PGBENCH_DEFINES="org='$BENCH_ORG_ID' scope='$BENCH_ORG_SCOPE'" \
      pgbench_scenario pgbench-org-get "$BENCH_DIR/org-get.sql" "$BENCH_PGDATABASE" "$BENCH_PGUSER"
  fi
}

ratios() {
  ratio "ready API / pgbench(ready SQL)"    ready     pgbench-ready
  ratio "health / ready"                    health    ready
  ratio "pgbench -S / pgbench(ready SQL)"   pgbench-S pgbench-ready
  ratio "sign-ins / argon2id bound"         login     argon2-bound
  ratio "org-get (auth) / ready (no auth)"  org-get   ready
  ratio "org-get API / pgbench(org-get SQL)" org-get  pgbench-org-get
  ratio "institutions API / pgbench(same SQL)" institutions pgbench-institutions
}

# computed_scenario NAME RPS: a figure derived in this run (no load of its own).
computed_scenario() {
  wanted "$1" || return 0
  if [ "$LISTING" = 1 ]; then echo "$1"; return 0; fi
  record "$1" computed "$2" 0 0 0
}

# soak_scenario NAME: tests/bench/soak.mjs against the server whose pid is SOAK_SERVER_PID, for
# SOAK_SECONDS. Its requests/s, latencies and errors go in the table like any scenario; its
# memory figures are printed below the table (soak_report). A growth after warm-up over the
# bounds (SOAK_MAX_GROWTH_KB of VmRSS; any file fd; sockets beyond the number of clients) fails
# the run.
SOAK_LINES=()
soak_scenario() {
  local name=$1
  if [ "$LISTING" = 1 ]; then echo "$name  (node soak.mjs: mixed load, server VmRSS and fds)"; return 0; fi
  wanted "$name" || return 0
  if [ -z "${SOAK_SERVER_PID:-}" ] || [ "${SOAK_SECONDS:-300}" = 0 ]; then
    log "$name: skipped (needs SOAK_SERVER_PID, and SOAK_SECONDS > 0)"
    return 0
  fi
  command -v node >/dev/null 2>&1 || { record_failure "$name" node "missing node"; return 0; }
  local raw="$BENCH_OUT_DIR/raw/$name.txt"
  log "$name: ${SOAK_SECONDS:-300}s of mixed load, ${SOAK_CONCURRENCY:-8} clients, ${SOAK_RATE:-20} requests/s (server pid $SOAK_SERVER_PID)"
  SOAK_SAMPLES="$BENCH_OUT_DIR/raw/$name-samples.tsv" node "$BENCH_DIR/soak.mjs" >"$raw" 2>&1 || true
  local line verdict
  line="$(grep '^BENCH_RESULT ' "$raw" | tail -n 1)"
  verdict="$(grep '^SOAK_VERDICT ' "$raw" | tail -n 1)"
  if [ -z "$line" ] || [ -z "$verdict" ]; then
    record_failure "$name" node "the soak did not finish (see $raw)"
    return 0
  fi
  record "$name" node "$(field "$line" rps)" "$(field "$line" p50_ms)" "$(field "$line" p99_ms)" \
    "$(( $(field "$line" status_errors) + $(field "$line" socket_errors) ))"
  mapfile -t SOAK_LINES < <(grep '^SOAK_MEM \|^SOAK_VERDICT ' "$raw")
  if [ "$(awk '{ print $2 }' <<<"$verdict")" != ok ]; then FAILED=1; fi
}

# The soak's memory figures: VmRSS and open fds at start, after warm-up and at the end.
soak_report() {
  [ "${#SOAK_LINES[@]}" -gt 0 ] || return 0
  echo "soak (server VmRSS and open file descriptors, from /proc/PID):"
  local l
  for l in "${SOAK_LINES[@]}"; do
    case "$l" in
      SOAK_MEM*)
        printf '  %-8s t=%4ss  VmRSS %8.1f MB  fds %4s (sockets %s)\n' "$(field "$l" phase)" "$(field "$l" t_s)" \
          "$(awk -v k="$(field "$l" rss_kb)" 'BEGIN { print k / 1024 }')" "$(field "$l" fds)" "$(field "$l" sockets)" ;;
      SOAK_VERDICT*)
        printf '  after warm-up: VmRSS %+.1f MB (bound < %.1f MB), fds %+d (files %+d), %s requests in %ss: %s\n' \
          "$(awk -v k="$(field "$l" rss_growth_kb)" 'BEGIN { print k / 1024 }')" \
          "$(awk -v k="$(field "$l" max_kb)" 'BEGIN { print k / 1024 }')" "$(field "$l" fd_growth)" \
          "$(field "$l" file_fd_growth)" \
          "$(field "$l" after_warmup_requests)" "$(field "$l" after_warmup_s)" \
          "$(awk '{ print $2 }' <<<"$l")" ;;
    esac
  done
}

# ---------------------------------------------------------------------------
# Machinery
# ---------------------------------------------------------------------------
declare -a ORDER=()
declare -A RPS=() P50=() P99=() ERRS=() KIND=()
FAILED=0
WANT=()
LISTING=0

log() { printf 'bench: %s\n' "$*" >&2; }

wanted() {   # wanted NAME -> true when no filter was given or NAME is in it
  [ "${#WANT[@]}" -eq 0 ] && return 0
  local w
  for w in "${WANT[@]}"; do [ "$w" = "$1" ] && return 0; done
  return 1
}

record() {   # record NAME KIND RPS P50 P99 ERRORS
  ORDER+=("$1"); KIND[$1]=$2; RPS[$1]=$3; P50[$1]=$4; P99[$1]=$5; ERRS[$1]=$6
  if [ "$6" != 0 ]; then FAILED=1; fi
}

record_failure() {   # record_failure NAME KIND REASON
  log "$1: $3"
  ORDER+=("$1"); KIND[$1]=$2; RPS[$1]=-; P50[$1]=-; P99[$1]=-; ERRS[$1]="failed"
  FAILED=1
}

# wrk_scenario NAME PATH [HEADER...]
#   GET $ANQUAN_URL$PATH with wrk; each HEADER ("Name: value") goes to wrk -H,
#   empty ones are skipped (so "$BENCH_AUTH_HEADER" may be passed unset).
#   BENCH_WRK_METHOD / BENCH_WRK_BODY in the environment of the call make it a
#   POST etc., e.g.  BENCH_WRK_METHOD=POST BENCH_WRK_BODY='{}' wrk_scenario ...
wrk_scenario() {
  local name=$1 path=$2; shift 2
  if [ "$LISTING" = 1 ]; then echo "$name  (wrk GET $path)"; return 0; fi
  wanted "$name" || return 0
  local args=() h
  for h in "$@"; do [ -n "$h" ] && args+=(-H "$h"); done
  local raw="$BENCH_OUT_DIR/raw/$name.txt" url="$ANQUAN_URL$path"

  local code
  local cargs=()
  [ -n "${BENCH_WRK_METHOD:-}" ] && cargs+=(-X "$BENCH_WRK_METHOD")
  [ -n "${BENCH_WRK_BODY:-}" ] && cargs+=(--data-binary "$BENCH_WRK_BODY")
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 ${cargs[@]+"${cargs[@]}"} ${args[@]+"${args[@]}"} "$url" || true)"
  if [ "${code:0:1}" != 2 ]; then
    record_failure "$name" wrk "${BENCH_WRK_METHOD:-GET} $url answered ${code:-nothing} before the run"
    return 0
  fi

  # BENCH_WRK_CONNECTIONS in the call's environment overrides the connection count (sign-ins
  # take tens of milliseconds each: 32 connections would only measure wrk's time-outs).
  local conns=${BENCH_WRK_CONNECTIONS:-$BENCH_CONNECTIONS}
  log "$name: wrk -c$conns -t$BENCH_THREADS -d${BENCH_DURATION}s $url"
  if ! wrk --latency -c "$conns" -t "$BENCH_THREADS" -d "${BENCH_DURATION}s" \
         -s "$BENCH_DIR/latency.lua" ${args[@]+"${args[@]}"} "$url" >"$raw" 2>&1; then
    record_failure "$name" wrk "wrk failed (see $raw)"
    return 0
  fi
  local line
  line="$(grep '^BENCH_RESULT ' "$raw" | tail -n 1)"
  if [ -z "$line" ]; then
    record_failure "$name" wrk "no BENCH_RESULT line (see $raw)"
    return 0
  fi
  local rps p50 p99 serr kerr
  rps="$(field "$line" rps)"; p50="$(field "$line" p50_ms)"; p99="$(field "$line" p99_ms)"
  serr="$(field "$line" status_errors)"; kerr="$(field "$line" socket_errors)"
  record "$name" wrk "$rps" "$p50" "$p99" "$((serr + kerr))"
}

field() {   # field "k=v k2=v2" KEY
  local kv
  for kv in $1; do
    if [ "${kv%%=*}" = "$2" ]; then printf '%s' "${kv#*=}"; return 0; fi
  done
  printf '0'
}

ensure_bench_db() {   # the pgbench -i tables live in their own database
  if ! psql "${PG_CONN[@]}" -X -q -U "$BENCH_PGOWNER" -d "$BENCH_DB" -Atc 'SELECT 1' >/dev/null 2>&1; then
    log "creating database $BENCH_DB (owner $BENCH_PGOWNER)"
    createdb "${PG_CONN[@]}" -U "$BENCH_PGOWNER" "$BENCH_DB" 2>/dev/null \
      || createdb "${PG_CONN[@]}" -U "$BENCH_PGSUPERUSER" -O "$BENCH_PGOWNER" "$BENCH_DB" \
      || return 1
  fi
  local have
  have="$(psql "${PG_CONN[@]}" -X -q -U "$BENCH_PGOWNER" -d "$BENCH_DB" -Atc \
            "SELECT to_regclass('public.pgbench_accounts') IS NOT NULL" 2>/dev/null || true)"
  if [ "$have" != t ]; then
    log "pgbench -i -s 1 into $BENCH_DB"
    pgbench "${PG_CONN[@]}" -U "$BENCH_PGOWNER" -i -s 1 -q "$BENCH_DB" >"$BENCH_OUT_DIR/raw/pgbench-init.txt" 2>&1 \
      || return 1
  fi
}

# pgbench_scenario NAME SQLFILE|builtin:NAME DB USER
#   pgbench with the same clients/threads/duration as wrk; tps from pgbench's
#   summary, p50/p99 from its per-transaction log.
pgbench_scenario() {
  local name=$1 script=$2 db=$3 user=$4
  if [ "$LISTING" = 1 ]; then echo "$name  (pgbench $script on $db as $user)"; return 0; fi
  wanted "$name" || return 0
  local raw="$BENCH_OUT_DIR/raw/$name.txt" sargs=()
  case "$script" in
    builtin:*) sargs=(-b "${script#builtin:}") ;;
    *)         sargs=(-f "$script") ;;
  esac
  if [ "$db" = "$BENCH_DB" ] && ! ensure_bench_db; then
    record_failure "$name" pgbench "cannot prepare database $BENCH_DB"
    return 0
  fi

  local logdir
  logdir="$(mktemp -d "${TMPDIR:-/tmp}/anquan-bench.XXXXXX")"
  # BENCH_PGBENCH_DEFINES="a=1 b='x'" in the call's environment: pgbench -D for each word.
  local d
  for d in ${BENCH_PGBENCH_DEFINES:-}; do sargs+=(-D "$d"); done
  log "$name: pgbench -c$BENCH_CONNECTIONS -j$BENCH_THREADS -T$BENCH_DURATION ${sargs[*]} $db as $user"
  if ! pgbench "${PG_CONN[@]}" -U "$user" -n -c "$BENCH_CONNECTIONS" -j "$BENCH_THREADS" \
         -T "$BENCH_DURATION" "${sargs[@]}" -l --log-prefix="$logdir/tx" "$db" >"$raw" 2>&1; then
    rm -rf "$logdir"
    record_failure "$name" pgbench "pgbench failed (see $raw)"
    return 0
  fi
  local tps failed pct
  tps="$(awk '/^tps = / { print $3; exit }' "$raw")"
  failed="$(awk '/^number of failed transactions:/ { print $5; exit }' "$raw")"
  # Log line: client_id transaction_no time(us) script_no epoch epoch_us
  pct="$(cat "$logdir"/tx.* | awk '{ print $3 }' | sort -n | awk '
      { v[NR] = $1 }
      END {
        if (NR == 0) { print "0 0"; exit }
        i50 = int(NR * 0.50 + 0.999999); i99 = int(NR * 0.99 + 0.999999)
        printf "%.3f %.3f\n", v[i50] / 1000, v[i99] / 1000
      }')"
  rm -rf "$logdir"
  record "$name" pgbench "${tps:-0}" "${pct% *}" "${pct#* }" "${failed:-0}"
}

ratio() {   # ratio LABEL A B  -> RPS[A] / RPS[B]
  local label=$1 a=$2 b=$3
  [ -n "${RPS[$a]:-}" ] && [ -n "${RPS[$b]:-}" ] || return 0
  awk -v l="$label" -v a="${RPS[$a]}" -v b="${RPS[$b]}" 'BEGIN {
      if (a == "-" || b == "-" || b + 0 == 0) printf "  %-36s %8s\n", l, "n/a"
      else printf "  %-36s %8.2f\n", l, a / b }'
}

report() {
  printf '# Anquan bench  %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '# host %s, %s CPUs; url %s; %ss per scenario, %s connections, %s threads\n' \
    "$(uname -n)" "$(nproc 2>/dev/null || echo '?')" "$ANQUAN_URL" \
    "$BENCH_DURATION" "$BENCH_CONNECTIONS" "$BENCH_THREADS"
  printf '%-20s %-8s %12s %10s %10s %8s\n' scenario tool "requests/s" "p50 ms" "p99 ms" errors
  local n
  for n in "${ORDER[@]}"; do
    awk -v n="$n" -v k="${KIND[$n]}" -v r="${RPS[$n]}" -v p5="${P50[$n]}" -v p9="${P99[$n]}" -v e="${ERRS[$n]}" \
      'BEGIN {
         if (r == "-") printf "%-20s %-8s %12s %10s %10s %8s\n", n, k, "-", "-", "-", e
         else printf "%-20s %-8s %12.1f %10.3f %10.3f %8s\n", n, k, r, p5, p9, e }'
  done
  echo "ratios (requests/s; same run, same machine):"
  ratios
  soak_report
}

write_tsv() {
  printf 'scenario\ttool\trps\tp50_ms\tp99_ms\terrors\n'
  local n
  for n in "${ORDER[@]}"; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "${KIND[$n]}" "${RPS[$n]}" "${P50[$n]}" "${P99[$n]}" "${ERRS[$n]}"
  done
}

main() {
  if [ "${1:-}" = "--list" ]; then LISTING=1; scenarios; return 0; fi
  if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; return 0
  fi
  WANT=("$@")
  local tool
  for tool in wrk pgbench psql createdb curl awk; do
    command -v "$tool" >/dev/null 2>&1 || { log "missing $tool (run deploy/install-deps.sh)"; return 2; }
  done
  if [ "$BENCH_CONNECTIONS" -lt "$BENCH_THREADS" ]; then
    log "BENCH_CONNECTIONS must be >= BENCH_THREADS"; return 2
  fi
  mkdir -p "$BENCH_OUT_DIR/raw"

  scenarios
  local w known
  for w in "${WANT[@]+"${WANT[@]}"}"; do
    known="$(LISTING=1 scenarios | awk -v w="$w" '$1 == w { print "y" }')"
    [ -n "$known" ] || log "unknown scenario: $w (see --list)"
  done
  if [ "${#ORDER[@]}" -eq 0 ]; then log "no scenario ran"; return 2; fi

  report | tee "$BENCH_OUT_DIR/last.txt.tmp"
  mv "$BENCH_OUT_DIR/last.txt.tmp" "$BENCH_OUT_DIR/last.txt"
  write_tsv >"$BENCH_OUT_DIR/last.tsv"
  log "results in ${BENCH_OUT_DIR#"$ROOT"/}/last.txt"
  return "$FAILED"
}

main "$@"
