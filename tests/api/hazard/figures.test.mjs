// GET /hazards/figures: found, closed, cancelled, rectification rate, open major, listed, overdue
// and rebounds of a subtree and period, and per child org; held against a direct count (owner
// connection) and against what the test inserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { q, closeDb } from '../lib/fixtures.mjs';
import { opsTree, caller, insertHazard } from './ops-fixtures.mjs';

after(closeDb);

const NOW = '2026-04-20T12:00:00+08:00';
let t;
before(async () => {
  t = await opsTree();
  const at = (d) => `${d}T10:00:00+08:00`;
  // the county: found in March 2026
  const first = await insertHazard(t.unit, { state: 'closed', found_at: at('2026-03-02'), deadline: '2026-03-20' });
  await insertHazard(t.unit, { state: 'rectifying', found_at: at('2026-03-05'), deadline: '2026-04-01' }); // overdue at NOW
  await insertHazard(t.unit, { state: 'notice_issued', level: 'major', listed: true, found_at: at('2026-03-10'), deadline: '2026-05-01', registeredBy: t.county });
  await insertHazard(t.unit2, { state: 'cancelled', found_at: at('2026-03-11'), deadline: null });
  await insertHazard(t.unit2, { state: 'reported', source: 'lookback', previous_id: first.id, found_at: at('2026-03-31'), deadline: null });
  await insertHazard(t.unit2, { state: 'closed', level: 'major', found_at: at('2026-03-15'), deadline: '2026-03-30' });
  // outside the period: the day before (Shanghai) and the day after
  await insertHazard(t.unit, { state: 'rectifying', found_at: '2026-02-28T15:59:59Z', deadline: '2026-03-01' });
  await insertHazard(t.unit, { state: 'rectifying', found_at: '2026-03-31T16:00:00Z', deadline: '2026-04-02' });
  // the sibling county
  await insertHazard(t.sunit, { state: 'closed', found_at: at('2026-03-03'), deadline: '2026-03-10' });
  await insertHazard(t.sunit, { state: 'acceptance_requested', found_at: at('2026-03-04'), deadline: '2026-03-10' });
});

/** The figures by a direct count of the owner connection. */
async function direct(path) {
  const [r] = await q(`SELECT count(*)::int AS found,
      count(*) FILTER (WHERE state = 'closed')::int AS closed,
      count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled,
      count(*) FILTER (WHERE level = 'major' AND state NOT IN ('closed', 'cancelled'))::int AS open_major,
      count(*) FILTER (WHERE listed_at IS NOT NULL)::int AS listed,
      count(*) FILTER (WHERE state IN ('registered', 'notice_issued', 'rectifying', 'acceptance_requested')
                       AND due_at <= $2::timestamptz)::int AS overdue,
      count(*) FILTER (WHERE previous_id IS NOT NULL)::int AS rebounds
    FROM hazards WHERE org_path <@ $1::ltree AND NOT archived
      AND found_at >= '2026-03-01 00:00+08' AND found_at < '2026-04-01 00:00+08'`, [path, NOW]);
  r.rectification_rate = r.found - r.cancelled > 0 ? round(r.closed / (r.found - r.cancelled)) : null;
  return r;
}
// the rate as a JSON number is exact to 15 digits
const round = (x) => (x === null ? null : Math.round(x * 1e9) / 1e9);
const pick = (o) => Object.fromEntries(['found', 'closed', 'cancelled', 'rectification_rate', 'open_major', 'listed', 'overdue', 'rebounds']
  .map((k) => [k, k === 'rectification_rate' ? round(o[k]) : o[k]]));

async function figures(token, query) {
  const res = await api('GET', `/api/v1/hazards/figures?${query}`, { token, headers: { 'X-Anquan-Now': NOW } });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/hazards/figures' });
  return res.body;
}

test('a city\'s figures equal a direct count, for the city and for each county below it', async () => {
  const { token } = await caller(t.city, 'leader');
  const f = await figures(token, 'from=2026-03-01&to=2026-03-31');
  assert.equal(f.org_id, t.city.id);
  assert.equal(f.now, '2026-04-20T04:00:00Z');
  assert.deepEqual(pick(f.totals), await direct(t.city.path));
  assert.deepEqual(f.by_org.map((o) => o.org_id), [t.county.id, t.sibling.id], 'each county below the city, in order');
  for (const o of f.by_org) {
    const path = o.org_id === t.county.id ? t.county.path : t.sibling.path;
    assert.deepEqual(pick(o), await direct(path), `the figures of ${o.org_name}`);
  }
  // and what the test inserted
  const county = f.by_org.find((o) => o.org_id === t.county.id);
  assert.deepEqual(pick(county), { found: 6, closed: 2, cancelled: 1, rectification_rate: 0.4, open_major: 1, listed: 1, overdue: 1, rebounds: 1 });
  const sibling = f.by_org.find((o) => o.org_id === t.sibling.id);
  assert.deepEqual(pick(sibling), { found: 2, closed: 1, cancelled: 0, rectification_rate: 0.5, open_major: 0, listed: 0, overdue: 1, rebounds: 0 });
  assert.equal(f.totals.found, 8);
});

test('a county\'s figures per unit; org_id narrows to a child; without a period every hazard counts', async () => {
  const { token } = await caller(t.county, 'inspector');
  const f = await figures(token, 'from=2026-03-01&to=2026-03-31');
  assert.deepEqual(f.by_org.map((o) => [o.org_id, o.found]), [[t.unit.id, 3], [t.unit2.id, 3]]);
  const one = await figures(token, `org_id=${t.unit.id}&from=2026-03-01&to=2026-03-31`);
  assert.equal(one.totals.found, 3);
  assert.deepEqual(one.by_org, [], 'a unit has no org below it');
  const all = await figures(token, '');
  assert.equal(all.totals.found, 8, 'the two outside the period count without one');
  assert.equal(all.from, null);
});

test('another branch\'s org answers 404 like a missing one; bad input answers 400 naming the parameter', async () => {
  const { token } = await caller(t.county, 'admin');
  const foreign = await api('GET', `/api/v1/hazards/figures?org_id=${t.sibling.id}`, { token });
  const missing = await api('GET', '/api/v1/hazards/figures?org_id=00000000-0000-4000-8000-000000000000', { token });
  expectProblem(foreign, 404, 'not_found');
  expectProblem(missing, 404, 'not_found');
  const up = await api('GET', `/api/v1/hazards/figures?org_id=${t.city.id}`, { token });
  expectProblem(up, 404, 'not_found');
  for (const [query, field] of [['org_id=x', 'org_id'], ['from=2026-13-01', 'from'], ['from=2026-03-02&to=2026-03-01', 'to']]) {
    const res = await api('GET', `/api/v1/hazards/figures?${query}`, { token });
    assert.equal(expectProblem(res, 400, 'validation_failed').errors[0].field, field, query);
  }
  const sib = await figures((await caller(t.sibling, 'admin')).token, 'from=2026-03-01&to=2026-03-31');
  assert.equal(sib.totals.found, 2, 'the sibling county counts only its own');
});
