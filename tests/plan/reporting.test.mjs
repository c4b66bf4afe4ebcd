// Plan tests of the reporting table (issue 10, part O) at the province data set
// (db/generate/province.sql and db/generate/province-reporting.sql: 吉林省's spring campaign, a
// weekly duty for its 9 cities and 72 counties, 1,000,000 hazards): GET
// /campaigns/{id}/reporting for one week as a county's, a city's and the province's admin, each
// several times (the server's one pooled connection reaches PostgreSQL's generic plans): no
// statement may scan a large table sequentially to keep a small part of it, or misjudge a node's
// rows by 100x; and the table holds what the data set says (every city and county of the caller's
// subtree, each with its live figures).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { logOffset, settledFrom, parsePlans, planProblems, planSummary } from './plancheck.mjs';

const URL_ = process.env.PLAN_URL;
const LOG = process.env.PLAN_PG_LOG;
const OWNER = process.env.PLAN_OWNER_URL;
const REPEAT = Number(process.env.PLAN_REPEAT ?? 6);
const PASSWORD = 'Anquan@2026!';

// caller, and the rows its table must have (the cities and counties below it)
const CALLERS = [
  { level: 'county', username: 'jl.220103.admin', cities: 0, counties: 0 },
  { level: 'city', username: 'jl.220100.admin', cities: 0, counties: 8 },
  { level: 'province', username: 'jl.admin', cities: 9, counties: 72 },
];

// What still fails, each with its reason: reported by the runner as "todo" (it does not fail the
// suite), and listed here so that nobody takes it for done.
const KNOWN = {
  // The rows' join with their subtrees' sums (oversight_sql.c: f, one grouping set per level below
  // the table's org) is estimated at the sums' size, about 74,000 groups over the province's six
  // levels, where 81 rows match: a hash join of 81 rows, whose overestimate changes no plan above it.
  province: 'the join of the rows with the sums of the six levels is estimated at the sums\' size',
};

test('the checker does not judge BitmapAnd and BitmapOr, which always report zero rows', () => {
  const large = new Map([['hazards', 1000000]]);
  const plan = { 'Node Type': 'Bitmap Heap Scan', 'Relation Name': 'hazards', 'Plan Rows': 1372, 'Actual Rows': 1149, 'Actual Loops': 1,
    Plans: [{ 'Node Type': 'BitmapAnd', 'Plan Rows': 1372, 'Actual Rows': 0, 'Actual Loops': 1 }] };
  assert.deepEqual(planProblems(plan, large), []);
  const off = { ...plan, 'Actual Rows': 1 };
  assert.equal(planProblems(off, large).length, 1, 'the heap scan above is still judged');
});

const ready = Boolean(URL_ && LOG && OWNER);
const skip = ready ? false : 'set PLAN_URL, PLAN_PG_LOG and PLAN_OWNER_URL (tests/plan/run.sh)';
let client;
after(async () => { if (client) await client.end(); });

async function owner(sql) {
  if (!client) {
    client = new pg.Client({ connectionString: OWNER, options: '-c app.org_path=*' });
    await client.connect();
  }
  return (await client.query(sql)).rows;
}

async function login(username) {
  const r = await fetch(`${URL_}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }) });
  assert.equal(r.status, 200, `sign-in of ${username}`);
  return (await r.json()).access_token;
}

const timings = [];
after(() => {
  if (!timings.length) return;
  console.log('\nslowest statement of the reporting table per caller (ms, last of the repeats):');
  for (const t of timings) console.log(`  ${t.level.padEnd(9)} ${t.ms.toFixed(2).padStart(8)}  ${t.rows} rows${t.bad ? '  PLAN PROBLEM' : ''}`);
});

for (const caller of CALLERS) {
  test(`the reporting table's plans as the ${caller.level}'s admin`, { skip, todo: KNOWN[caller.level] ?? false }, async () => {
    const large = new Map((await owner(
      "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples >= 10000"))
      .map((r) => [r.relname, Number(r.reltuples)]));
    assert.ok(large.has('hazards'), 'the province data set is loaded (tests/plan/setup.sh)');
    const [{ campaign, duty }] = await owner("SELECT md5('bench campaign')::uuid AS campaign, md5('bench duty 1')::uuid AS duty");
    assert.equal((await owner(`SELECT count(*)::int AS n FROM campaigns WHERE id = '${campaign}'`))[0].n, 1,
      'the province\'s campaign is generated (db/generate/province-reporting.sql)');
    const token = await login(caller.username);
    const path = `/api/v1/campaigns/${campaign}/reporting?duty_id=${duty}&period=2026-W12`;
    const failures = [];
    let slowest = 0;
    let body;
    for (let i = 0; i < REPEAT; i++) {
      const from = logOffset(LOG);
      const r = await fetch(`${URL_}${path}`, { headers: { Authorization: `Bearer ${token}` } });
      body = await r.json();
      assert.equal(r.status, 200, `${path}: ${JSON.stringify(body).slice(0, 300)}`);
      const plans = parsePlans(await settledFrom(LOG, from));
      assert.ok(plans.length > 0, 'auto_explain logged the plans (tests/plan/setup.sh)');
      slowest = 0;
      for (const p of plans) {
        const problems = planProblems(p.plan, large);
        if (problems.length && failures.length < 3) failures.push(`request ${i + 1}: ${problems.join('; ')}\n${p.query.slice(0, 300)}\n${planSummary(p.plan)}`);
        slowest = Math.max(slowest, p.duration);
      }
    }
    timings.push({ level: caller.level, ms: slowest, rows: body.rows.length, bad: failures.length > 0 });
    assert.equal(body.rows.filter((r) => r.level === 'city').length, caller.cities, 'every city below the caller');
    assert.equal(body.rows.filter((r) => r.level === 'county').length, caller.counties, 'every county below the caller');
    for (const r of body.rows) assert.equal(typeof r.live_figures.overdue, 'number', 'live figures on every row');
    assert.deepEqual(failures, []);
  });
}

// The province's table adds up its 47,000 per-unit figures at six levels by grouping sets: they are
// sorted in memory (oversight_plan sets the statement's work_mem), not merged on disk, which took a
// quarter of the table's time.
test("the province's reporting table sorts in memory", { skip }, async () => {
  const [{ campaign, duty }] = await owner("SELECT md5('bench campaign')::uuid AS campaign, md5('bench duty 1')::uuid AS duty");
  const token = await login('jl.admin');
  const from = logOffset(LOG);
  const r = await fetch(`${URL_}/api/v1/campaigns/${campaign}/reporting?duty_id=${duty}&period=2026-W12`,
    { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  const plans = parsePlans(await settledFrom(LOG, from));
  const sorts = [];
  const walk = (node) => {
    if (node['Sort Method']) sorts.push(`${node['Sort Method']} (${node['Sort Space Type']} ${node['Sort Space Used']} kB)`);
    for (const child of node.Plans ?? []) walk(child);
  };
  for (const p of plans) walk(p.plan);
  assert.ok(sorts.length > 0, 'the table sorts (auto_explain logs ANALYZE plans: tests/plan/setup.sh)');
  assert.deepEqual(sorts.filter((s) => s.includes('Disk')), [], sorts.join(', '));
});
