// What the province-scale bench scripts (tests/bench/hazards.mjs, reporting.mjs) share: the
// command line and environment, psql, capturing the SQL a request makes the server run (from a
// second, short-lived server instance whose statements PostgreSQL logs), wrk against the server
// and pgbench on that SQL with the ratio of the two, and the table they print and write.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { userInfo } from 'node:os';
import { statements, logSize, logFrom } from './lists.mjs';
import { cpuMeter, msText } from './cpu.mjs';

/**
 * The suite `name`'s settings from `node tests/bench/<name>.mjs <cluster-dir> <pg-port> [database]`
 * and the environment (ANQUAN_URL, BENCH_DURATION, BENCH_THREADS, BENCH_OUT_DIR); `conns` is the
 * suite's connection count. Exits 2 on a bad command line.
 * @param {string} name @param {number} conns
 */
export function setup(name, conns) {
  const [pgDir, pgPort, database = 'anquan'] = process.argv.slice(2);
  if (!pgDir || !pgPort) {
    console.error(`usage: node tests/bench/${name}.mjs <cluster-dir> <pg-port> [database]`);
    process.exit(2);
  }
  const root = resolve(new URL('../..', import.meta.url).pathname);
  const out = resolve(root, process.env.BENCH_OUT_DIR ?? 'var/bench');
  const ctx = {
    name, root, pgPort, database, out, conns,
    host: resolve(root, pgDir, 'run'),
    base: (process.env.ANQUAN_URL ?? 'http://127.0.0.1:18180').replace(/\/$/, ''),
    duration: Number(process.env.BENCH_DURATION ?? 10),
    threads: Math.min(Number(process.env.BENCH_THREADS ?? 2), conns),
    raw: join(out, 'raw', name),
    superuser: userInfo().uid === 0 ? 'postgres' : userInfo().username,
  };
  mkdirSync(ctx.raw, { recursive: true });
  return ctx;
}

/** psql -c `sql` as `user` (PGOPTIONS `options`); returns its output, throws on failure. */
export function psql(ctx, user, sql, options = '') {
  const r = spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', ctx.host, '-p', ctx.pgPort, '-U', user, '-d', ctx.database, '-c', sql],
    { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, PGOPTIONS: options } });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout;
}

/** psql as the owner in the system scope (row-level security is forced for it too). */
export const owner = (ctx, sql) => psql(ctx, 'anquan_owner', sql, '-c app.org_path=*');

/** A JSON request with a bearer token that must answer 200; its body. */
export async function call(url, token, method = 'GET', body) {
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

/**
 * Runs `fn(base, sqlOf)` against a second server instance on `port` (one pooled connection, no
 * sweeps) whose statements PostgreSQL logs; `sqlOf(request)` awaits `request()` and returns the
 * statements it made the server run. The logging is switched off again whatever happens.
 * @param {any} ctx @param {number} port
 * @param {(base: string, sqlOf: (request: () => Promise<unknown>) => Promise<string[]>) => Promise<void>} fn
 */
export async function capture(ctx, port, fn) {
  const base = `http://127.0.0.1:${port}`;
  psql(ctx, ctx.superuser, `ALTER ROLE anquan_app IN DATABASE ${ctx.database} SET log_min_duration_statement = 0`);
  const server = spawn(join(ctx.root, 'build/anquan-api'), [], {
    env: { ...process.env, ANQUAN_LISTEN: `127.0.0.1:${port}`, ANQUAN_POOL_SIZE: '1', ANQUAN_ACCESS_LOG: '/dev/null',
      ANQUAN_SWEEP_SECONDS: '3600', DATABASE_URL: `postgresql://anquan_app@/${ctx.database}?host=${ctx.host}&port=${ctx.pgPort}` },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`${base}/api/v1/ready`)).ok) break; } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    await fn(base, async (request) => {
      const from = logSize();
      await request();
      return statements(logFrom(from));
    });
  } finally {
    server.kill('SIGTERM');
    psql(ctx, ctx.superuser, `ALTER ROLE anquan_app IN DATABASE ${ctx.database} RESET log_min_duration_statement`);
  }
}

