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
#   BENCH_ROUNDS       rounds of every scenario            [3]
#   BENCH_ROUND_SECONDS seconds of each round               [4]
#                      (the soak runs once, for SOAK_SECONDS; see "Rounds" below)
#   BENCH_CONNECTIONS  wrk connections = pgbench clients   [32]
#   BENCH_THREADS      wrk threads = pgbench -j            [2]
#   BENCH_AUTH_HEADER  e.g. "Authorization: Bearer eyJ..." for scenarios that
#                      pass it (see wrk_scenario)          [unset]
#   BENCH_OUT_DIR      where results go                    [<repo>/var/bench]
#   SOAK_SERVER_PID    the server's pid: enables the soak scenario (it reads
#                      /proc/PID); SOAK_SECONDS (300, 0 skips it) and the other
#                      SOAK_* variables are described in soak.mjs
#   BENCH_SERVER_PID   the Anquan server's pid, for its CPU per request
#                      [SOAK_SERVER_PID; unset: the server column shows -]
#   BENCH_PG_PID       the postmaster's pid, for PostgreSQL's CPU per request
#                      [found through a backend's parent; - when not local]
#   BENCH_HOOKS        files sourced at the end of scenarios(), each adding
#                      scenarios with the functions below (see README.md)
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
BENCH_ROUNDS="${BENCH_ROUNDS:-3}"
BENCH_ROUND_SECONDS="${BENCH_ROUND_SECONDS:-4}"
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
  if [ -n "${BENCH_AUTH_HEADER:-}" ] && [ -n "${BENCH_ORG_ID:-}" ]; then
    wrk_scenario     org-get         "/api/v1/orgs/$BENCH_ORG_ID" "$BENCH_AUTH_HEADER"
    BENCH_PGBENCH_MODE=prepared BENCH_PGBENCH_DEFINES="org=$BENCH_ORG_ID scope=$BENCH_ORG_SCOPE" \
      pgbench_scenario pgbench-org-get "$BENCH_ORG_GET_SQL" "$BENCH_PGDATABASE" "$BENCH_PGUSER"
  fi

  # More scenarios from other files (the list benchmarks at province scale): each is sourced
  # here and calls the same functions (wrk_scenario, pgbench_scenario, baseline, add_ratio).
  local hook
  for hook in ${BENCH_HOOKS:-}; do
    # shellcheck source=/dev/null
    . "$hook"
  done
}

# Each scenario's baseline: the figure its requests/s is divided by in its row of the table, and
# the least that ratio should be (issue 8's targets), if any.
baselines() {
  baseline ready        pgbench-ready 0.8
  baseline org-get      pgbench-S     0.4
  baseline login        argon2-bound
}

ratios() {
  ratio "ready API / pgbench(ready SQL)"    ready     pgbench-ready 0.8
  ratio "health / ready"                    health    ready
  ratio "pgbench -S / pgbench(ready SQL)"   pgbench-S pgbench-ready
  ratio "sign-ins / argon2id bound"         login     argon2-bound
  ratio "org-get (auth) / ready (no auth)"  org-get   ready
  ratio "org-get API / pgbench -S"          org-get   pgbench-S 0.4
  ratio "org-get API / pgbench(org-get SQL)" org-get  pgbench-org-get
  local r
  for r in "${EXTRA_RATIOS[@]+"${EXTRA_RATIOS[@]}"}"; do
    eval "ratio $r"
  done
}

# baseline NAME BASE [TARGET]: NAME's row shows RPS[NAME] / RPS[BASE] (and whether it reaches
# TARGET). Hooks may call it next to their scenario lines.
declare -A BASE=() TARGET=()
baseline() { BASE[$1]=$2; TARGET[$1]=${3:-}; }

# add_ratio LABEL A B [TARGET]: one more line under "ratios" (for hooks).
EXTRA_RATIOS=()
add_ratio() {
  [ "$LISTING" = 1 ] && return 0
  local q="" w
  for w in "$@"; do q+=" $(printf '%q' "$w")"; done
  EXTRA_RATIOS+=("$q")
}

