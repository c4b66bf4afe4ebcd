// The oversight of reporting (issue 10, part O): the reporting table of a duty and period
// (GET /campaigns/{id}/reporting), reminders (POST /campaigns/{id}/reminders), the to-do list's
// reporting calendar (GET /todo, section reports) and a campaign's progress (GET
// /campaigns/{id}/progress). The campaign is a fixture city's (tree().cityA): weekly on Friday
// before 11:00 for counties, 2019-07-01 .. 2019-11-10; its counties are the fixture county (the
// caller's of tree().users) and its sibling. Statuses follow the request's clock (X-Anquan-Now).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import {
  q, closeDb, tree, login, createUser, createCampaign, insertReport, campaignDuties, reportFigures, createInstitution, createOrg,
} from '../lib/fixtures.mjs';

after(closeDb);

// 2019-W32: Monday 2019-08-05 .. Sunday 08-11, due Friday 08-09 11:00 in Asia/Shanghai.
const PERIOD = '2019-W32';
const BEFORE_DUE = '2019-08-09T10:00:00+08:00';
const AFTER_DUE = '2019-08-10T09:00:00+08:00';

let t; let campaign; let duty; let city; let cityInspector; let county; let sibling; let siblingAdmin; let viewer;
before(async () => {
  t = await tree();
  campaign = await createCampaign({ org_id: t.cityA.id, state: 'issued' });
  [duty] = await campaignDuties(campaign.id);
  city = await login((await createUser({ org_id: t.cityA.id, role: 'admin' })).username);
  cityInspector = await login((await createUser({ org_id: t.cityA.id, role: 'inspector' })).username);
  county = await login(t.users.admin.username);
  viewer = await login((await createUser({ org_id: t.cityA.id, role: 'viewer' })).username);
  const sa = await createUser({ org_id: t.sibling.id, role: 'admin' });
  siblingAdmin = { ...sa, token: await login(sa.username) };
});

const path = (suffix = 'reporting') => `/api/v1/campaigns/${campaign.id}/${suffix}`;
async function table(token, query = {}, now = AFTER_DUE) {
  const qs = new URLSearchParams({ duty_id: duty.id, period: PERIOD, ...query }).toString();
  const res = await api('GET', `${path()}?${qs}`, { token, headers: { 'X-Anquan-Now': now } });
  return res;
}
const rowOf = (body, orgId) => body.rows.find((r) => r.org_id === orgId);
const withoutAsOf = (f) => { const { as_of: _a, ...rest } = f; return rest; };

test('the reporting table: each county below the city, not due before the deadline and missing after it', async () => {
  let res = await table(city, {}, BEFORE_DUE);
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/campaigns/{id}/reporting' });
  assert.equal(res.body.period, PERIOD);
  assert.equal(res.body.period_start, '2019-08-05');
  assert.equal(res.body.period_end, '2019-08-11');
  assert.equal(res.body.due_at, '2019-08-09T03:00:00Z');
  assert.deepEqual(res.body.org, { id: t.cityA.id, name: (await q('SELECT name FROM orgs WHERE id = $1', [t.cityA.id]))[0].name });
  assert.deepEqual(res.body.rows.map((r) => r.org_id).sort(), [t.county.id, t.sibling.id].sort());
  for (const r of res.body.rows) {
    assert.equal(r.status, 'not_due');
    assert.equal(r.depth, 1);
    assert.equal(r.parent_id, t.cityA.id);
    assert.deepEqual(r.allowed_actions, ['remind'], 'the city may remind a county that has not reported yet');
  }
  assert.equal(res.body.counts.not_due, 2);
  assert.ok(res.body.periods.some((p) => p.period === PERIOD && p.duty_id === duty.id), 'the period is among those to pick from');
  assert.ok(res.body.periods.length >= 18, 'every week of the campaign');

  res = await table(city, {}, AFTER_DUE);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.rows.map((r) => r.status), ['missing', 'missing']);
  assert.equal(res.body.counts.missing, 2);
  assert.equal(res.body.sum, null, 'nothing reported, nothing summed');
});

