// The list benchmark at province scale (issue 8): institutions, risks, inspections, users and the
// audit log, 20 a page, first and a later page, as a county's, a city's and the province's admin
// (db/generate/province.sql: jl.220103.admin, jl.220100.admin, jl.admin): wrk at BENCH_CONNECTIONS
// (32) for each, its p99 and requests/s, and the ratio to pgbench running the same SQL with the
// same settings: the statements the server ran for that very request (its gate, the list and the
// count, in one transaction), captured from PostgreSQL's statement log with their parameters.
//
// Usage (tests/bench/bench.sh calls it with one line):
//   node tests/bench/lists.mjs <cluster-dir> <pg-port> [database]
// Rounds: every case is measured in BENCH_ROUNDS (3) rounds of BENCH_ROUND_SECONDS (4) of wrk, the
// rounds taken in turn over the whole suite (round 1 of every case, then round 2, ...), each after
// BENCH_WARMUP seconds of the same load not counted; its figures are the median round's, every
// round's p99 printed beside them. A minute in which this VM's host is slow (no steal time shows
// here: a busy neighbour shows as CPU per request up to twice the usual, in the server and in
// PostgreSQL at once) so lands in one round of several cases, not in the whole of one case.
// Environment: ANQUAN_URL (the server, running against that database), BENCH_DURATION (seconds of
// each case's pgbench run, 10), BENCH_ROUNDS (3), BENCH_ROUND_SECONDS (4), BENCH_WARMUP (seconds of
// the same load before each round, not counted: 1), BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_OUT_DIR (var/bench), LISTS_ONLY
// (e.g. "risks,audit"), LISTS_CALLERS (e.g. "county"), LISTS_CAPTURE_PORT (the server port + 7). Needs the cluster's superuser over its socket
// (root: postgres) to log the statements of a second, short-lived server instance for a moment.
// Prints a table and writes it to $BENCH_OUT_DIR/lists.txt (and lists.tsv).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, openSync, fstatSync, readSync, closeSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { userInfo } from 'node:os';
import { cpuMeter, msText } from './cpu.mjs';

const [pgDir, pgPort, database = 'anquan'] = process.argv.slice(2);
if (!pgDir || !pgPort) {
  console.error('usage: node tests/bench/lists.mjs <cluster-dir> <pg-port> [database]');
  process.exit(2);
}
const root = resolve(new URL('../..', import.meta.url).pathname);
const host = resolve(root, pgDir, 'run');
const pgLog = resolve(root, pgDir, 'server.log');
const base = (process.env.ANQUAN_URL ?? 'http://127.0.0.1:18180').replace(/\/$/, '');
const duration = Number(process.env.BENCH_DURATION ?? 10);
const warmup = Number(process.env.BENCH_WARMUP ?? 1);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const roundSeconds = Number(process.env.BENCH_ROUND_SECONDS ?? 4);
const conns = Number(process.env.BENCH_CONNECTIONS ?? 32);
const threads = Number(process.env.BENCH_THREADS ?? 2);
const out = resolve(root, process.env.BENCH_OUT_DIR ?? 'var/bench');
const superuser = userInfo().uid === 0 ? 'postgres' : userInfo().username;
mkdirSync(join(out, 'raw', 'lists'), { recursive: true });

const CALLERS = [
  ['county', 'jl.220103.admin'], ['city', 'jl.220100.admin'], ['province', 'jl.admin'],
].filter(([level]) => !process.env.LISTS_CALLERS || process.env.LISTS_CALLERS.split(',').includes(level));
const LISTS = ['institutions', 'risks', 'inspections', 'users', 'audit']
  .filter((l) => !process.env.LISTS_ONLY || process.env.LISTS_ONLY.split(',').includes(l));

function psqlSu(sql) {
  const r = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', host, '-p', pgPort, '-U', superuser, '-d', database, '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}

// What else PostgreSQL is doing: autovacuum workers and other sessions' statements under way
// (not this benchmark's idle connections), one line each.
const busyNow = () => psqlSu(`SELECT coalesce(string_agg(coalesce(nullif(backend_type, 'client backend'), application_name) || ': ' ||
  left(regexp_replace(query, '\\s+', ' ', 'g'), 80) || ' (' || round(extract(epoch FROM now() - query_start)::numeric, 1) || ' s)', E'\n'), '')
  FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active' AND backend_type IN ('client backend', 'autovacuum worker')`);

