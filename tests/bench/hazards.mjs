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
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { login } from './lists.mjs';
import { setup, owner, call, capture, measure, finish } from './suite.mjs';

const ctx = setup('hazards', Number(process.env.BENCH_CONNECTIONS ?? 32));
const { base, raw, root } = ctx;

const POOL = 20000;
const REGISTER = { level: 'general', category: 'fire', deadline: '2030-12-31', requirement: '限期整改到位' };

// The pool: reported general hazards of the generated province, by their numbers (the generator's
// ids are md5('hazard' || n)); put back to reported, as generated, before each run.
const POOL_SQL = `SELECT md5('hazard' || g)::uuid FROM generate_series(0, 999999) AS g
  WHERE abs(hashint4(g)::bigint) % 100 < 5 AND g % 50 <> 3 ORDER BY g LIMIT ${POOL}`;
function resetPool() {
  owner(ctx, `CREATE TABLE IF NOT EXISTS bench_hazard_pool (k integer PRIMARY KEY, id uuid NOT NULL);
    GRANT SELECT ON bench_hazard_pool TO anquan_app;
    INSERT INTO bench_hazard_pool SELECT row_number() OVER (), id FROM (${POOL_SQL}) AS p(id) ON CONFLICT DO NOTHING;
    UPDATE hazards h SET state = 'reported', level = 'general', criterion_id = NULL, major_basis = NULL, deadline = NULL,
           requirement = NULL, registered_org_id = NULL, registered_org_level = NULL, registered_by = NULL, registered_at = NULL
      FROM bench_hazard_pool p WHERE h.id = p.id AND h.state <> 'reported';`);
  return owner(ctx, 'SELECT id FROM bench_hazard_pool ORDER BY k').trim().split('\n');
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
  const sample = pool[pool.length - 1];
  let listSql = [];
  let moveSql = [];
  await capture(ctx, Number(process.env.HAZARDS_CAPTURE_PORT ?? (Number(new URL(base).port || 80) + 8)), async (at, sqlOf) => {
    const c = await login(at, 'jl.220103.admin');
    const p = await login(at, 'jl.admin');
    await new Promise((r) => setTimeout(r, 300)); // the start's sweep is done
    listSql = await sqlOf(() => call(at + overdue, c));
    moveSql = await sqlOf(() => call(`${at}/api/v1/hazards/${sample}/actions/register`, p, 'POST', REGISTER));
  });
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

  const rows = measure(ctx, [
    { name: 'hazards-overdue-county', script: listScript, statements: listSql.length,
      wrk: ['-H', `Authorization: Bearer ${county}`, '-s', join(root, 'tests/bench/latency.lua'), base + overdue] },
    { name: 'hazard-register', script: moveScript, statements: moveSql.length, mode: 'prepared',
      wrk: ['-H', `Authorization: Bearer ${province}`, '-s', join(root, 'tests/bench/transition.lua'), base],
      env: { BENCH_POOL_FILE: poolFile, BENCH_WRK_BODY: JSON.stringify(REGISTER), BENCH_WRK_ACTION: 'register', BENCH_WRK_THREADS: String(ctx.threads) } },
  ]);
  resetPool();
  finish(ctx, 'hazards at 1,000,000', rows);
}

main().catch((e) => { console.error(e); process.exit(1); });