test('frozen figures beside live figures equal to report_figures; status, timeliness, counts, sum and allowed_actions', async () => {
  // a hazard found in the period in a unit of the county, so the live figures are not all zero
  const inst = await createInstitution({ parent_id: t.county.id });
  await q(`INSERT INTO hazards (org_id, org_path, institution_id, source, description, category, level, state, found_at)
           SELECT i.org_id, i.org_path, i.id, 'report', '测试隐患（督导）', 'fire', 'general', 'reported', '2019-08-06 09:00+08'
           FROM institutions i WHERE i.id = $1`, [inst.id]);
  const figures = { inspections: 5, hazards_found: 7, hazards_rectified: 3, rectification_rate: 42.9, major_open: 1, listed_open: 1,
    overdue: 2, institutions: 4, grid_covered: 3, grid_coverage: 75.0, inspected_units: 4, spot_checked_units: 1, spot_check_rate: 25.0 };
  const report = await insertReport({ campaign_id: campaign.id, duty_id: duty.id, org_id: t.county.id, period: PERIOD,
    state: 'submitted', submitted_at: '2019-08-09T10:59:00+08:00', figures });

  const res = await table(city);
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/campaigns/{id}/reporting' });
  const mine = rowOf(res.body, t.county.id);
  assert.equal(mine.report_id, report.id);
  assert.equal(mine.state, 'submitted');
  assert.equal(mine.status, 'submitted');
  assert.equal(mine.timeliness, 'on_time', 'submitted at 10:59, due 11:00');
  assert.equal(mine.revision, 1);
  assert.deepEqual(mine.figures, figures, 'the frozen figures as submitted');
  const live = await reportFigures(t.county.id, '2019-08-05', '2019-08-11', AFTER_DUE);
  assert.deepEqual(withoutAsOf(mine.live_figures), withoutAsOf(live), 'live figures are report_figures of the county for the period');
  assert.ok(mine.live_figures.hazards_found >= 1, 'the hazard found in the period counts');
  assert.deepEqual(mine.allowed_actions, ['accept', 'return'], 'a submitted report awaits the city\'s decision');
  assert.equal(mine.children_sum, null, 'a county has no child rows here');
  const other = rowOf(res.body, t.sibling.id);
  assert.equal(other.status, 'missing');
  assert.equal(other.report_id, null);
  assert.deepEqual(other.allowed_actions, ['remind']);
  assert.deepEqual(res.body.counts, { not_due: 0, missing: 1, submitted: 1, returned: 0, accepted: 0, on_time: 1, late: 0 });
  assert.deepEqual(res.body.sum, { reports: 1, ...figures }, 'the sum of the top rows\' frozen figures');

  // the city's viewer reads the same table and may do nothing
  const seen = await table(viewer);
  assert.equal(seen.status, 200);
  for (const r of seen.body.rows) assert.deepEqual(r.allowed_actions, []);
});

test('the province sees its cities\' counties with the city\'s children_sum when the duty names cities and counties', async () => {
  const prov = await createCampaign({ org_id: t.province.id, state: 'issued' });
  // duties are replaced, never updated (row-level security has no UPDATE policy for them)
  await q('DELETE FROM campaign_duties WHERE campaign_id = $1', [prov.id]);
  await q(`INSERT INTO campaign_duties (campaign_id, org_path, position, content, title, recurrence, weekday, due_time, reporters)
           VALUES ($1, $2::ltree, 1, 'progress', '进展情况', 'weekly', 5, '11:00', '{cities,counties}')`, [prov.id, prov.org_path]);
  const [d] = await campaignDuties(prov.id);
  const provAdmin = await login('ln.admin');
  await insertReport({ campaign_id: prov.id, duty_id: d.id, org_id: t.county.id, period: PERIOD, state: 'accepted',
    submitted_at: '2019-08-09T11:01:00+08:00' });
  await insertReport({ campaign_id: prov.id, duty_id: d.id, org_id: t.cityA.id, period: PERIOD, state: 'returned' });
  const res = await api('GET', `/api/v1/campaigns/${prov.id}/reporting?duty_id=${d.id}&period=${PERIOD}&org_id=${t.province.id}`,
    { token: provAdmin, headers: { 'X-Anquan-Now': AFTER_DUE } });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/campaigns/{id}/reporting' });
  const cityRow = rowOf(res.body, t.cityA.id);
  const countyRow = rowOf(res.body, t.county.id);
  assert.equal(cityRow.depth, 1);
  assert.equal(countyRow.depth, 2);
  assert.equal(cityRow.status, 'returned');
  assert.equal(countyRow.status, 'accepted');
  assert.equal(countyRow.timeliness, 'late', 'first submitted at 11:01, due 11:00');
  const order = res.body.rows.map((r) => r.org_id);
  assert.ok(order.indexOf(t.cityA.id) < order.indexOf(t.county.id), 'a city comes before its counties');
  assert.equal(cityRow.children_sum.reports, 1, 'the city\'s counties that reported');
  assert.equal(cityRow.children_sum.inspections, countyRow.figures.inspections);
  assert.deepEqual(cityRow.allowed_actions, ['remind'], 'a returned report can be chased');
  assert.deepEqual(countyRow.allowed_actions, [], 'an accepted report has nothing to do');
  assert.equal(res.body.sum.reports, 1, 'only the top rows (cities) are summed: the county is inside its city');
  // the live figures of the city hold its counties'
  const live = await reportFigures(t.cityA.id, '2019-08-05', '2019-08-11', AFTER_DUE);
  assert.deepEqual(withoutAsOf(cityRow.live_figures), withoutAsOf(live));
});

