-- wrk script for tests/bench/hazards.mjs: one hazard move per request, each on a hazard of its
-- own from a pool (one id a line in BENCH_POOL_FILE), threads taking the ids in turn.
--   BENCH_POOL_FILE   the hazard ids
--   BENCH_WRK_BODY    the move's body (JSON)
--   BENCH_WRK_ACTION  the action (register)
-- One parseable result line at the end, as latency.lua's.

local next_tid = 0
function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

local ids = {}
local k = 0
local nthreads = 1
local action = "register"

function init(args)
  nthreads = tonumber(os.getenv("BENCH_WRK_THREADS") or "1")
  action = os.getenv("BENCH_WRK_ACTION") or action
  for line in io.lines(os.getenv("BENCH_POOL_FILE")) do
    if line ~= "" then ids[#ids + 1] = line end
  end
  wrk.method = "POST"
  wrk.body = os.getenv("BENCH_WRK_BODY")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local i = (tid + k * nthreads) % #ids + 1
  k = k + 1
  return wrk.format(nil, "/api/v1/hazards/" .. ids[i] .. "/actions/" .. action)
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "BENCH_RESULT requests=%d seconds=%.3f rps=%.2f p50_ms=%.3f p99_ms=%.3f status_errors=%d socket_errors=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
