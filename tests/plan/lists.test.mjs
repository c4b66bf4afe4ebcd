// Plan tests at the province data set (db/generate/province.sql: 30,000 institutions, 300,000 risks
// and inspections, 30,405 users, 300,000 audit entries, 1,000,000 hazards and their events). A server runs against the plan database
// (tests/plan/run.sh: one pooled connection, so its prepared statements reach PostgreSQL's generic
// plans within a few requests) and auto_explain logs the plan of every statement it runs, with its
// real parameters and row-level security scope. For every list, as a county, a city and the
// province's admin, first page and a later page, each request several times: no statement may scan
// a large table sequentially or misjudge a node's rows by 100x.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { logOffset, settledFrom, parsePlans, planProblems, planSummary, indexesOf, walk, MAX_ESTIMATE_FACTOR } from './plancheck.mjs';

const URL_ = process.env.PLAN_URL;
const LOG = process.env.PLAN_PG_LOG;
const OWNER = process.env.PLAN_OWNER_URL;
const REPEAT = Number(process.env.PLAN_REPEAT ?? 6);
const PASSWORD = 'Anquan@2026!';

const CALLERS = [
  { level: 'county', username: 'jl.220103.admin' },
  { level: 'city', username: 'jl.220100.admin' },
  { level: 'province', username: 'jl.admin' },
];
// A list with its filters: the hazards' overdue list (open hazards past their deadline, the
// soonest first), at 1,000,000 hazards.
const LISTS = ['institutions', 'risks', 'inspections', 'users', 'audit', 'hazards?overdue=true&sort=due_at'];

// The checker itself must be able to fail.
test('the checker finds a sequential scan and a 100x estimate', () => {
  const large = new Map([['risks', 300000]]);
  const seq = { 'Node Type': 'Limit', 'Plan Rows': 20, 'Actual Rows': 20, 'Actual Loops': 1,
    Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'risks', 'Plan Rows': 300000, 'Actual Rows': 21, 'Actual Loops': 1, 'Rows Removed by Filter': 299979 }] };
  assert.deepEqual(planProblems(seq, large), ['Seq Scan on risks (kept 21 of 300000 rows read; the table has 300000)']);
  // a capped count's scan, stopped by its Limit after 1,001 rows, reads little
  const capped = { 'Node Type': 'Limit', 'Plan Rows': 1001, 'Actual Rows': 1001, 'Actual Loops': 1,
    Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'risks', 'Plan Rows': 300000, 'Actual Rows': 1001, 'Actual Loops': 1, 'Rows Removed by Filter': 0 }] };
  assert.deepEqual(planProblems(capped, large), []);
  const whole = { 'Node Type': 'Aggregate', 'Plan Rows': 1, 'Actual Rows': 1, 'Actual Loops': 1,
    Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'risks', 'Plan Rows': 299000, 'Actual Rows': 300000, 'Actual Loops': 1 }] };
  assert.deepEqual(planProblems(whole, large), []);
  const under = { 'Node Type': 'Nested Loop', 'Plan Rows': 1, 'Actual Rows': 4400, 'Actual Loops': 1, Plans: [] };
  assert.equal(planProblems(under, large).length, 1);
  const over = { 'Node Type': 'Aggregate', 'Plan Rows': 1, 'Actual Rows': 1, 'Actual Loops': 1,
    Plans: [{ 'Node Type': 'Index Scan', 'Relation Name': 'risks', 'Plan Rows': 300000, 'Actual Rows': 2000, 'Actual Loops': 1 }] };
  assert.equal(planProblems(over, large).length, 1);
  const fine = { 'Node Type': 'Limit', 'Plan Rows': 21, 'Actual Rows': 21, 'Actual Loops': 1,
    Plans: [{ 'Node Type': 'Index Scan', 'Relation Name': 'risks', 'Plan Rows': 300000, 'Actual Rows': 21, 'Actual Loops': 1 }] };
  assert.deepEqual(planProblems(fine, large), []);
  assert.equal(MAX_ESTIMATE_FACTOR, 100);
  const log = '2026-12-01 LOG:  duration: 1.5 ms  plan:\n\t{\n\t  "Query Text": "SELECT 1",\n\t  "Plan": {"Node Type": "Result"}\n\t}\n';
  assert.deepEqual(parsePlans(log), [{ duration: 1.5, query: 'SELECT 1', plan: { 'Node Type': 'Result' } }]);
});

const ready = Boolean(URL_ && LOG && OWNER);
const skip = ready ? false : 'set PLAN_URL, PLAN_PG_LOG and PLAN_OWNER_URL (tests/plan/run.sh)';
let client;
after(async () => { if (client) await client.end(); });

async function large() {
  if (!client) {
    client = new pg.Client({ connectionString: OWNER });
    await client.connect();
  }
  // Tables (and their indexes' heaps) of 10,000 rows or more.
  const { rows } = await client.query(
    "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples >= 10000");
  return new Map(rows.map((r) => [r.relname, Number(r.reltuples)]));
}