test('a county cannot see a sibling county\'s row, nor the city\'s table, nor remind the sibling', async () => {
  // its own table (org_id default): nothing is below a county for a county duty
  let res = await table(county);
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/campaigns/{id}/reporting' });
  assert.deepEqual(res.body.rows, []);
  assert.ok(!JSON.stringify(res.body).includes(t.sibling.id), 'the sibling is nowhere in the answer');
  // the sibling's or the city's table: 404 like a missing org
  for (const org of [t.sibling.id, t.cityA.id, randomUUID()]) {
    res = await table(county, { org_id: org });
    expectProblem(res, 404, 'not_found');
  }
  // a campaign of the sibling county: 404 like a missing one
  const theirs = await createCampaign({ org_id: t.sibling.id, state: 'issued' });
  res = await api('GET', `/api/v1/campaigns/${theirs.id}/reporting`, { token: county });
  expectProblem(res, 404, 'not_found');
  res = await api('POST', `/api/v1/campaigns/${theirs.id}/reminders`, { token: county, body: { duty_id: duty.id, period: PERIOD } });
  expectProblem(res, 404, 'not_found');
  // reminding the sibling through the city's campaign: it holds no obligation below the county
  res = await api('POST', path('reminders'), { token: county, body: { duty_id: duty.id, period: PERIOD, org_ids: [t.sibling.id] },
    headers: { 'X-Anquan-Now': AFTER_DUE } });
  const p = expectProblem(res, 422, 'validation_failed');
  assert.equal(p.errors[0].field, 'org_ids[0]');
  assert.equal((await q("SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = 'report.reminder'", [siblingAdmin.id]))[0].n, 0);
});