# computed_scenario NAME RPS: a figure derived in this run (no load of its own).
computed_scenario() {
  wanted "$1" || return 0
  if [ "$LISTING" = 1 ]; then echo "$1"; return 0; fi
  [ "$ROUND" = 1 ] || return 0
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
  wanted "$name" && [ "$ROUND" = 1 ] || return 0
  if [ -z "${SOAK_SERVER_PID:-}" ] || [ "${SOAK_SECONDS:-300}" = 0 ]; then
    log "$name: skipped (needs SOAK_SERVER_PID, and SOAK_SECONDS > 0)"
    return 0
  fi
  command -v node >/dev/null 2>&1 || { record_failure "$name" node "missing node"; return 0; }
  local raw="$BENCH_OUT_DIR/raw/$name.txt"
  log "$name: ${SOAK_SECONDS:-300}s of mixed load, ${SOAK_CONCURRENCY:-8} clients, ${SOAK_RATE:-20} requests/s (server pid $SOAK_SERVER_PID)"
  cpu_start
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
  cpu_stop "$name" "$(field "$line" requests)" server
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
# Rounds. Every wrk and pgbench scenario runs BENCH_ROUNDS times, for BENCH_ROUND_SECONDS each,
# the rounds taken in turn over the whole list (round 1 of every scenario, then round 2, ...):
# a minute in which this VM's host is slow (no steal time shows here: a busy neighbour shows as
# CPU per request up to twice the usual, in the server and in PostgreSQL at once) so lands in one
# round of several scenarios, and not in the whole of one scenario while its baseline ran in a
# quiet one. A scenario's requests/s, p50 and p99 are its median round's (R_* hold every
# round's, printed under the table); its CPU per request is over all its rounds.
declare -a ORDER=()
declare -A RPS=() P50=() P99=() ERRS=() KIND=() SCPU=() PCPU=() CCPU=()
declare -A R_RPS=() R_P50=() R_P99=() T_S=() T_P=() T_C=() T_N=() FAILS=()
ROUND=1

# CPU per request. Around each load the script reads the CPU time (user + system, from
# /proc/PID/stat) of the Anquan server, of PostgreSQL (the postmaster, the children it has
# reaped, and every live child: backends, checkpointer, WAL writer, autovacuum) and of the
# load tool (wrk, pgbench, node: this shell's waited-for children, bash's `times`), and
# divides each by the requests (transactions) the tool completed.
CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"
PG_PID=""
SERVER_PID="${BENCH_SERVER_PID:-${SOAK_SERVER_PID:-}}"

find_pg_pid() {   # BENCH_PG_PID, or the first line of the socket's lock file (a local cluster)
  if [ -n "${BENCH_PG_PID:-}" ]; then PG_PID=$BENCH_PG_PID; return 0; fi
  local lock="${BENCH_PGHOST:-/var/run/postgresql}/.s.PGSQL.${BENCH_PGPORT:-5432}.lock"
  [ -r "$lock" ] && PG_PID="$(head -n 1 "$lock")"
  return 0
}

proc_ticks() {   # proc_ticks PID: utime + stime (clock ticks), empty when PID is not running
  [ -n "$1" ] && [ -r "/proc/$1/stat" ] || return 0
  { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null || true; } | awk '{ print $12 + $13 }'
}

pg_ticks() {   # the postmaster with its reaped children, plus its live children
  [ -n "$PG_PID" ] && [ -r "/proc/$PG_PID/stat" ] || return 0
  # (processes come and go while the files are read: cat's complaints are not errors here)
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$PG_PID" '
    { pid = $1; s = $0; sub(/^.*\) /, "", s); split(s, f, " ")
      # after "pid (comm) ": f[1] state, f[2] ppid, f[12] utime, f[13] stime, f[14] cutime, f[15] cstime
      if (pid == pm) t += f[12] + f[13] + f[14] + f[15]
      else if (f[2] == pm) t += f[12] + f[13] }
    END { print t + 0 }'
}

CT=""
client_ticks() {   # CT: this shell's waited-for children, user + system, in ticks
  # `times` in this shell: a pipe or $(...) would ask a subshell, which has no children yet
  times >"$BENCH_OUT_DIR/raw/.times"
  CT="$(awk -v hz="$CLK_TCK" 'NR == 2 {
      t = 0
      for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60 + a[2] }
      printf "%d\n", t * hz + 0.5 }' "$BENCH_OUT_DIR/raw/.times")"
}

CPU0_S="" CPU0_P="" CPU0_C=""
cpu_start() { CPU0_S="$(proc_ticks "$SERVER_PID")"; CPU0_P="$(pg_ticks)"; client_ticks; CPU0_C=$CT; }

# cpu_stop NAME REQUESTS [server]: CPU ms per request of the server (only with "server": the
# scenarios that load it), PostgreSQL and the load tool, into SCPU/PCPU/CCPU.
cpu_stop() {
  local name=$1 n=$2 with_server=${3:-} s1 p1 c1
  # Backends of a pgbench run exit just after it: let the postmaster reap them.
  sleep 0.3
  s1="$(proc_ticks "$SERVER_PID")"; p1="$(pg_ticks)"; client_ticks; c1=$CT
  # ticks added up over the rounds ("-" once one could not be read), and the requests
  add() { if [ -z "$2" ] || [ -z "$3" ] || [ "$1" = - ]; then echo -; else echo $(( $1 + $3 - $2 )); fi; }
  if [ "$with_server" = server ]; then T_S[$name]="$(add "${T_S[$name]:-0}" "$CPU0_S" "$s1")"; else T_S[$name]=-; fi
  T_P[$name]="$(add "${T_P[$name]:-0}" "$CPU0_P" "$p1")"
  T_C[$name]="$(add "${T_C[$name]:-0}" "$CPU0_C" "$c1")"
  T_N[$name]=$(( ${T_N[$name]:-0} + ${n:-0} ))
}

