#!/usr/bin/env bash
# Runs libFuzzer targets (build/fuzz/fuzz_<target>) for FUZZ_SECONDS each, one after another,
# each on a scratch copy of its seed corpus (tests/fuzz/corpus/<target>/ is never written).
# Prints per target the executions, the CPU seconds and whether it crashed, then
# "fuzz: N passed, N failed"; exits non-zero when any target crashed or did not run.
# Usage: FUZZ_SECONDS=60 FUZZ_DIR=var/fuzz tests/fuzz/run.sh [target...]  (default: every
# tests/fuzz/fuzz_<target>.c)
# Under FUZZ_DIR: corpus/<target>/ (grows between runs), artifacts/<target>/ (crash inputs),
# <target>.log (the fuzzer's output), and totals.tsv (one line per run, for the figures).
set -uo pipefail

cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-60}
dir=${FUZZ_DIR:-var/fuzz}
passed=0
failed=0
mkdir -p "$dir"
if [ "$#" = 0 ]; then
  set -- $(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_\(.*\)\.c$|\1|')
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "$@"; do
  bin=build/fuzz/fuzz_$t corpus=$dir/corpus/$t art=$dir/artifacts/$t/ log=$dir/$t.log
  if [ ! -x "$bin" ]; then
    echo "fuzz $t: $bin is missing (make fuzz-build)"
    failed=$((failed + 1))
    continue
  fi
  mkdir -p "$corpus" "$art"
  cp -n tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
  # CPU time of the child (user + system), from bash's own accounting.
  t0=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
  FUZZ_TOKEN_ISSUED_DIR=$corpus "$bin" -max_total_time="$secs" -print_final_stats=1 \
    -artifact_prefix="$art" "$corpus" >"$log" 2>&1
  code=$?
  t1=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
  cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", (b - a) / hz}')
  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  if [ "$code" = 0 ]; then
    verdict="no crash"
    passed=$((passed + 1))
  else
    verdict="CRASH (exit $code; input in $art, output in $log)"
    failed=$((failed + 1))
    grep -m 1 -A 12 'ERROR: \|runtime error:\|deadly signal\|Test unit written' "$log" | sed 's/^/  /'
  fi
  printf 'fuzz %-7s %10s executions, %7s s CPU, %s\n' "$t:" "${execs:-0}" "$cpu" "$verdict"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$secs" "${execs:-0}" "$cpu" \
    "$code" >>"$dir/totals.tsv"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" = 0 ]