test('the reporting table refuses bad input naming the parameter', async () => {
  for (const [query, field, status] of [
    [{ duty_id: 'nope' }, 'duty_id', 400], [{ period: '2019/32' }, 'period', 400], [{ period: '2019-W3x' }, 'period', 400], [{ period: 'x'.repeat(40) }, 'period', 400],
    [{ org_id: '123' }, 'org_id', 400], [{ duty_id: randomUUID() }, 'duty_id', 422], [{ period: '2019-W60' }, 'period', 422],
    [{ period: '2019-12' }, 'period', 422],
  ]) {
    const res = await table(city, query);
    const p = expectProblem(res, status, 'validation_failed');
    assert.equal(p.errors[0].field, field, JSON.stringify(query));
  }
  // without duty_id and period: the first duty and the period under way (or the last one due)
  const res = await api('GET', path(), { token: city, headers: { 'X-Anquan-Now': '2019-08-07T12:00:00+08:00' } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.duty.id, duty.id);
  assert.equal(res.body.period, PERIOD, 'the week of 2019-08-07');
});

test('reminders: the missing counties are reminded once a day, audited, and the reminded county\'s to-do shows it', async () => {
  const url = path('reminders');
  const now = { 'X-Anquan-Now': AFTER_DUE };
  // bad input, each naming its member
  for (const [body, field, status] of [
    [{ period: PERIOD }, 'duty_id', 400], [{ duty_id: duty.id }, 'period', 400], [{ duty_id: duty.id, period: 'W32' }, 'period', 400],
    [{ duty_id: duty.id, period: PERIOD, org_ids: ['x'] }, 'org_ids[0]', 400], [{ duty_id: duty.id, period: PERIOD, org_ids: [] }, 'org_ids', 400],
    [{ duty_id: duty.id, period: PERIOD, extra: 1 }, 'extra', 400], [{ duty_id: randomUUID(), period: PERIOD }, 'duty_id', 422],
    [{ duty_id: duty.id, period: '2019-W60' }, 'period', 422],
    [{ duty_id: duty.id, period: PERIOD, org_ids: [t.county.id] }, 'org_ids[0]', 422], // submitted: nothing to remind
    [{ duty_id: duty.id, period: PERIOD, org_ids: [t.sibling.id, t.cityB.id] }, 'org_ids[1]', 422], // another city's
  ]) {
    const res = await api('POST', url, { token: city, body, headers: now });
    const p = expectProblem(res, status, 'validation_failed');
    assert.equal(p.errors[0].field, field, JSON.stringify(body));
  }
  // a viewer may not remind
  expectProblem(await api('POST', url, { token: viewer, body: { duty_id: duty.id, period: PERIOD }, headers: now }), 403, 'forbidden');

  let res = await api('POST', url, { token: cityInspector, body: { duty_id: duty.id, period: PERIOD }, headers: now });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'POST', path: '/api/v1/campaigns/{id}/reminders' });
  assert.deepEqual(res.body.org_ids, [t.sibling.id], 'only the county that has not reported');
  assert.equal(res.body.reminded, 1);
  assert.ok(res.body.notifications >= 1);
  const notes = await q("SELECT kind, record_id, title FROM notifications WHERE user_id = $1 AND kind = 'report.reminder'", [siblingAdmin.id]);
  assert.equal(notes.length, 1);
  assert.equal(notes[0].record_id, campaign.id);
  // again the same day: reminded, but no second notification
  res = await api('POST', url, { token: city, body: { duty_id: duty.id, period: PERIOD, org_ids: [t.sibling.id] }, headers: now });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.reminded, 1);
  assert.equal(res.body.notifications, 0);
  assert.equal((await q("SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = 'report.reminder'", [siblingAdmin.id]))[0].n, 1);
  const audit = await q("SELECT action, object_id, detail FROM audit_log WHERE action = 'campaign.remind' AND object_id = $1 ORDER BY at", [campaign.id]);
  assert.ok(audit.length >= 2, 'each reminder is audited');
  assert.deepEqual(audit[0].detail.org_ids, [t.sibling.id]);

});

