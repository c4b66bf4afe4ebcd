// The reporting benchmark at province scale (issue 10; db/generate/province.sql and
// db/generate/province-reporting.sql):
//   reporting-province  GET /campaigns/{id}/reporting?duty_id=&period=2026-W12 as the province's
//                       admin (jl.admin): the province's reporting table of one week of its spring
//                       campaign, every city and county a row (81) with its report, status, frozen
//                       figures and live figures over 1,000,000 hazards, 300,000 inspections and
//                       30,000 institutions, the children's sums and the periods to pick from.
// wrk at REPORTING_CONNECTIONS (4: each request adds up tens of thousands of per-unit figures, so 32
// connections on a small machine only measure the queue), its p50, p99 and requests/s, and the ratio
// to pgbench running the same SQL with the same settings: the statements the server ran for one
// such request (its gate, the campaign and org checks, the period, the table, the periods),
// captured from PostgreSQL's statement log with their parameters (as tests/bench/lists.mjs does).
//
// Usage (tests/bench/bench.sh calls it with one line):
//   node tests/bench/reporting.mjs <cluster-dir> <pg-port> [database]
// Environment: ANQUAN_URL, BENCH_DURATION (10), REPORTING_CONNECTIONS (4), BENCH_THREADS (2),
// BENCH_OUT_DIR (var/bench), REPORTING_CAPTURE_PORT (the server port + 9). Needs the cluster's
// superuser over its socket (root: postgres) to log a second server instance's statements.
// Prints a table and writes it to $BENCH_OUT_DIR/reporting.txt (and reporting.tsv).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { userInfo } from 'node:os';
import { statements, logSize, logFrom, login } from './lists.mjs';

const [pgDir, pgPort, database = 'anquan'] = process.argv.slice(2);
if (!pgDir || !pgPort) {
  console.error('usage: node tests/bench/reporting.mjs <cluster-dir> <pg-port> [database]');
  process.exit(2);
}
const root = resolve(new URL('../..', import.meta.url).pathname);
const host = resolve(root, pgDir, 'run');
const base = (process.env.ANQUAN_URL ?? 'http://127.0.0.1:18180').replace(/\/$/, '');
const duration = Number(process.env.BENCH_DURATION ?? 10);
const conns = Number(process.env.REPORTING_CONNECTIONS ?? 4);
const threads = Math.min(Number(process.env.BENCH_THREADS ?? 2), conns);
const out = resolve(root, process.env.BENCH_OUT_DIR ?? 'var/bench');
const raw = join(out, 'raw', 'reporting');
const superuser = userInfo().uid === 0 ? 'postgres' : userInfo().username;
mkdirSync(raw, { recursive: true });

