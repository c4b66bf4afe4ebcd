// The hazard benchmarks at 1,000,000 hazards (issue 9; db/generate/province.sql):
//   hazards-overdue  GET /hazards?overdue=true&sort=due_at&limit=20 as a county's admin
//                    (jl.220103.admin): the county's overdue list, first page;
//   hazard-register  POST /hazards/{id}/actions/register as the province's admin (jl.admin), each
//                    request on a reported hazard of its own from a pool (tests/bench/transition.lua):
//                    the state's update, its workflow event and its audit row in one transaction.
// Each: wrk at BENCH_CONNECTIONS (32), its p50, p99 and requests/s, and the ratio to pgbench running
// the same SQL with the same settings: the statements the server ran for one such request (its
// gate, the handler's statements), captured from PostgreSQL's statement log with their parameters
// (as tests/bench/lists.mjs does). pgbench's transition takes its hazard from the same pool (one
// indexed lookup more per transaction, \gset, its id a parameter: -M prepared, as the server's
// statements are) and rolls back, so that the data set stays as generated; the pool is put back
// to reported before the server's run.
//
// Usage (tests/bench/bench.sh calls it with one line):
//   node tests/bench/hazards.mjs <cluster-dir> <pg-port> [database]
// Environment: ANQUAN_URL, BENCH_DURATION (10), BENCH_CONNECTIONS (32), BENCH_THREADS (2),
// BENCH_OUT_DIR (var/bench), HAZARDS_CAPTURE_PORT (the server port + 8). Needs the cluster's
// superuser over its socket (root: postgres) to log a second server instance's statements.
// Prints a table and writes it to $BENCH_OUT_DIR/hazards.txt (and hazards.tsv).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { userInfo } from 'node:os';
import { statements, logSize, logFrom, login } from './lists.mjs';

const [pgDir, pgPort, database = 'anquan'] = process.argv.slice(2);
if (!pgDir || !pgPort) {
  console.error('usage: node tests/bench/hazards.mjs <cluster-dir> <pg-port> [database]');
  process.exit(2);
}
const root = resolve(new URL('../..', import.meta.url).pathname);
const host = resolve(root, pgDir, 'run');
const base = (process.env.ANQUAN_URL ?? 'http://127.0.0.1:18180').replace(/\/$/, '');
const duration = Number(process.env.BENCH_DURATION ?? 10);
const conns = Number(process.env.BENCH_CONNECTIONS ?? 32);
const threads = Number(process.env.BENCH_THREADS ?? 2);
const out = resolve(root, process.env.BENCH_OUT_DIR ?? 'var/bench');
const raw = join(out, 'raw', 'hazards');
const superuser = userInfo().uid === 0 ? 'postgres' : userInfo().username;
mkdirSync(raw, { recursive: true });

const POOL = 20000;
const REGISTER = { level: 'general', category: 'fire', deadline: '2030-12-31', requirement: '限期整改到位' };