/**
 * Each case {name, script, statements, wrk: [args], env?, mode?}: wrk (with latency.lua or
 * transition.lua printing BENCH_RESULT) against the server and pgbench running `script` at the
 * same connections, printed as it goes. Returns the rows.
 */
export function measure(ctx, cases) {
  const rows = [];
  const meter = cpuMeter(ctx.host, ctx.pgPort);
  for (const c of cases) {
    meter.start();
    const w = run('wrk', ['--latency', '--timeout', '60s', '-c', String(ctx.conns), '-t', String(ctx.threads), '-d', `${ctx.duration}s`, ...c.wrk],
      join(ctx.raw, `${c.name}.wrk.txt`), c.env);
    const line = /BENCH_RESULT (.*)/.exec(w)?.[1] ?? '';
    const f = Object.fromEntries(line.split(' ').filter(Boolean).map((kv) => kv.split('=')));
    const cpu = meter.stop(Number(f.requests ?? 0));
    const p = run('pgbench', ['-n', '-M', c.mode ?? 'simple', '-h', ctx.host, '-p', ctx.pgPort, '-U', 'anquan_app', '-c', String(ctx.conns),
      '-j', String(ctx.threads), '-T', String(ctx.duration), '-f', c.script, ctx.database], join(ctx.raw, `${c.name}.pgbench.txt`));
    const tps = Number(/tps = ([0-9.]+)/.exec(p)?.[1] ?? 0);
    const pgLat = Number(/latency average = ([0-9.]+) ms/.exec(p)?.[1] ?? 0);
    const rps = Number(f.rps ?? 0);
    const r = { name: c.name, rps, p50: Number(f.p50_ms ?? 0), p99: Number(f.p99_ms ?? 0),
      errors: Number(f.status_errors ?? 0) + Number(f.socket_errors ?? 0), tps, pgLat, ratio: tps ? rps / tps : 0, statements: c.statements, cpu };
    rows.push(r);
    const digits = r.rps < 100 ? 1 : 0;
    console.log(`${r.name.padEnd(24)} ${r.rps.toFixed(digits).padStart(6)} req/s  p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  pgbench ${r.tps.toFixed(digits).padStart(6)} tps (avg ${r.pgLat.toFixed(1)} ms)  ratio ${r.ratio.toFixed(2)}  cpu ms/req server ${msText(r.cpu.server)} pg ${msText(r.cpu.pg)}${r.errors ? `  ${r.errors} errors` : ''}`);
  }
  return rows;
}

/** Writes `rows` under `title` to <out>/<name>.txt and .tsv, prints where, and exits: 1 when a
 *  case had errors or measured nothing. */
export function finish(ctx, title, rows) {
  const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim();
  const text = [`${title}: wrk -c${ctx.conns} -t${ctx.threads} -d${ctx.duration}s; pgbench -c${ctx.conns} -j${ctx.threads} -T${ctx.duration} on the same SQL; load average ${load}`,
    ...rows.map((r) => `${r.name}\t${r.rps.toFixed(2)} req/s\tp50 ${r.p50.toFixed(2)} ms\tp99 ${r.p99.toFixed(2)} ms\tpgbench ${r.tps.toFixed(2)} tps (avg ${r.pgLat.toFixed(1)} ms)\tratio ${r.ratio.toFixed(2)}\tserver ${msText(r.cpu.server)} ms/req\tpg ${msText(r.cpu.pg)} ms/req\terrors ${r.errors}`)].join('\n');
  writeFileSync(join(ctx.out, `${ctx.name}.txt`), `${text}\n`);
  writeFileSync(join(ctx.out, `${ctx.name}.tsv`), ['name\trps\tp50_ms\tp99_ms\terrors\tpgbench_tps\tratio\tstatements\tserver_ms\tpg_ms',
    ...rows.map((r) => [r.name, r.rps, r.p50, r.p99, r.errors, r.tps, r.ratio.toFixed(3), r.statements, msText(r.cpu.server), msText(r.cpu.pg)].join('\t'))].join('\n') + '\n');
  console.log(`load average ${load}; the table is in ${join(ctx.out, `${ctx.name}.txt`)}`);
  process.exit(rows.some((r) => r.errors > 0 || !r.rps || !r.tps) ? 1 : 0);
}
