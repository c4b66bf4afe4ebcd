// The reporting table's open-hazard figures (major_open, listed_open, overdue) come from the open
// hazards' counts by nearest administration (hazard_open_counts, migration 0026), kept by triggers
// on hazards and orgs. Every move of a hazard (report, register, list, level and deadline change,
// an extension granted, cancel, close, archive) and a unit moved to another county keeps them
// exact: the counts equal a count made again from the hazards, and each row's live figures equal
// report_figures() (a direct count) and the three figures counted here directly. Overdue turns at
// midnight in Asia/Shanghai after the deadline day (X-Anquan-Now).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import {
  APP_URL, connect, q, closeDb, tree, login, createUser, createCampaign, campaignDuties, reportFigures, createInstitution, createOrg, createHazard, createAttachment,
} from '../lib/fixtures.mjs';

after(closeDb);

// 2019-W32: Monday 2019-08-05 .. Sunday 08-11. The moves happen on 08-01; the table is read on 08-10.
const PERIOD = '2019-W32';
const START = '2019-08-05';
const END = '2019-08-11';
const MOVES_AT = '2019-08-01T09:00:00+08:00';
const READ_AT = '2019-08-10T09:00:00+08:00';
const OPEN_COUNTING = "('registered', 'notice_issued', 'rectifying', 'acceptance_requested')";

let t; let campaign; let duty; let cityAdmin; let provAdmin; let X; let Y; let U1; let U2; let xAdmin; let u1Officer; let criterion;
before(async () => {
  t = await tree();
  // two fresh counties of the fixture city, two units in the first
  X = await createOrg({ parent_id: t.cityA.id, level: 'county' });
  Y = await createOrg({ parent_id: t.cityA.id, level: 'county' });
  U1 = await createInstitution({ parent_id: X.id });
  U2 = await createInstitution({ parent_id: X.id });
  campaign = await createCampaign({ org_id: t.cityA.id, state: 'issued' });
  await q('DELETE FROM campaign_duties WHERE campaign_id = $1', [campaign.id]);
  await q(`INSERT INTO campaign_duties (campaign_id, org_path, position, content, title, recurrence, weekday, due_time, reporters)
           VALUES ($1, $2::ltree, 1, 'progress', '进展情况', 'weekly', 5, '11:00', '{counties,all_units}')`, [campaign.id, campaign.org_path]);
  [duty] = await campaignDuties(campaign.id);
  cityAdmin = await login((await createUser({ org_id: t.cityA.id, role: 'admin' })).username);
  provAdmin = await login('ln.admin');
  xAdmin = await login((await createUser({ org_id: X.id, role: 'admin' })).username);
  u1Officer = await login((await createUser({ org_id: U1.org_id, role: 'safety_officer' })).username);
  criterion = (await q("SELECT id FROM hazard_criteria WHERE code = 'nhc-2023-09'"))[0].id;
});

/** A hazard action through its endpoint at MOVES_AT. */
async function act(id, action, token, body) {
  const r = await api('POST', `/api/v1/hazards/${id}/actions/${action}`, { token, body, headers: { 'X-Anquan-Now': MOVES_AT } });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.body;
}

/** The counts made again from every hazard, against those kept: [] when they agree. */
async function drift() {
  return q(`WITH want AS (
              SELECT CASE WHEN g.level = 'unit' THEN g.parent_id ELSE g.id END AS org_id,
                     CASE WHEN g.level = 'unit' THEN subpath(g.path, 0, nlevel(g.path) - 1) ELSE g.path END::text AS org_path,
                     coalesce(h.deadline, 'infinity'::date) AS deadline, h.level = 'major' AS major, h.listed,
                     h.state IN ${OPEN_COUNTING} AS counting, count(*)::int AS n
              FROM hazards h JOIN orgs g ON g.id = h.org_id
              WHERE h.state NOT IN ('closed', 'cancelled') AND NOT h.archived GROUP BY 1, 2, 3, 4, 5, 6
            ), have AS (
              SELECT org_id, org_path::text AS org_path, deadline, major, listed, counting, n FROM hazard_open_counts
            )
            SELECT 'missing' AS what, * FROM (TABLE want EXCEPT TABLE have) a
            UNION ALL SELECT 'extra', * FROM (TABLE have EXCEPT TABLE want) b`);
}

