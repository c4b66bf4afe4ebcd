// The soak scenario of `make bench`: a mixed load (lists, creates with Idempotency-Key and their
// replays, edits and archives with If-Match, CSV and XLSX exports, token refreshes) at a steady
// rate from several clients for a bounded time, while the server's resident memory (VmRSS) and
// open file descriptors are sampled from /proc. Sends traffic only to 127.0.0.1.
//
// Environment (defaults in brackets):
//   ANQUAN_URL           the server, on loopback                          [http://127.0.0.1:18180]
//   SOAK_SERVER_PID      the server's process id (required: /proc/PID is read)
//   SOAK_SECONDS         whole run, warm-up included                       [300]
//   SOAK_WARMUP_SECONDS  load before the "after warm-up" sample            [60]
//   SOAK_CONCURRENCY     clients, each with its own session                [8]
//   SOAK_RATE            requests per second of all clients; 0: unpaced    [20]
//   SOAK_MAX_GROWTH_KB   allowed VmRSS growth from warm-up to end          [5120]
//   SOAK_USER / SOAK_PASSWORD   who signs in                 [hp.admin / Anquan@2026!]
//   SOAK_ORG_ID          the org whose lists and exports are read          [the user's scope]
//   SOAK_RELOGIN_CYCLES  a client signs out and in again every N cycles    [30]
//   SOAK_SAMPLES         where the VmRSS/fd curve goes (TSV)               [unset: not written]
// Prints "SOAK_MEM phase=... rss_kb=... fds=..." for start, warmup and end, a BENCH_RESULT line
// (rps, p50_ms, p99_ms, status_errors, socket_errors) as tests/bench/latency.lua does, and
// "SOAK_VERDICT ...". Exit status 1 when, from warm-up to end, VmRSS grew by SOAK_MAX_GROWTH_KB
// or more, file descriptors other than sockets grew, or sockets grew by more than the number of
// clients; or when any request failed.
import { readFileSync, readdirSync, readlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

const env = process.env;
const base = (env.ANQUAN_URL || 'http://127.0.0.1:18180').replace(/\/$/, '');
const pid = env.SOAK_SERVER_PID;
const seconds = Number(env.SOAK_SECONDS || 300);
const warmup = Number(env.SOAK_WARMUP_SECONDS || 60);
const concurrency = Number(env.SOAK_CONCURRENCY || 8);
const rate = Number(env.SOAK_RATE ?? 20);
const maxGrowthKb = Number(env.SOAK_MAX_GROWTH_KB || 5120);
const user = env.SOAK_USER || 'hp.admin';
const password = env.SOAK_PASSWORD || 'Anquan@2026!';
const orgId = env.SOAK_ORG_ID || '';
const reloginCycles = Number(env.SOAK_RELOGIN_CYCLES || 30);
const samplesFile = env.SOAK_SAMPLES || '';

function fail(msg) {
  console.error(`soak: ${msg}`);
  process.exit(2);
}
const url = new URL(base);
if (url.hostname !== '127.0.0.1') fail(`ANQUAN_URL must be on 127.0.0.1 (got ${base})`);
if (!pid || !/^[0-9]+$/.test(pid)) fail('SOAK_SERVER_PID is not set');
if (!(seconds > warmup && warmup >= 0)) fail('SOAK_SECONDS must be greater than SOAK_WARMUP_SECONDS');

/**
 * VmRSS (kB) and the server's open file descriptors: all of them, and the sockets among them
 * (the listener, the clients' keep-alive connections, the database pool).
 */
function memory() {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  let fds = 0;
  let sockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target = '';
    try { target = readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; } // closed meanwhile
    fds += 1;
    if (target.startsWith('socket:')) sockets += 1;
  }
  return { rss, fds, sockets };
}

// --- pacing and figures --------------------------------------------------------------------
const latencies = [];
let statusErrors = 0;
let socketErrors = 0;
let requests = 0;
const byKind = new Map(); // kind -> count
let nextSlot = 0; // ms since start at which the next request may go
let t0 = 0;
let stopping = false;

const now = () => performance.now() - t0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits for the next of `rate` slots per second shared by all clients. */
async function pace() {
  if (!(rate > 0)) return;
  const at = Math.max(nextSlot, now());
  nextSlot = at + 1000 / rate;
  const wait = at - now();
  if (wait > 0) await sleep(wait);
}