async function login(username) {
  const r = await fetch(`${URL_}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }) });
  assert.equal(r.status, 200, `sign-in of ${username}`);
  return (await r.json()).access_token;
}

/** Runs GET `path` and returns { body, plans } (the plans logged while it ran). */
async function traced(token, path) {
  const from = logOffset(LOG);
  const r = await fetch(`${URL_}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = await r.json();
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(body).slice(0, 300)}`);
  return { body, plans: parsePlans(await settledFrom(LOG, from)) };
}

const timings = [];
after(() => {
  if (!timings.length) return;
  console.log('\nslowest statement per list, caller and page (ms, last of the repeats):');
  for (const t of timings) console.log(`  ${t.list.padEnd(13)} ${t.level.padEnd(9)} ${t.page.padEnd(6)} ${t.ms.toFixed(2).padStart(8)}  ${t.rows} rows, total ${t.total ?? '-'}${t.bad ? '  PLAN PROBLEM' : ''}`);
});

// What still fails (nothing today), each with its reason: reported by the runner as "todo" (it does not fail the
// suite), and listed here so that nobody takes it for done. A case that starts passing is
// reported too, so the list only shrinks.
const KNOWN = {};

for (const caller of CALLERS) {
  test(`every list's plans as the ${caller.level}'s admin`, { skip }, async (t) => {
    const big = await large();
    for (const need of ['institutions', 'risks', 'inspections', 'users', 'audit_log', 'hazards', 'workflow_events']) {
      assert.ok(big.has(need), `${need} holds the province data set (tests/plan/setup.sh)`);
    }
    const token = await login(caller.username);
    for (const list of LISTS) {
      let cursor = null;
      for (const page of ['first', 'later']) {
        const key = `${list} ${caller.level} ${page}`;
        await t.test(`${list}, ${page} page`, { todo: KNOWN[key] ?? false }, async () => {
          let path = `/api/v1/${list}${list.includes('?') ? '&' : '?'}limit=20`;
          if (page === 'later') {
            assert.ok(cursor, `${list}: the first page of the ${caller.level} has a next_cursor`);
            path += `&cursor=${encodeURIComponent(cursor)}`;
          }
          let slowest = 0;
          let body;
          const failures = [];
          for (let i = 0; i < REPEAT; i++) {
            const res = await traced(token, path);
            body = res.body;
            assert.ok(res.plans.length > 0, `${path}: auto_explain logged no plan (tests/plan/setup.sh)`);
            slowest = 0;
            for (const p of res.plans) {
              const problems = planProblems(p.plan, big);
              if (problems.length && failures.length < 3) {
                failures.push(`request ${i + 1}: ${problems.join('; ')}\n${p.query.slice(0, 400)}\n${planSummary(p.plan)}`);
              }
              slowest = Math.max(slowest, p.duration);
            }
          }
          if (page === 'first') cursor = body.next_cursor;
          timings.push({ list, level: caller.level, page, ms: slowest, rows: body.items.length, total: body.total, bad: failures.length > 0 });
          assert.equal(body.items.length, 20, `${path}: a full page`);
          assert.deepEqual(failures, [], `${key}`);
        });
      }
    }
  });
}

// A name search (q) finds its few rows through the trigram index, as the province's admin: ILIKE
// is marked LEAKPROOF (deploy/pg.sh, tests/plan/setup.sh), without which the index may not come
// before row-level security and the search reads every org of the subtree (30,000).
test('a name search as the province reads the trigram index, not the whole tree', { skip }, async () => {
  const big = await large();
  assert.ok(big.has('orgs') || big.has('institutions'), 'the province data set (tests/plan/setup.sh)');
  const token = await login(CALLERS.find((c) => c.level === 'province').username);
  const { body, plans } = await traced(token, `/api/v1/institutions?q=${encodeURIComponent('口腔医院（1029')}&limit=20`);
  assert.ok(body.items.length >= 1 && body.items.every((i) => i.name.includes('口腔医院（1029')), JSON.stringify(body).slice(0, 300));
  const problems = plans.flatMap((p) => planProblems(p.plan, big));
  const indexes = indexesOf(plans);
  assert.deepEqual(problems, []);
  assert.ok(indexes.has('institutions_name_trgm'), `the search used ${[...indexes].join(', ')}`);
  // a first page that holds every match is its own total: no count behind it
  assert.ok(body.items.length < 20 && body.total === body.items.length, `total ${body.total} of ${body.items.length}`);
  assert.deepEqual(plans.filter((p) => /count\(\*\) AS total/.test(p.query)).map((p) => p.query.slice(0, 120)), [],
    'a page of every match runs no count');
});

// A county's institutions and users in name order walk the county's own index in that order and
// stop after the page (migrations 0035, 0037), rather than reading and sorting the county's few
// hundred; a first page with more matches than it shows reads its total from the counts kept
// per county (migration 0040) by their key, instead of counting them.
for (const [list, index] of [['institutions', 'institutions_county_by_name'], ['users', 'users_county_by_username']]) {
  test(`a county's ${list} list reads its county's index in name order`, { skip }, async () => {
    const token = await login(CALLERS.find((c) => c.level === 'county').username);
    const { body, plans } = await traced(token, `/api/v1/${list}?limit=20`);
    assert.equal(body.items.length, 20);
    assert.ok(body.total > 20, `total ${body.total}`);
    const indexes = indexesOf(plans);
    assert.ok(indexes.has(index), `the list used ${[...indexes].join(', ')}`);
    const kept = plans.find((p) => /FROM subtree_counts/.test(p.query));
    assert.ok(kept, 'a page with more matches reads its kept total');
    assert.ok(indexesOf([kept]).has('subtree_counts_pkey'), `the total read ${[...indexesOf([kept])].join(', ')}`);
    assert.deepEqual(plans.filter((p) => /count\(\*\) AS total/.test(p.query)).map((p) => p.query.slice(0, 120)), [],
      'and counts nothing');
  });
}

// The province's plain pages of institutions and users keep a plan too (list.c, LEVEL_PROVINCE):
// their statement tests no path (row-level security holds the page to the province), walks the
// list's index in its order without a sort, and reads its total from the province's kept counts.
for (const list of ['institutions', 'users']) {
  test(`the province's plain ${list} pages run on a plan kept for their shape`, { skip }, async () => {
    const token = await login(CALLERS.find((c) => c.level === 'province').username);
    const big = await large();
    const first = await traced(token, `/api/v1/${list}?limit=20`);
    assert.ok(first.body.next_cursor && first.body.total === 1000 && first.body.total_capped === true,
      `${list}: total ${first.body.total}`);
    for (const res of [first, await traced(token, `/api/v1/${list}?limit=20&cursor=${encodeURIComponent(first.body.next_cursor)}`)]) {
      assert.equal(res.body.items.length, 20);
      const page = res.plans.find((p) => / AS _kid /.test(p.query));
      assert.ok(page, `${list}: the page's plan was logged`);
      assert.doesNotMatch(page.query, /CASE nlevel|ltree_risparent/, `${list}: the statement tests no path of its own`);
      assert.match(page.query, / LIMIT 21\b/, `${list}: the statement is written for 20 rows`);
      const nodes = [...walk(page.plan)].map(({ node }) => node['Node Type']);
      assert.ok(!nodes.includes('Sort') && !nodes.includes('Gather Merge'), `${list}: ${nodes.join(', ')}`);
      assert.deepEqual(res.plans.flatMap((p) => planProblems(p.plan, big)), [], `${list}`);
    }
    assert.ok(first.plans.some((p) => /FROM subtree_counts/.test(p.query)), `${list}: the kept total`);
  });
}