/** The three open figures of org `id`'s subtree counted directly from the hazards at `now`. */
async function direct(id, now) {
  const [r] = await q(`SELECT count(*) FILTER (WHERE h.level = 'major')::int AS major_open,
                              count(*) FILTER (WHERE h.listed)::int AS listed_open,
                              count(*) FILTER (WHERE h.state IN ${OPEN_COUNTING} AND h.due_at <= $2::timestamptz)::int AS overdue
                       FROM hazards h JOIN orgs o ON o.id = $1 AND h.org_path <@ o.path
                       WHERE h.state NOT IN ('closed', 'cancelled') AND NOT h.archived`, [id, now]);
  return r;
}

const withoutAsOf = (f) => { const { as_of: _a, ...rest } = f; return rest; };

/**
 * The counts agree with the hazards; the city's table at `now` gives each of X, Y, U1 and U2 the
 * live figures report_figures() gives and the open figures counted directly. Returns the rows'
 * live figures by org id.
 */
async function check(label, now = READ_AT) {
  assert.deepEqual(await drift(), [], `${label}: the counts equal the hazards'`);
  const qs = new URLSearchParams({ duty_id: duty.id, period: PERIOD }).toString();
  const res = await api('GET', `/api/v1/campaigns/${campaign.id}/reporting?${qs}`, { token: cityAdmin, headers: { 'X-Anquan-Now': now } });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/campaigns/{id}/reporting' });
  const out = {};
  for (const id of [X.id, Y.id, U1.org_id, U2.org_id]) {
    const row = res.body.rows.find((r) => r.org_id === id);
    assert.ok(row, `${label}: a row for ${id}`);
    const live = withoutAsOf(row.live_figures);
    assert.deepEqual(live, withoutAsOf(await reportFigures(id, START, END, now)), `${label}: live figures of ${id} are report_figures`);
    const d = await direct(id, now);
    assert.deepEqual({ major_open: live.major_open, listed_open: live.listed_open, overdue: live.overdue }, d,
      `${label}: open figures of ${id} counted directly`);
    out[id] = live;
  }
  return out;
}
const open3 = (f) => [f.major_open, f.listed_open, f.overdue];