// Before the first case: a checkpoint (the scenarios before wrote sessions, audit rows and risks),
// then up to 120 s for autovacuum workers and other statements under way to end, so that the
// first cases are not measured against them. What was waited for is printed.
async function quiesce() {
  psqlSu('CHECKPOINT');
  const t0 = Date.now();
  let busy = busyNow(), seen = busy;
  while (busy && Date.now() - t0 < 120_000) {
    await new Promise((r) => setTimeout(r, 1000));
    busy = busyNow();
  }
  const waited = ((Date.now() - t0) / 1000).toFixed(0);
  console.log(seen ? `lists: waited ${waited} s for PostgreSQL to be idle${busy ? ' (still busy)' : ''}; under way at first:\n  ${seen.split('\n').join('\n  ')}` : 'lists: PostgreSQL idle after the checkpoint');
}
// The cluster's log (of <cluster-dir>, the same argument for every bench script that imports these)
// and the sign-in, shared with tests/bench/hazards.mjs.
export const logSize = () => { const fd = openSync(pgLog, 'r'); try { return fstatSync(fd).size; } finally { closeSync(fd); } };
export function logFrom(offset) {
  const fd = openSync(pgLog, 'r');
  try {
    const size = fstatSync(fd).size; const buf = Buffer.alloc(size - offset);
    if (buf.length) readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally { closeSync(fd); }
}

// On a connection of its own (Connection: close), and once more if the network fails: a sign-in
// minutes after the last request found fetch's kept-alive connection closed by the server (EPIPE).
export async function login(url, username) {
  const attempt = () => fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json', Connection: 'close' },
    body: JSON.stringify({ username, password: 'Anquan@2026!' }) });
  const r = await attempt().catch(attempt);
  if (r.status !== 200) throw new Error(`sign-in of ${username}: ${r.status}`);
  return (await r.json()).access_token;
}
async function get(url, token) {
  const r = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r.json();
}

// The statements of one request in the log: "duration: ... ms  execute NAME: SQL" (or
// "statement: SQL") and the "DETAIL:  parameters: $1 = '...', $2 = NULL" line after it; the
// parameters are put in as literals (PostgreSQL logs them quoted, quotes doubled).
export function statements(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /duration: [0-9.]+ ms {2}(?:execute [^:]*(?::[^:]*)?|statement): (.*)$/.exec(lines[i]);
    if (!m || /duration: [0-9.]+ ms {2}(parse|bind) /.test(lines[i])) continue;
    let sql = m[1];
    if (/^(BEGIN|ROLLBACK|COMMIT)\b/i.test(sql)) continue;
    // the capture server's own sweep at start (under its advisory lock) is not the request's
    if (/pg_try_advisory_xact_lock/.test(sql)) continue;
    const d = /DETAIL: {2}parameters: (.*)$/.exec(lines[i + 1] ?? '');
    if (d) {
      const params = new Map();
      const re = /\$(\d+) = (NULL|'(?:[^']|'')*')/g;
      let p;
      while ((p = re.exec(d[1]))) params.set(Number(p[1]), p[2]);
      sql = sql.replace(/\$(\d+)/g, (all, n) => params.get(Number(n)) ?? all);
    }
    out.push(sql);
  }
  return out;
}