/**
 * One request: `expect` lists the statuses that count as success. Returns {status, headers,
 * body (parsed JSON or the byte length of a download)} or null after a socket error.
 */
async function call(kind, method, path, { token, body, headers = {}, expect = [200], download = false } = {}) {
  await pace();
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const start = performance.now();
  let res;
  let payload;
  try {
    res = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30000) });
    if (download) payload = (await res.arrayBuffer()).byteLength;
    else {
      const text = await res.text();
      payload = text ? JSON.parse(text) : null;
    }
  } catch (e) {
    socketErrors += 1;
    if (socketErrors <= 5) console.error(`soak: ${kind} ${method} ${path}: ${e.message}`);
    return null;
  }
  latencies.push(performance.now() - start);
  requests += 1;
  byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  if (!expect.includes(res.status)) {
    statusErrors += 1;
    if (statusErrors <= 5) console.error(`soak: ${kind} ${method} ${path} answered ${res.status}: ${JSON.stringify(payload).slice(0, 300)}`);
  }
  return { status: res.status, headers: res.headers, body: payload };
}

// --- one client ----------------------------------------------------------------------------
async function signIn() {
  const res = await call('login', 'POST', '/api/v1/auth/login', { body: { username: user, password, refresh_in: 'body' } });
  if (!res || res.status !== 200) fail(`${user} cannot sign in`);
  return { access: res.body.access_token, refresh: res.body.refresh_token };
}

const scope = orgId ? `org_id=${orgId}&` : '';
const exports = ['/api/v1/institutions/export', '/api/v1/risks/export', '/api/v1/inspections/export', '/api/v1/projects/unpermitted/export'];

/**
 * A client's cycle of ten requests, repeated until the time is up: the next page of the
 * institution list (by its cursor), a create with an Idempotency-Key and its replay, a risk
 * list, an edit with If-Match, a CSV export, an inspection list, an XLSX export, an archive with
 * If-Match (so the exported set stays the same size), and a refresh of the token pair. Every
 * SOAK_RELOGIN_CYCLES cycles the client signs out and in again, as people come and go: each
 * sign-in is one argon2id hash (19 MiB of working memory), the allocation behind the growth this
 * scenario was written for.
 */