# finish: each scenario's figures from its rounds (the medians; CPU ms per request over all).
finish() {
  local n
  med() { tr ' ' '\n' <<<"$1" | awk 'NF' | sort -g | awk '{ v[NR] = $1 }
      END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  per() { awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN {
      if (t == "-" || t == "" || n + 0 <= 0) print "-"; else printf "%.3f", t * 1000 / hz / n }'; }
  for n in "${ORDER[@]}"; do
    if [ -n "${FAILS[$n]:-}" ]; then RPS[$n]=-; P50[$n]=-; P99[$n]=-; continue; fi
    RPS[$n]="$(med "${R_RPS[$n]}")"; P50[$n]="$(med "${R_P50[$n]}")"; P99[$n]="$(med "${R_P99[$n]}")"
    if [ -n "${T_N[$n]:-}" ]; then
      SCPU[$n]="$(per "${T_S[$n]}" "${T_N[$n]}")"; PCPU[$n]="$(per "${T_P[$n]}" "${T_N[$n]}")"
      CCPU[$n]="$(per "${T_C[$n]}" "${T_N[$n]}")"
    fi
  done
}

# rounds_report: every round's requests/s and p99 of the scenarios that ran more than one.
rounds_report() {
  [ "$BENCH_ROUNDS" -gt 1 ] || return 0
  echo "rounds (requests/s / p99 ms of each round, in order; the table shows the median round):"
  local n
  for n in "${ORDER[@]}"; do
    [ -z "${FAILS[$n]:-}" ] && [ "$(wc -w <<<"${R_RPS[$n]}")" -gt 1 ] || continue
    paste -d/ <(tr ' ' '\n' <<<"${R_RPS[$n]}" | awk 'NF') <(tr ' ' '\n' <<<"${R_P99[$n]}" | awk 'NF') |
      awk -v n="$n" '{ split($0, a, "/"); s = s sprintf("  %.0f / %.2f", a[1], a[2]) } END { printf "  %-20s%s\n", n, s }'
  done
}
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

first_record() {   # first_record NAME KIND: its row, at its first round
  [ -z "${KIND[$1]:-}" ] || return 0
  ORDER+=("$1"); KIND[$1]=$2; ERRS[$1]=0; R_RPS[$1]=""; R_P50[$1]=""; R_P99[$1]=""
  SCPU[$1]=-; PCPU[$1]=-; CCPU[$1]=-
}

record() {   # record NAME KIND RPS P50 P99 ERRORS (a round's)
  first_record "$1" "$2"
  R_RPS[$1]+="$3 "; R_P50[$1]+="$4 "; R_P99[$1]+="$5 "
  [ "${ERRS[$1]}" = failed ] || ERRS[$1]=$(( ${ERRS[$1]} + $6 ))
  if [ "$6" != 0 ]; then FAILED=1; fi
}

record_failure() {   # record_failure NAME KIND REASON
  log "$1: $3"
  first_record "$1" "$2"
  FAILS[$1]=1; ERRS[$1]="failed"
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
  local raw="$BENCH_OUT_DIR/raw/$name.$ROUND.txt" url="$ANQUAN_URL$path"

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
  log "$name (round $ROUND/$BENCH_ROUNDS): wrk -c$conns -t$BENCH_THREADS -d${BENCH_ROUND_SECONDS}s $url"
  cpu_start
  if ! wrk --latency -c "$conns" -t "$BENCH_THREADS" -d "${BENCH_ROUND_SECONDS}s" \
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
  cpu_stop "$name" "$(field "$line" requests)" server
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
  local raw="$BENCH_OUT_DIR/raw/$name.$ROUND.txt" sargs=()
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
  # BENCH_PGBENCH_MODE=prepared: the statements are prepared once per connection, as the server's
  # are (pgbench's default sends each as a simple query, planned again every time).
  [ -z "${BENCH_PGBENCH_MODE:-}" ] || sargs+=(-M "$BENCH_PGBENCH_MODE")
  log "$name (round $ROUND/$BENCH_ROUNDS): pgbench -c$BENCH_CONNECTIONS -j$BENCH_THREADS -T$BENCH_ROUND_SECONDS ${sargs[*]} $db as $user"
  cpu_start
  if ! pgbench "${PG_CONN[@]}" -U "$user" -n -c "$BENCH_CONNECTIONS" -j "$BENCH_THREADS" \
         -T "$BENCH_ROUND_SECONDS" "${sargs[@]}" -l --log-prefix="$logdir/tx" "$db" >"$raw" 2>&1; then
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
  cpu_stop "$name" "$(awk '/^number of transactions actually processed:/ { split($6, a, "/"); print a[1]; exit }' "$raw")"
}

ratio() {   # ratio LABEL A B [TARGET]  -> RPS[A] / RPS[B], and whether it reaches TARGET
  local label=$1 a=$2 b=$3 target=${4:-}
  [ -n "${RPS[$a]:-}" ] && [ -n "${RPS[$b]:-}" ] || return 0
  awk -v l="$label" -v a="${RPS[$a]}" -v b="${RPS[$b]}" -v t="$target" 'BEGIN {
      if (a == "-" || b == "-" || b + 0 == 0) { printf "  %-36s %8s\n", l, "n/a"; exit }
      printf "  %-36s %8.2f", l, a / b
      if (t != "") printf "   target >= %s: %s", t, (a / b >= t ? "met" : "not met")
      printf "\n" }'
}

# vs_base NAME: "0.42 of pgbench-S" when NAME has a baseline that ran in this run.
vs_base() {
  local b=${BASE[$1]:-}
  [ -n "$b" ] && [ -n "${RPS[$b]:-}" ] && [ "${RPS[$1]}" != - ] && [ "${RPS[$b]}" != - ] || { echo -; return 0; }
  awk -v a="${RPS[$1]}" -v b="${RPS[$b]}" -v n="$b" -v t="${TARGET[$1]:-}" 'BEGIN {
      if (b + 0 == 0) { print "-"; exit }
      printf "%.2f of %s%s\n", a / b, n, (t != "" ? (a / b >= t ? " (>=" t ": met)" : " (>=" t ": not met)") : "") }'
}