function run(cmd, args, file) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  writeFileSync(file, `${cmd} ${args.join(' ')}\n${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

async function main() {
  // The cases and, from a second server instance whose statements are logged, their SQL.
  const cases = [];
  const started = Date.now();
  for (const [level, username] of CALLERS) {
    const token = await login(base, username);
    for (const list of LISTS) {
      const first = `/api/v1/${list}?limit=20`;
      const page = await get(base + first, token);
      cases.push({ list, level, page: 'first', path: first, token, username });
      if (page.next_cursor) {
        cases.push({ list, level, page: 'later', path: `${first}&cursor=${encodeURIComponent(page.next_cursor)}`, token, username });
      }
    }
  }
  const capturePort = Number(process.env.LISTS_CAPTURE_PORT ?? (Number(new URL(base).port || 80) + 7));
  const capture = `http://127.0.0.1:${capturePort}`;
  psqlSu(`ALTER ROLE anquan_app IN DATABASE ${database} SET log_min_duration_statement = 0`);
  const server = spawn(join(root, 'build/anquan-api'), [], {
    env: { ...process.env, ANQUAN_LISTEN: `127.0.0.1:${capturePort}`, ANQUAN_POOL_SIZE: '1', ANQUAN_ACCESS_LOG: '/dev/null',
      ANQUAN_SWEEP_SECONDS: '3600', DATABASE_URL: `postgresql://anquan_app@/${database}?host=${host}&port=${pgPort}` },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${capture}/api/v1/ready`)).ok) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const tokens = new Map();
    for (const c of cases) {
      if (!tokens.has(c.username)) tokens.set(c.username, await login(capture, c.username));
      const from = logSize();
      await get(capture + c.path, tokens.get(c.username));
      c.sql = statements(logFrom(from));
    }
  } finally {
    server.kill('SIGTERM');
    psqlSu(`ALTER ROLE anquan_app IN DATABASE ${database} RESET log_min_duration_statement`);
  }

  const rows = [];
  await quiesce();
  const meter = cpuMeter(host, pgPort);
  const liveTokens = new Map(cases.map((c) => [c.username, c.token]));
  const signedIn = new Map(cases.map((c) => [c.username, started]));
  const name = (/** @type {any} */ c) => `${c.list}-${c.level}-${c.page}`;
  for (const c of cases) {
    c.rounds = [];
    writeFileSync(join(out, 'raw', 'lists', `${name(c)}.sql`), `-- tests/bench/lists.mjs: what the server ran for GET ${c.path.slice(0, 60)} as ${c.username}\nBEGIN;\n${c.sql.map((s) => `${s};`).join('\n')}\nROLLBACK;\n`);
  }
  for (let round = 1; round <= rounds; round++) {
    for (const c of cases) {
      const wrkArgs = (seconds) => ['--latency', '-c', String(conns), '-t', String(threads), '-d', `${seconds}s`, '-s', join(root, 'tests/bench/latency.lua'),
        '-H', `Authorization: Bearer ${c.token}`, base + c.path];
      // A caller's token is signed in again when it is older than five minutes: the access
      // token's lifetime (10 minutes by default) is shorter than the whole suite.
      if (Date.now() - (signedIn.get(c.username) ?? 0) > 300_000) {
        liveTokens.set(c.username, await login(base, c.username));
        signedIn.set(c.username, Date.now());
      }
      c.token = liveTokens.get(c.username);
      const raw = join(out, 'raw', 'lists', `${name(c)}.${round}`);
      // The warm-up, not counted: the case's pages were last read a round (or at the first
      // round, their capture) ago, and after a restart of the bench cluster never.
      if (warmup > 0) run('wrk', wrkArgs(warmup), `${raw}.warmup.txt`);
      const before = busyNow();
      meter.start();
      const w = run('wrk', wrkArgs(roundSeconds), `${raw}.wrk.txt`);
      // anything else PostgreSQL ran while the case was measured, kept beside its wrk output
      const during = busyNow();
      if (before || during) writeFileSync(`${raw}.busy.txt`, `before:\n${before}\nafter:\n${during}\n`);
      const line = /BENCH_RESULT (.*)/.exec(w)?.[1] ?? '';
      const f = Object.fromEntries(line.split(' ').filter(Boolean).map((kv) => kv.split('=')));
      const requests = Number(f.requests ?? 0);
      c.rounds.push({ rps: Number(f.rps ?? 0), p50: Number(f.p50_ms ?? 0), p99: Number(f.p99_ms ?? 0), requests,
        errors: Number(f.status_errors ?? 0) + Number(f.socket_errors ?? 0), cpu: meter.stop(requests) });
      const r = c.rounds.at(-1);
      console.log(`round ${round}/${rounds} ${name(c).padEnd(28)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  cpu ms/req server ${msText(r.cpu.server)} pg ${msText(r.cpu.pg)}`);
    }
  }
  // The median of an odd number of figures, the mean of the middle two of an even one.
  const median = (/** @type {number[]} */ v) => {
    const s = [...v].sort((a, b) => a - b), m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  // CPU per request over every round: each round's weighted by its requests.
  const cpuOf = (/** @type {any[]} */ rs, /** @type {'server'|'pg'} */ k) => {
    if (rs.some((r) => r.cpu[k] === null)) return null;
    const n = rs.reduce((a, r) => a + r.requests, 0);
    return n > 0 ? rs.reduce((a, r) => a + r.cpu[k] * r.requests, 0) / n : null;
  };
  for (const c of cases) {
    const p = run('pgbench', ['-n', '-h', host, '-p', pgPort, '-U', 'anquan_app', '-c', String(conns), '-j', String(threads), '-T', String(duration),
      '-f', join(out, 'raw', 'lists', `${name(c)}.sql`), database], join(out, 'raw', 'lists', `${name(c)}.pgbench.txt`));
    const tps = Number(/tps = ([0-9.]+)/.exec(p)?.[1] ?? 0);
    const pgLat = Number(/latency average = ([0-9.]+) ms/.exec(p)?.[1] ?? 0);
    const rs = c.rounds;
    const rps = median(rs.map((r) => r.rps));
    rows.push({ name: name(c), rps, p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), p99s: rs.map((r) => r.p99),
      errors: rs.reduce((a, r) => a + r.errors, 0), tps, pgLat, ratio: tps ? rps / tps : 0, statements: c.sql.length,
      cpu: { server: cpuOf(rs, 'server'), pg: cpuOf(rs, 'pg') } });
    const r = rows.at(-1);
    console.log(`${r.name.padEnd(28)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms ${r.p99 < 25 ? '  ' : '!!'} (rounds ${r.p99s.map((v) => v.toFixed(1)).join(' ')})  pgbench ${r.tps.toFixed(0).padStart(6)} tps (avg ${r.pgLat.toFixed(1)} ms)  ratio ${r.ratio.toFixed(2)}  cpu ms/req server ${msText(r.cpu.server)} pg ${msText(r.cpu.pg)}${r.errors ? `  ${r.errors} errors` : ''}`);
  }
  const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim();
  const autogroup = spawnSync('cat', ['/proc/sys/kernel/sched_autogroup_enabled'], { encoding: 'utf8' }).stdout.trim() || '-';
  const text = [`lists at province scale: wrk -c${conns} -t${threads}, ${rounds} rounds of ${roundSeconds}s each after ${warmup}s not counted, the median round's figures; pgbench -c${conns} -j${threads} -T${duration} on the same SQL; load average ${load}; kernel.sched_autogroup_enabled ${autogroup}`,
    ...rows.map((r) => `${r.name}\t${r.rps.toFixed(1)} req/s\tp50 ${r.p50.toFixed(2)} ms\tp99 ${r.p99.toFixed(2)} ms${r.p99 < 25 ? '' : ' (over 25)'}\trounds' p99 ${r.p99s.map((v) => v.toFixed(1)).join(' ')}\tpgbench ${r.tps.toFixed(1)} tps\tratio ${r.ratio.toFixed(2)}\tserver ${msText(r.cpu.server)} ms/req\tpg ${msText(r.cpu.pg)} ms/req\terrors ${r.errors}`)].join('\n');
  writeFileSync(join(out, 'lists.txt'), `${text}\n`);
  writeFileSync(join(out, 'lists.tsv'), ['name\trps\tp50_ms\tp99_ms\tround_p99_ms\terrors\tpgbench_tps\tratio\tstatements\tserver_ms\tpg_ms',
    ...rows.map((r) => [r.name, r.rps, r.p50, r.p99, r.p99s.join(' '), r.errors, r.tps, r.ratio.toFixed(3), r.statements, msText(r.cpu.server), msText(r.cpu.pg)].join('\t'))].join('\n') + '\n');
  console.log(`load average ${load}; the table is in ${join(out, 'lists.txt')}`);
  const bad = rows.filter((r) => r.errors > 0 || !r.rps || !r.tps);
  process.exit(bad.length ? 1 : 0);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  main().catch((e) => { console.error(e); process.exit(1); });
}