// A city's and a county's plain page (no filter but archived) keeps its plan on its connection
// (api/resource/list.c, cached_plan_ok): its statement is written for the subtree's level and for
// a first or later page, so a plan made once walks the subtree's own index from the cursor for
// any city or county. Planning had been two thirds of such a page. The plan holds the
// parameter ($1) where a plan made for this request holds the county's path; a filtered page is
// planned for its values as before (and so are the province's pages of risks and inspections).
for (const level of ['county', 'city']) {
  test(`a ${level}'s plain pages run on a plan kept for their shape, a filtered one on its own`, { skip }, async () => {
    const token = await login(CALLERS.find((c) => c.level === level).username);
    const big = await large();
    for (const list of ['institutions', 'risks', 'inspections', 'users', 'audit']) {
      const first = await traced(token, `/api/v1/${list}?limit=20`);
      assert.ok(first.body.next_cursor, `${list}: a next page`);
      for (const res of [first, await traced(token, `/api/v1/${list}?limit=20&cursor=${encodeURIComponent(first.body.next_cursor)}`)]) {
        assert.equal(res.body.items.length, 20);
        const page = res.plans.find((p) => / AS _kid /.test(p.query));
        assert.ok(page, `${list}: the page's plan was logged`);
        assert.doesNotMatch(page.query, /CASE nlevel/, `${list}: the statement is written for the level`);
        // and for 20 rows and no filter: the filters' tests are folded away
        assert.match(page.query, / LIMIT 21\b/, `${list}: the statement is written for 20 rows`);
        assert.doesNotMatch(page.query, /\$\d+::[a-z_]+ IS NULL OR (?!\w+\.archived)/, `${list}: no filter is tested`);
        const conds = [...walk(page.plan)].map(({ node }) => node['Index Cond'] ?? '').join(' ');
        assert.match(conds, /_path = \$1\b/, `${list}: the kept plan's index condition (${conds})`);
        assert.deepEqual(res.plans.flatMap((p) => planProblems(p.plan, big)), [], `${list}`);
      }
    }
    const filtered = await traced(token, '/api/v1/risks?limit=20&grade=low');
    const page = filtered.plans.find((p) => / AS _kid /.test(p.query));
    assert.ok(page, 'the filtered page\'s plan was logged');
    assert.match(page.query, /LIMIT \$\d+::int/, 'and its size is a parameter');
    assert.match(page.query, /CASE nlevel/, 'a filtered page runs the statement for every level, planned for its values');
  });
}
