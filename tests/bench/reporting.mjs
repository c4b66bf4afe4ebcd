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
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { login } from './lists.mjs';
import { setup, owner, call, capture, measure, finish } from './suite.mjs';

const ctx = setup('reporting', Number(process.env.REPORTING_CONNECTIONS ?? 4));
const { base, raw, root } = ctx;

// The generator's campaign and duties (db/generate/province-reporting.sql): ids made from names.
const CAMPAIGN = owner(ctx, "SELECT md5('bench campaign')::uuid").trim();
const DUTY = owner(ctx, "SELECT md5('bench duty 1')::uuid").trim();
const PERIOD = '2026-W12';

async function main() {
  const province = await login(base, 'jl.admin');
  const url = `/api/v1/campaigns/${CAMPAIGN}/reporting?duty_id=${DUTY}&period=${PERIOD}`;
  const table = await call(base + url, province);
  const counties = table.rows.filter((r) => r.level === 'county').length;
  const cities = table.rows.filter((r) => r.level === 'city').length;
  if (cities !== 9 || counties !== 72) throw new Error(`the province's table has ${cities} cities and ${counties} counties (db/generate/province-reporting.sql loaded?)`);
  if (!table.rows.every((r) => r.live_figures && typeof r.live_figures.overdue === 'number')) throw new Error('a row without live figures');

  // The SQL of the request, from a second server instance whose statements are logged.
  let sql = [];
  await capture(ctx, Number(process.env.REPORTING_CAPTURE_PORT ?? (Number(new URL(base).port || 80) + 9)), async (at, sqlOf) => {
    const p = await login(at, 'jl.admin');
    await new Promise((r) => setTimeout(r, 300)); // the start's sweep is done
    await call(at + url, p); // the gate's remembered principal: the next one is the one-round-trip read
    sql = await sqlOf(() => call(at + url, p));
  });
  if (!sql.some((s) => s.includes('WITH ob AS MATERIALIZED'))) throw new Error('the captured request has no reporting table');
  const script = join(raw, 'reporting-province.sql');
  writeFileSync(script, `-- tests/bench/reporting.mjs: what the server ran for GET ${url} as jl.admin\nBEGIN READ ONLY;\n${sql.map((s) => `${s};`).join('\n')}\nROLLBACK;\n`);

  const rows = measure(ctx, [
    { name: 'reporting-province', script, statements: sql.length,
      wrk: ['-H', `Authorization: Bearer ${province}`, '-s', join(root, 'tests/bench/latency.lua'), base + url] },
  ]);
  finish(ctx, "the province's reporting table (9 cities, 72 counties, live figures over 1,000,000 hazards)", rows);
}

main().catch((e) => { console.error(e); process.exit(1); });