function psql(user, sql, options = '') {
  const r = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', host, '-p', pgPort, '-U', user, '-d', database, '-c', sql],
    { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PGOPTIONS: options } });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout;
}
async function get(url, token) {
  const r = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${await r.text()}`);
  return r.json();
}
function run(cmd, args, file, env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env } });
  writeFileSync(file, `${cmd} ${args.join(' ')}\n${r.stdout}${r.stderr}`);
  return r.stdout + r.stderr;
}

// The generator's campaign and duties (db/generate/province-reporting.sql): ids made from names.
const CAMPAIGN = psql('anquan_owner', "SELECT md5('bench campaign')::uuid", '-c app.org_path=*').trim();
const DUTY = psql('anquan_owner', "SELECT md5('bench duty 1')::uuid", '-c app.org_path=*').trim();
const PERIOD = '2026-W12';

async function main() {
  const province = await login(base, 'jl.admin');
  const url = `/api/v1/campaigns/${CAMPAIGN}/reporting?duty_id=${DUTY}&period=${PERIOD}`;
  const table = await get(base + url, province);
  const counties = table.rows.filter((r) => r.level === 'county').length;
  const cities = table.rows.filter((r) => r.level === 'city').length;
  if (cities !== 9 || counties !== 72) throw new Error(`the province's table has ${cities} cities and ${counties} counties (db/generate/province-reporting.sql loaded?)`);
  if (!table.rows.every((r) => r.live_figures && typeof r.live_figures.overdue === 'number')) throw new Error('a row without live figures');

  // The SQL of the request, from a second server instance whose statements are logged.
  const capturePort = Number(process.env.REPORTING_CAPTURE_PORT ?? (Number(new URL(base).port || 80) + 9));
  const capture = `http://127.0.0.1:${capturePort}`;
  psql(superuser, `ALTER ROLE anquan_app IN DATABASE ${database} SET log_min_duration_statement = 0`);
  const server = spawn(join(root, 'build/anquan-api'), [], {
    env: { ...process.env, ANQUAN_LISTEN: `127.0.0.1:${capturePort}`, ANQUAN_POOL_SIZE: '1', ANQUAN_ACCESS_LOG: '/dev/null',
      ANQUAN_SWEEP_SECONDS: '3600', DATABASE_URL: `postgresql://anquan_app@/${database}?host=${host}&port=${pgPort}` },
    stdio: 'ignore',
  });
  let sql;
  try {
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${capture}/api/v1/ready`)).ok) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const p = await login(capture, 'jl.admin');
    await new Promise((r) => setTimeout(r, 300)); // the start's sweep is done
    await get(capture + url, p); // the gate's remembered principal: the next one is the one-round-trip read
    const from = logSize();
    await get(capture + url, p);
    sql = statements(logFrom(from));
  } finally {
    server.kill('SIGTERM');
    psql(superuser, `ALTER ROLE anquan_app IN DATABASE ${database} RESET log_min_duration_statement`);
  }
  if (!sql.some((s) => s.includes('WITH ob AS MATERIALIZED'))) throw new Error('the captured request has no reporting table');
  const script = join(raw, 'reporting-province.sql');
  writeFileSync(script, `-- tests/bench/reporting.mjs: what the server ran for GET ${url} as jl.admin\nBEGIN READ ONLY;\n${sql.map((s) => `${s};`).join('\n')}\nROLLBACK;\n`);

  const cases = [
    { name: 'reporting-province', script, statements: sql.length,
      wrk: ['-H', `Authorization: Bearer ${province}`, '-s', join(root, 'tests/bench/latency.lua'), base + url] },
  ];
  const rows = [];
  for (const c of cases) {
    const w = run('wrk', ['--latency', '--timeout', '60s', '-c', String(conns), '-t', String(threads), '-d', `${duration}s`, ...c.wrk], join(raw, `${c.name}.wrk.txt`));
    const line = /BENCH_RESULT (.*)/.exec(w)?.[1] ?? '';
    const f = Object.fromEntries(line.split(' ').filter(Boolean).map((kv) => kv.split('=')));
    const p = run('pgbench', ['-n', '-M', 'simple', '-h', host, '-p', pgPort, '-U', 'anquan_app', '-c', String(conns), '-j', String(threads),
      '-T', String(duration), '-f', c.script, database], join(raw, `${c.name}.pgbench.txt`));
    const tps = Number(/tps = ([0-9.]+)/.exec(p)?.[1] ?? 0);
    const pgLat = Number(/latency average = ([0-9.]+) ms/.exec(p)?.[1] ?? 0);
    const rps = Number(f.rps ?? 0);
    const r = { name: c.name, rps, p50: Number(f.p50_ms ?? 0), p99: Number(f.p99_ms ?? 0),
      errors: Number(f.status_errors ?? 0) + Number(f.socket_errors ?? 0), tps, pgLat, ratio: tps ? rps / tps : 0, statements: c.statements };
    rows.push(r);
    console.log(`${r.name.padEnd(24)} ${r.rps.toFixed(1).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  pgbench ${r.tps.toFixed(1).padStart(6)} tps (avg ${r.pgLat.toFixed(1)} ms)  ratio ${r.ratio.toFixed(2)}${r.errors ? `  ${r.errors} errors` : ''}`);
  }
  const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim();
  const text = [`the province's reporting table (9 cities, 72 counties, live figures over 1,000,000 hazards): wrk -c${conns} -t${threads} -d${duration}s; pgbench -c${conns} -j${threads} -T${duration} on the same SQL; load average ${load}`,
    ...rows.map((r) => `${r.name}\t${r.rps.toFixed(2)} req/s\tp50 ${r.p50.toFixed(2)} ms\tp99 ${r.p99.toFixed(2)} ms\tpgbench ${r.tps.toFixed(2)} tps (avg ${r.pgLat.toFixed(1)} ms)\tratio ${r.ratio.toFixed(2)}\terrors ${r.errors}`)].join('\n');
  writeFileSync(join(out, 'reporting.txt'), `${text}\n`);
  writeFileSync(join(out, 'reporting.tsv'), ['name\trps\tp50_ms\tp99_ms\terrors\tpgbench_tps\tratio\tstatements',
    ...rows.map((r) => [r.name, r.rps, r.p50, r.p99, r.errors, r.tps, r.ratio.toFixed(3), r.statements].join('\t'))].join('\n') + '\n');
  console.log(`load average ${load}; the table is in ${join(out, 'reporting.txt')}`);
  process.exit(rows.some((r) => r.errors > 0 || !r.rps || !r.tps) ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(1); });