test('the to-do calendar: the county\'s obligations past due (by at most 30 days, or returned) or due within 14 days with no report in, soonest first, with the reminder', async () => {
  // a province of its own, so that no other test's campaigns are above its counties
  const prov = await createOrg({ level: 'province', parent_id: null });
  const c = await createOrg({ parent_id: prov.id, level: 'city' });
  const k = await createOrg({ parent_id: c.id, level: 'county' });
  const l = await createOrg({ parent_id: c.id, level: 'county' });
  const camp = await createCampaign({ org_id: c.id, state: 'issued' });
  const [d] = await campaignDuties(camp.id);
  const cityAdmin = await login((await createUser({ org_id: c.id, role: 'admin' })).username);
  const kAdmin = await login((await createUser({ org_id: k.id, role: 'admin' })).username);
  const lAdmin = await login((await createUser({ org_id: l.id, role: 'safety_officer' })).username);
  await insertReport({ campaign_id: camp.id, duty_id: d.id, org_id: l.id, period: PERIOD, state: 'submitted' });
  await insertReport({ campaign_id: camp.id, duty_id: d.id, org_id: l.id, period: '2019-W31', state: 'returned' });
  await insertReport({ campaign_id: camp.id, duty_id: d.id, org_id: l.id, period: '2019-W33', state: 'draft' });
  await insertReport({ campaign_id: camp.id, duty_id: d.id, org_id: l.id, period: '2019-W27', state: 'returned' });
  const now = { 'X-Anquan-Now': AFTER_DUE };
  let res = await api('POST', `/api/v1/campaigns/${camp.id}/reminders`, { token: cityAdmin, body: { duty_id: d.id, period: PERIOD }, headers: now });
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body.org_ids, [k.id], 'the county that has not reported, not the one that has');

  res = await api('GET', '/api/v1/todo', { token: kAdmin, headers: now });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/todo' });
  // W27 fell due on 07-05, more than 30 days before: it is the reporting table's, no longer the to-do's
  const weeks = ['2019-W28', '2019-W29', '2019-W30', '2019-W31', PERIOD, '2019-W33', '2019-W34'];
  assert.deepEqual(res.body.reports.items.map((i) => i.period), weeks, 'every week past due within 30 days, then the two due within 14 days, soonest first');
  assert.equal(res.body.reports.count, weeks.length);
  const w32 = res.body.reports.items.find((i) => i.period === PERIOD);
  assert.equal(w32.overdue, true);
  assert.ok(w32.reminded_at, 'the reminder shows');
  assert.equal(w32.report_id, null);
  assert.equal(w32.campaign_id, camp.id);
  assert.equal(w32.duty_id, d.id);
  assert.equal(w32.due_at, '2019-08-09T03:00:00Z');
  const w33 = res.body.reports.items.find((i) => i.period === '2019-W33');
  assert.equal(w33.overdue, false);
  assert.equal(w33.reminded_at, null);

  // the other county: W32 is in (submitted), W31 was returned (to do again), W33 is a draft
  res = await api('GET', '/api/v1/todo', { token: lAdmin, headers: now });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/todo' });
  const items = res.body.reports.items;
  assert.ok(!items.some((i) => i.period === PERIOD), 'a submitted report is done');
  assert.equal(items.find((i) => i.period === '2019-W31').state, 'returned');
  assert.equal(items.find((i) => i.period === '2019-W27')?.state, 'returned', 'a returned report stays however long ago it fell due');
  assert.equal(items.find((i) => i.period === '2019-W33').state, 'draft');
  assert.ok(items.find((i) => i.period === '2019-W33').report_id);
  // the city itself has no obligation of its own campaign
  res = await api('GET', '/api/v1/todo', { token: cityAdmin, headers: now });
  assert.equal(res.body.reports.count, 0);
});

test('progress: the targets against the live figures of the subtree over the campaign\'s period', async () => {
  await q(`UPDATE campaigns SET targets = '[{"kind": "grid_coverage", "percent": 100, "text": "网格化达到100%全覆盖"},
             {"kind": "listed_hazards_cleared", "by_date": "2019-08-31", "text": "挂牌隐患清零"},
             {"kind": "rectification_rate", "percent": 90}]'::jsonb WHERE id = $1`, [campaign.id]);
  let res = await api('GET', path('progress'), { token: city, headers: { 'X-Anquan-Now': AFTER_DUE } });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/campaigns/{id}/progress' });
  const live = await reportFigures(t.cityA.id, '2019-07-01', '2019-11-10', AFTER_DUE);
  assert.deepEqual(withoutAsOf(res.body.figures), withoutAsOf(live));
  const [grid, listed, rate] = res.body.targets;
  assert.equal(grid.kind, 'grid_coverage');
  assert.equal(grid.value, live.grid_coverage);
  assert.equal(grid.met, live.grid_coverage !== null && live.grid_coverage >= 100);
  assert.equal(listed.value, live.listed_open);
  assert.equal(listed.met, live.listed_open === 0);
  assert.equal(listed.by_date, '2019-08-31');
  assert.equal(rate.text, null);
  assert.equal(rate.met, live.rectification_rate !== null && live.rectification_rate >= 90);
  // a county's own subtree
  res = await api('GET', `${path('progress')}?org_id=${t.county.id}`, { token: county });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.org.id, t.county.id);
  // bad input and other branches
  expectProblem(await api('GET', `${path('progress')}?org_id=x`, { token: city }), 400, 'validation_failed');
  expectProblem(await api('GET', `${path('progress')}?org_id=${t.sibling.id}`, { token: county }), 404, 'not_found');
  expectProblem(await api('GET', `${path('progress')}?org_id=${t.cityB.id}`, { token: city }), 404, 'not_found');
});