async function client(n, institutionId) {
  const s = await signIn();
  let cursor = null; // the institution list is read page after page, then again from the start
  for (let cycle = 0; !stopping; cycle += 1) {
    const page = await call('list', 'GET', `/api/v1/institutions?${scope}limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: s.access });
    cursor = page?.body?.next_cursor ?? null;
    const key = randomUUID();
    const risk = { institution_id: institutionId, name: `浸泡测试风险-${n}-${cycle}`, category: 'fire', method: 'matrix', likelihood: 1 + (cycle % 5), severity: 2 };
    const made = await call('create', 'POST', '/api/v1/risks', { token: s.access, body: risk, headers: { 'idempotency-key': key }, expect: [201] });
    await call('replay', 'POST', '/api/v1/risks', { token: s.access, body: risk, headers: { 'idempotency-key': key }, expect: [201] });
    await call('list', 'GET', `/api/v1/risks?${scope}limit=20&sort=-score`, { token: s.access });
    let etag = made?.headers.get('etag');
    if (made?.status === 201) {
      const edited = await call('edit', 'PATCH', `/api/v1/risks/${made.body.id}`, { token: s.access, body: { severity: 3, measures: `第${cycle}轮整改措施` }, headers: { 'if-match': etag } });
      etag = edited?.headers.get('etag') ?? etag;
    }
    await call('export-csv', 'GET', `${exports[cycle % exports.length]}?${scope}format=csv`, { token: s.access, download: true });
    await call('list', 'GET', `/api/v1/inspections?${scope}limit=20`, { token: s.access });
    await call('export-xlsx', 'GET', `${exports[(cycle + 1) % exports.length]}?${scope}format=xlsx`, { token: s.access, download: true });
    if (made?.status === 201) {
      await call('archive', 'DELETE', `/api/v1/risks/${made.body.id}`, { token: s.access, headers: { 'if-match': etag }, expect: [204] });
    }
    if (reloginCycles > 0 && cycle % reloginCycles === reloginCycles - 1) {
      await call('logout', 'POST', '/api/v1/auth/logout', { body: { refresh_token: s.refresh }, expect: [204] });
      Object.assign(s, await signIn());
      continue;
    }
    const r = await call('refresh', 'POST', '/api/v1/auth/refresh', { body: { refresh_token: s.refresh } });
    if (r?.status === 200) {
      s.access = r.body.access_token;
      s.refresh = r.body.refresh_token;
    } else if (!stopping) {
      Object.assign(s, await signIn());
    }
  }
}

// --- the run -------------------------------------------------------------------------------
function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
}

async function main() {
  t0 = performance.now();
  const start = memory();
  console.log(`SOAK_MEM phase=start t_s=0 rss_kb=${start.rss} fds=${start.fds} sockets=${start.sockets}`);
  if (samplesFile) writeFileSync(samplesFile, `t_s\trss_kb\tfds\tsockets\trequests\n0\t${start.rss}\t${start.fds}\t${start.sockets}\t0\n`);

  // The institution the clients' risks belong to: the first of the listed scope.
  const first = await signIn();
  const insts = await call('list', 'GET', `/api/v1/institutions?${scope}limit=1`, { token: first.access });
  const institutionId = insts?.body?.items?.[0]?.id;
  if (!institutionId) fail('no institution in scope for the risks the soak creates');

  const sampler = setInterval(() => {
    const m = memory();
    if (samplesFile) appendFileSync(samplesFile, `${Math.round(now() / 1000)}\t${m.rss}\t${m.fds}\t${m.sockets}\t${requests}\n`);
  }, 10000);
  let atWarmup = null;
  let warmRequests = 0;
  let warmT = 0;
  const warmTimer = setTimeout(() => {
    atWarmup = memory();
    warmRequests = requests;
    warmT = now();
    console.log(`SOAK_MEM phase=warmup t_s=${Math.round(warmT / 1000)} rss_kb=${atWarmup.rss} fds=${atWarmup.fds} sockets=${atWarmup.sockets}`);
  }, warmup * 1000);
  const endTimer = setTimeout(() => { stopping = true; }, seconds * 1000);

  const clients = [];
  for (let i = 0; i < concurrency; i += 1) clients.push(client(i, institutionId));
  // The end sample is taken under load, with the clients' connections open as at warm-up.
  await new Promise((r) => setTimeout(r, seconds * 1000 - 50));
  const end = memory();
  const endT = now();
  await Promise.all(clients);
  clearInterval(sampler);
  clearTimeout(warmTimer);
  clearTimeout(endTimer);
  if (!atWarmup) fail('the run ended before the warm-up sample');
  console.log(`SOAK_MEM phase=end t_s=${Math.round(endT / 1000)} rss_kb=${end.rss} fds=${end.fds} sockets=${end.sockets}`);
  if (samplesFile) appendFileSync(samplesFile, `${Math.round(endT / 1000)}\t${end.rss}\t${end.fds}\t${end.sockets}\t${requests}\n`);

  const sorted = latencies.slice().sort((a, b) => a - b);
  const rps = requests / (now() / 1000);
  console.log(`kinds ${[...byKind].map(([k, v]) => `${k}=${v}`).join(' ')}`);
  console.log(`BENCH_RESULT rps=${rps.toFixed(2)} p50_ms=${percentile(sorted, 0.5).toFixed(3)} p99_ms=${percentile(sorted, 0.99).toFixed(3)} status_errors=${statusErrors} socket_errors=${socketErrors} requests=${requests} seconds=${(now() / 1000).toFixed(1)}`);
  const growth = end.rss - atWarmup.rss;
  // Files (temporary export files, pipes) must not grow at all. Sockets come and go with the
  // clients' keep-alive connections (up to one per client) and the pool's lazily opened
  // connections, so they are allowed to vary by the number of clients.
  const fdGrowth = end.fds - atWarmup.fds;
  const fileGrowth = (end.fds - end.sockets) - (atWarmup.fds - atWarmup.sockets);
  const socketGrowth = end.sockets - atWarmup.sockets;
  const ok = growth < maxGrowthKb && fileGrowth <= 0 && socketGrowth <= concurrency;
  console.log(`SOAK_VERDICT ${ok ? 'ok' : 'grew'} rss_growth_kb=${growth} max_kb=${maxGrowthKb} fd_growth=${fdGrowth} file_fd_growth=${fileGrowth} socket_growth=${socketGrowth} after_warmup_requests=${requests - warmRequests} after_warmup_s=${((endT - warmT) / 1000).toFixed(0)}`);
  process.exit(ok && statusErrors + socketErrors === 0 ? 0 : 1);
}

main().catch((e) => fail(e.stack || String(e)));