function psql(user, sql, options = '') {
  const r = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', host, '-p', pgPort, '-U', user, '-d', database, '-c', sql],
    { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PGOPTIONS: options } });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout;
}
// the owner in the system scope (row-level security is forced for it too)
const owner = (sql) => psql('anquan_owner', sql, '-c app.org_path=*');
async function call(url, token, method = 'GET', body) {
  const r = await fetch(url, { method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined });
  if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${await r.text()}`);
  return r.json();
}
function run(cmd, args, file, env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env } });
  writeFileSync(file, `${cmd} ${args.join(' ')}\n${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

// The pool: reported general hazards of the generated province, by their numbers (the generator's
// ids are md5('hazard' || n)); put back to reported, as generated, before each run.
const POOL_SQL = `SELECT md5('hazard' || g)::uuid FROM generate_series(0, 999999) AS g
  WHERE abs(hashint4(g)::bigint) % 100 < 5 AND g % 50 <> 3 ORDER BY g LIMIT ${POOL}`;
function resetPool() {
  owner(`CREATE TABLE IF NOT EXISTS bench_hazard_pool (k integer PRIMARY KEY, id uuid NOT NULL);
    GRANT SELECT ON bench_hazard_pool TO anquan_app;
    INSERT INTO bench_hazard_pool SELECT row_number() OVER (), id FROM (${POOL_SQL}) AS p(id) ON CONFLICT DO NOTHING;
    UPDATE hazards h SET state = 'reported', level = 'general', criterion_id = NULL, major_basis = NULL, deadline = NULL,
           requirement = NULL, registered_org_id = NULL, registered_org_level = NULL, registered_by = NULL, registered_at = NULL
      FROM bench_hazard_pool p WHERE h.id = p.id AND h.state <> 'reported';`);
  return owner('SELECT id FROM bench_hazard_pool ORDER BY k').trim().split('\n');
}

async function main() {
  const county = await login(base, 'jl.220103.admin');
  const province = await login(base, 'jl.admin');
  const pool = resetPool();
  if (pool.length < POOL) throw new Error(`the pool holds ${pool.length} reported hazards (db/generate/province.sql loaded?)`);
  const poolFile = join(raw, 'pool.txt');
  writeFileSync(poolFile, `${pool.join('\n')}\n`);
  const overdue = '/api/v1/hazards?overdue=true&sort=due_at&limit=20';
  const page = await call(base + overdue, county);
  if (page.items.length !== 20) throw new Error(`the county's overdue list has ${page.items.length} rows`);

  // The SQL of each, from a second server instance whose statements are logged.
  const capturePort = Number(process.env.HAZARDS_CAPTURE_PORT ?? (Number(new URL(base).port || 80) + 8));
  const capture = `http://127.0.0.1:${capturePort}`;
  psql(superuser, `ALTER ROLE anquan_app IN DATABASE ${database} SET log_min_duration_statement = 0`);
  const server = spawn(join(root, 'build/anquan-api'), [], {
    env: { ...process.env, ANQUAN_LISTEN: `127.0.0.1:${capturePort}`, ANQUAN_POOL_SIZE: '1', ANQUAN_ACCESS_LOG: '/dev/null',
      ANQUAN_SWEEP_SECONDS: '3600', DATABASE_URL: `postgresql://anquan_app@/${database}?host=${host}&port=${pgPort}` },
    stdio: 'ignore',
  });
  const sample = pool[pool.length - 1];
  let listSql;
  let moveSql;
  try {
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${capture}/api/v1/ready`)).ok) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const c = await login(capture, 'jl.220103.admin');
    const p = await login(capture, 'jl.admin');
    await new Promise((r) => setTimeout(r, 300)); // the start's sweep is done
    let from = logSize();
    await call(capture + overdue, c);
    listSql = statements(logFrom(from));
    from = logSize();
    await call(`${capture}/api/v1/hazards/${sample}/actions/register`, p, 'POST', REGISTER);
    moveSql = statements(logFrom(from));
  } finally {
    server.kill('SIGTERM');
    psql(superuser, `ALTER ROLE anquan_app IN DATABASE ${database} RESET log_min_duration_statement`);
  }
  resetPool();
  const listScript = join(raw, 'hazards-overdue.sql');
  writeFileSync(listScript, `-- tests/bench/hazards.mjs: what the server ran for GET ${overdue} as jl.220103.admin\nBEGIN;\n${listSql.map((s) => `${s};`).join('\n')}\nROLLBACK;\n`);
  const moveScript = join(raw, 'hazard-register.sql');
  const literal = `'${sample}'`;
  if (!moveSql.some((s) => s.includes(literal))) throw new Error('the captured move does not name its hazard');
  writeFileSync(moveScript, `-- tests/bench/hazards.mjs: what the server ran for POST /hazards/{id}/actions/register as jl.admin,
-- on a hazard of the pool (drawn at random), rolled back
\\set k random(1, ${pool.length})
SELECT id AS hid FROM bench_hazard_pool WHERE k = :k \\gset
BEGIN;
${moveSql.map((s) => `${s.split(literal).join('(:hid)::uuid')};`).join('\n')}
ROLLBACK;\n`);

  const cases = [
    { name: 'hazards-overdue-county', script: listScript, statements: listSql.length,
      wrk: ['-H', `Authorization: Bearer ${county}`, '-s', join(root, 'tests/bench/latency.lua'), base + overdue] },
    { name: 'hazard-register', script: moveScript, statements: moveSql.length, mode: 'prepared',
      wrk: ['-H', `Authorization: Bearer ${province}`, '-s', join(root, 'tests/bench/transition.lua'), base],
      env: { BENCH_POOL_FILE: poolFile, BENCH_WRK_BODY: JSON.stringify(REGISTER), BENCH_WRK_ACTION: 'register', BENCH_WRK_THREADS: String(threads) } },
  ];
  const rows = [];
  for (const c of cases) {
    const w = run('wrk', ['--latency', '-c', String(conns), '-t', String(threads), '-d', `${duration}s`, ...c.wrk], join(raw, `${c.name}.wrk.txt`), c.env);
    const line = /BENCH_RESULT (.*)/.exec(w)?.[1] ?? '';
    const f = Object.fromEntries(line.split(' ').filter(Boolean).map((kv) => kv.split('=')));
    const p = run('pgbench', ['-n', '-M', c.mode ?? 'simple', '-h', host, '-p', pgPort, '-U', 'anquan_app', '-c', String(conns), '-j', String(threads),
      '-T', String(duration), '-f', c.script, database], join(raw, `${c.name}.pgbench.txt`));
    const tps = Number(/tps = ([0-9.]+)/.exec(p)?.[1] ?? 0);
    const pgLat = Number(/latency average = ([0-9.]+) ms/.exec(p)?.[1] ?? 0);
    const rps = Number(f.rps ?? 0);
    const r = { name: c.name, rps, p50: Number(f.p50_ms ?? 0), p99: Number(f.p99_ms ?? 0),
      errors: Number(f.status_errors ?? 0) + Number(f.socket_errors ?? 0), tps, pgLat, ratio: tps ? rps / tps : 0, statements: c.statements };
    rows.push(r);
    console.log(`${r.name.padEnd(24)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  pgbench ${r.tps.toFixed(0).padStart(6)} tps (avg ${r.pgLat.toFixed(1)} ms)  ratio ${r.ratio.toFixed(2)}${r.errors ? `  ${r.errors} errors` : ''}`);
  }
  resetPool();
  const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim();
  const text = [`hazards at 1,000,000: wrk -c${conns} -t${threads} -d${duration}s; pgbench -c${conns} -j${threads} -T${duration} on the same SQL; load average ${load}`,
    ...rows.map((r) => `${r.name}\t${r.rps.toFixed(1)} req/s\tp50 ${r.p50.toFixed(2)} ms\tp99 ${r.p99.toFixed(2)} ms\tpgbench ${r.tps.toFixed(1)} tps\tratio ${r.ratio.toFixed(2)}\terrors ${r.errors}`)].join('\n');
  writeFileSync(join(out, 'hazards.txt'), `${text}\n`);
  writeFileSync(join(out, 'hazards.tsv'), ['name\trps\tp50_ms\tp99_ms\terrors\tpgbench_tps\tratio\tstatements',
    ...rows.map((r) => [r.name, r.rps, r.p50, r.p99, r.errors, r.tps, r.ratio.toFixed(3), r.statements].join('\t'))].join('\n') + '\n');
  console.log(`load average ${load}; the table is in ${join(out, 'hazards.txt')}`);
  process.exit(rows.some((r) => r.errors > 0 || !r.rps || !r.tps) ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
