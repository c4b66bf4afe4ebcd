-- wrk script for tests/bench/run.sh: optional method/body from the
-- environment, and one parseable result line at the end.
--   BENCH_WRK_METHOD  e.g. POST (default GET)
--   BENCH_WRK_BODY    request body (set Content-Type with a -H header)
-- Headers (Authorization: Bearer ..., Content-Type) come from wrk -H.
-- No response() callback on purpose: it would slow wrk down; wrk itself
-- counts responses with status >= 400 in summary.errors.status.

local method = os.getenv("BENCH_WRK_METHOD")
local body = os.getenv("BENCH_WRK_BODY")
if method and method ~= "" then wrk.method = method end
if body and body ~= "" then wrk.body = body end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "BENCH_RESULT requests=%d seconds=%.3f rps=%.2f p50_ms=%.3f p99_ms=%.3f status_errors=%d socket_errors=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