test('the counts follow every move of a hazard and a unit moved to another county; live figures stay exact', { timeout: 120_000 }, async () => {
  let f = await check('before any hazard');
  assert.deepEqual(open3(f[X.id]), [0, 0, 0]);

  // reported by the unit: open, not yet counting towards overdue (no deadline)
  const h1 = await createHazard({ institution: U1 });
  f = await check('reported');
  assert.deepEqual(open3(f[X.id]), [0, 0, 0]);
  assert.equal((await q('SELECT sum(n)::int AS n FROM hazard_open_counts WHERE org_id = $1', [X.id]))[0].n, 1,
    'the unit\'s hazard counts at its county');

  // reported and fixed on the spot by the unit's own caller (its scope does not hold the county)
  const r0 = await api('POST', '/api/v1/hazards', { token: u1Officer, headers: { 'X-Anquan-Now': MOVES_AT },
    body: { institution_id: U1.id, description: '走廊堆放杂物', category: 'fire', found_at: '2019-08-01T08:00:00+08:00',
      attachments: [(await createAttachment({ org_id: U1.org_id })).id] } });
  assert.equal(r0.status, 201, r0.text);
  f = await check('reported by the unit');
  assert.equal((await q('SELECT sum(n)::int AS n FROM hazard_open_counts WHERE org_id = $1', [X.id]))[0].n, 2);
  await act(r0.body.id, 'fix_on_spot', u1Officer, { rectification: '当场清理完毕', attachments: [(await createAttachment({ org_id: U1.org_id })).id] });
  f = await check('fixed on the spot by the unit');
  assert.equal((await q('SELECT sum(n)::int AS n FROM hazard_open_counts WHERE org_id = $1', [X.id]))[0].n, 1);

  // registered by the county with a deadline before the read: overdue
  await act(h1.id, 'register', xAdmin, { level: 'general', deadline: '2019-08-05', requirement: '限期清理' });
  f = await check('registered, overdue');
  assert.deepEqual(open3(f[X.id]), [0, 0, 1]);
  assert.deepEqual(open3(f[U1.org_id]), [0, 0, 1], 'the unit\'s own row counts it too');
  assert.deepEqual(open3(f[U2.org_id]), [0, 0, 0]);

  // a second one registered major, then listed by the county
  const h2 = await createHazard({ institution: U1 });
  await act(h2.id, 'register', xAdmin, { level: 'major', deadline: '2019-08-20', criterion_id: criterion });
  f = await check('registered major');
  assert.deepEqual(open3(f[X.id]), [1, 0, 1]);
  await act(h2.id, 'list', xAdmin, { listing_document: '测卫安督〔2019〕1号', listing_due: '2019-09-30' });
  f = await check('listed');
  assert.deepEqual(open3(f[X.id]), [1, 1, 1]);

  // the first one's level changed to major
  await q("UPDATE hazards SET level = 'major', major_basis = '测试：改判为重大隐患' WHERE id = $1", [h1.id]);
  f = await check('level changed');
  assert.deepEqual(open3(f[X.id]), [2, 1, 1]);

  // a third under a county notice, overdue, then extended by the county at the unit's request
  const h3 = await createHazard({ institution: U1, state: 'notice_issued', deadline: '2019-08-07' });
  const [n] = await q(`INSERT INTO rectification_notices (issuer_org_id, issuer_org_path, org_id, org_path, year, seq, number, deadline)
                       SELECT c.id, c.path, u.id, u.path, 2019, 1, '测试〔2019〕' || gen_random_uuid() || '号', '2019-08-07'
                       FROM orgs c, orgs u WHERE c.id = $1 AND u.id = $2 RETURNING id`, [X.id, U1.org_id]);
  await q('UPDATE hazards SET notice_id = $2 WHERE id = $1', [h3.id, n.id]);
  f = await check('notice issued, overdue');
  assert.deepEqual(open3(f[X.id]), [2, 1, 2]);
  await act(h3.id, 'request_extension', u1Officer, { extension_until: '2019-08-31', reason: '需采购设备' });
  const granted = await act(h3.id, 'grant_extension', xAdmin, {});
  assert.equal(granted.deadline, '2019-08-31');
  f = await check('extension granted');
  assert.deepEqual(open3(f[X.id]), [2, 1, 1]);

  // the major one's deadline brought forward: overdue
  await q("UPDATE hazards SET deadline = '2019-08-06' WHERE id = $1", [h2.id]);
  f = await check('deadline changed');
  assert.deepEqual(open3(f[X.id]), [2, 1, 2]);

  // cancelled, closed, archived: no longer open
  await act(h1.id, 'cancel', xAdmin, { reason: '经核实为误报' });
  f = await check('cancelled');
  assert.deepEqual(open3(f[X.id]), [1, 1, 1]);
  await q("UPDATE hazards SET state = 'closed', closed_at = now() WHERE id = $1", [h3.id]);
  f = await check('closed');
  assert.deepEqual(open3(f[X.id]), [1, 1, 1]);
  await q('UPDATE hazards SET archived = true WHERE id = $1', [h2.id]);
  f = await check('archived');
  assert.deepEqual(open3(f[X.id]), [0, 0, 0]);
  assert.equal((await q('SELECT count(*)::int AS n FROM hazard_open_counts WHERE org_id = $1', [X.id]))[0].n, 0,
    'a count fallen to 0 is deleted');

  // the second unit's open hazards, then the unit moved to the sibling county
  await createHazard({ institution: U2, state: 'rectifying', deadline: '2019-08-02' });
  await createHazard({ institution: U2, state: 'registered', level: 'major', deadline: '2019-09-01' });
  await createHazard({ institution: U2, state: 'closed', deadline: '2019-08-01' });
  f = await check('the second unit\'s hazards');
  assert.deepEqual(open3(f[X.id]), [1, 0, 1]);
  assert.deepEqual(open3(f[Y.id]), [0, 0, 0]);
  const moved = await api('POST', `/api/v1/orgs/${U2.org_id}/move`, { token: cityAdmin, body: { parent_id: Y.id } });
  assert.equal(moved.status, 200, moved.text);
  f = await check('unit moved to the sibling county');
  assert.deepEqual(open3(f[X.id]), [0, 0, 0]);
  assert.deepEqual(open3(f[Y.id]), [1, 0, 1]);
  assert.deepEqual(open3(f[U2.org_id]), [1, 0, 1]);

  // the unit's level changed to an administration and back (not an API move): its counts follow
  await q(`UPDATE orgs SET level = 'county', division_code = '9' || lpad((random() * 99999)::int::text, 5, '0') WHERE id = $1`,
    [U2.org_id]);
  assert.deepEqual(await drift(), [], 'the counts follow a unit become an administration');
  assert.equal((await q('SELECT sum(n)::int AS n FROM hazard_open_counts WHERE org_id = $1', [U2.org_id]))[0].n, 2);
  await q("UPDATE orgs SET level = 'unit', division_code = NULL WHERE id = $1", [U2.org_id]);
  f = await check('the unit a unit again');
  assert.deepEqual(open3(f[Y.id]), [1, 0, 1]);

  // the county itself moved to another city: its counts' path follows (the foreign key)
  const movedY = await api('POST', `/api/v1/orgs/${Y.id}/move`, { token: provAdmin, body: { parent_id: t.cityB.id } });
  assert.equal(movedY.status, 200, movedY.text);
  assert.deepEqual(await drift(), [], 'the counts follow a county moved to another city');
  const [yRow] = await q(`SELECT c.org_path = o.path AS same FROM hazard_open_counts c JOIN orgs o ON o.id = c.org_id
                          WHERE c.org_id = $1 LIMIT 1`, [Y.id]);
  assert.equal(yRow.same, true);
  const back = await api('POST', `/api/v1/orgs/${Y.id}/move`, { token: provAdmin, body: { parent_id: t.cityA.id } });
  assert.equal(back.status, 200, back.text);
  f = await check('county moved back');
  assert.deepEqual(open3(f[Y.id]), [1, 0, 1]);
});