report() {
  printf '# Anquan bench  %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '# host %s, %s CPUs; url %s; %s rounds of %ss per scenario, %s connections, %s threads\n' \
    "$(uname -n)" "$(nproc 2>/dev/null || echo '?')" "$ANQUAN_URL" \
    "$BENCH_ROUNDS" "$BENCH_ROUND_SECONDS" "$BENCH_CONNECTIONS" "$BENCH_THREADS"
  printf '# kernel.sched_autogroup_enabled %s\n' "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo '-')"
  printf '%-20s %-8s %12s %9s %9s %6s %10s %10s %10s  %s\n' scenario tool "requests/s" "p50 ms" "p99 ms" \
    errors "server ms" "pg ms" "client ms" "requests/s vs its baseline"
  local n
  baselines
  for n in "${ORDER[@]}"; do
    awk -v n="$n" -v k="${KIND[$n]}" -v r="${RPS[$n]}" -v p5="${P50[$n]}" -v p9="${P99[$n]}" -v e="${ERRS[$n]}" \
      -v sc="${SCPU[$n]}" -v pc="${PCPU[$n]}" -v cc="${CCPU[$n]}" -v vb="$(vs_base "$n")" \
      'BEGIN {
         if (r == "-") printf "%-20s %-8s %12s %9s %9s %6s", n, k, "-", "-", "-", e
         else printf "%-20s %-8s %12.1f %9.3f %9.3f %6s", n, k, r, p5, p9, e
         printf " %10s %10s %10s  %s\n", sc, pc, cc, vb }'
  done
  echo "(requests/s, p50, p99: the scenario's median round; server ms, pg ms, client ms: CPU"
  echo " milliseconds per request of the Anquan server, of all PostgreSQL processes and of the load"
  echo " tool, over all its rounds)"
  echo "ratios (requests/s; same run, same machine):"
  ratios
  rounds_report
  soak_report
}

write_tsv() {
  printf 'scenario\ttool\trps\tp50_ms\tp99_ms\terrors\tserver_cpu_ms\tpg_cpu_ms\tclient_cpu_ms\tbaseline\n'
  local n
  for n in "${ORDER[@]}"; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "${KIND[$n]}" "${RPS[$n]}" "${P50[$n]}" "${P99[$n]}" \
      "${ERRS[$n]}" "${SCPU[$n]}" "${PCPU[$n]}" "${CCPU[$n]}" "${BASE[$n]:--}"
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
  find_pg_pid
  [ -n "$SERVER_PID" ] || log "BENCH_SERVER_PID unset: no server CPU figures"
  [ -n "$PG_PID" ] || log "PostgreSQL's postmaster not found (BENCH_PG_PID): no PostgreSQL CPU figures"

  for ((ROUND = 1; ROUND <= BENCH_ROUNDS; ROUND++)); do scenarios; done
  ROUND=1
  finish
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