test('overdue turns at midnight in Asia/Shanghai after the deadline day, in the table as in report_figures', async () => {
  const unit = await createInstitution({ parent_id: X.id });
  await createHazard({ institution: unit, state: 'rectifying', deadline: '2019-08-08' });
  const before = await check('the deadline day, 23:59:59', '2019-08-08T23:59:59+08:00');
  const at = await check('midnight after it', '2019-08-09T00:00:00+08:00');
  const utc = await check('the same instant in UTC', '2019-08-08T16:00:00Z');
  const dayStart = await check('the deadline day\'s start', '2019-08-08T00:00:00+08:00');
  assert.equal(at[X.id].overdue, before[X.id].overdue + 1, 'overdue from midnight on');
  assert.equal(utc[X.id].overdue, at[X.id].overdue);
  assert.equal(dayStart[X.id].overdue, before[X.id].overdue);
});

test('the runtime role reads the counts of its subtree only and cannot write them', async () => {
  const app = await connect(APP_URL);
  try {
    await app.query('BEGIN');
    await app.query("SELECT set_config('app.org_path', $1, true)", [X.path]);
    const seen = (await app.query('SELECT DISTINCT org_path::text AS p FROM hazard_open_counts')).rows.map((r) => r.p);
    assert.ok(seen.length > 0 && seen.every((p) => p === X.path || p.startsWith(`${X.path}.`)), `only X's subtree: ${seen}`);
    await assert.rejects(app.query(`INSERT INTO hazard_open_counts (org_id, org_path, deadline, major, listed, counting, n)
                                    VALUES ($1, $2::ltree, '2019-08-01', false, false, true, 1)`, [X.id, X.path]), /permission denied/);
    await app.query('ROLLBACK');
    await app.query('BEGIN');
    await app.query("SELECT set_config('app.org_path', $1, true)", [X.path]);
    await assert.rejects(app.query('UPDATE hazard_open_counts SET n = n + 1'), /permission denied/);
    await app.query('ROLLBACK');
    await assert.rejects(app.query("SELECT hazard_open_add($1, $2::ltree, '2019-08-01', false, false, true, 1)", [X.id, X.path]),
      /permission denied/);
    await assert.rejects(app.query('SELECT hazard_open_counts_rebuild()'), /permission denied/);
  } finally { await app.end(); }
});
