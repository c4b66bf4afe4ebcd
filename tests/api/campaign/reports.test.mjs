// Reports (信息报送, api/campaign/report*.c): a county fills an obligation of its city's campaign
// (weekly, Friday 11:00), submits it (the figures frozen, a version kept; on time or late by the
// first submission against the due instant of the injectable clock), the city accepts it or
// returns it with a reason, and a returned report is revised and submitted again as version 2.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { agree } from '../lib/allowed.mjs';
import {
  tree, login, closeDb, createUser, createOrg, createCampaign, createInstitution, createHazard, createInspection,
  createReport, auditEntries, q,
} from '../lib/fixtures.mjs';

const P = '/api/v1/reports';
let t;
let county; // a fresh county of the fixture city (its figures are this file's alone)
let campaign; // issued by the fixture city: weekly Friday 11:00 for counties, 2019-07-01 .. 2019-11-10
let duty;
const tok = {};
const users = {};

before(async () => {
  t = await tree();
  county = await createOrg({ parent_id: t.cityA.id, level: 'county' });
  Object.assign(users, {
    admin: await createUser({ org_id: county.id, role: 'admin' }),
    inspector: await createUser({ org_id: county.id, role: 'inspector' }),
    safety: await createUser({ org_id: county.id, role: 'safety_officer' }),
    viewer: await createUser({ org_id: county.id, role: 'viewer' }),
    leader: await createUser({ org_id: county.id, role: 'leader' }),
    city: await createUser({ org_id: t.cityA.id, role: 'admin' }),
    cityInspector: await createUser({ org_id: t.cityA.id, role: 'inspector' }),
    sibling: await createUser({ org_id: t.sibling.id, role: 'admin' }),
    province: await createUser({ org_id: t.province.id, role: 'admin' }),
  });
  for (const [k, u] of Object.entries(users)) tok[k] = await login(u.username);
  campaign = await createCampaign({ org_id: t.cityA.id, state: 'issued' });
  [{ id: duty }] = await q('SELECT id FROM campaign_duties WHERE campaign_id = $1', [campaign.id]);
});
after(closeDb);

async function create(body, token = tok.admin) {
  const res = await api('POST', P, { token, body: { campaign_id: campaign.id, duty_id: duty, ...body } });
  assert.equal(res.status, 201, res.text);
  expectValid(res, { method: 'POST', path: P });
  return res.body;
}

async function act(id, action, { token = tok.admin, now, body, status = 200 } = {}) {
  const headers = now ? { 'X-Anquan-Now': now } : {};
  const res = await api('POST', `${P}/${id}/actions/${action}`, { token, headers, body });
  assert.equal(res.status, status, `${action}: ${res.text}`);
  expectValid(res, { method: 'POST', path: `${P}/{id}/actions/{action}` });
  return res.body;
}

async function get(id, token = tok.admin) {
  const res = await api('GET', `${P}/${id}`, { token });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: `${P}/{id}` });
  return res;
}

async function versions(id, token = tok.admin) {
  const res = await api('GET', `${P}/${id}/versions`, { token });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: `${P}/{id}/versions` });
  return res.body.items;
}

async function list(query, token) {
  const res = await api('GET', `${P}?${new URLSearchParams(query)}`, { token });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: P });
  return res.body.items;
}

/** The notifications of `kind` about report `id` written for user `userId`. */
async function notified(userId, kind, id) {
  return (await q('SELECT title, body FROM notifications WHERE user_id = $1 AND kind = $2 AND record_id = $3',
    [userId, kind, id]));
}

test('a draft is made for an obligation: its dates and due instant copied, the receiver the campaign\'s org', async () => {
  const r = await create({ period: '2019-W27', narrative: '第一周进展' });
  assert.equal(r.org_id, county.id, 'org_id defaults to the caller\'s org');
  assert.equal(r.receiver_org_id, t.cityA.id);
  assert.equal(r.state, 'draft');
  assert.equal(r.period_start, '2019-07-01');
  assert.equal(r.period_end, '2019-07-07');
  assert.equal(r.due_at, '2019-07-05T03:00:00Z', 'Friday 11:00 in Asia/Shanghai');
  assert.equal(r.figures, null, 'no frozen figures while a draft');
  assert.equal(typeof r.live_figures.hazards_found, 'number');
  assert.equal(r.campaign.id, campaign.id);
  assert.equal(r.duty.recurrence, 'weekly');
  assert.equal(r.duty.due_time, '11:00');
  assert.deepEqual(r.allowed_actions.sort(), ['submit', 'update']);
  // the same obligation twice: 409
  const again = await api('POST', P, { token: tok.inspector, body: { campaign_id: campaign.id, duty_id: duty, period: '2019-W27' } });
  expectProblem(again, 409, 'conflict');
  // org_id may be given, in any case of its hex digits
  const upper = await create({ period: '2019-W34', org_id: county.id.toUpperCase(), narrative: '第34周' });
  assert.equal(upper.org_id, county.id);
  // an Idempotency-Key replays the first answer instead of a second create
  const key = { 'Idempotency-Key': `rep-${r.id}` };
  const body = { campaign_id: campaign.id, duty_id: duty, period: '2019-W28', narrative: '第二周' };
  const first = await api('POST', P, { token: tok.admin, body, headers: key });
  assert.equal(first.status, 201, first.text);
  const replay = await api('POST', P, { token: tok.admin, body, headers: key });
  assert.equal(replay.status, 201, replay.text);
  assert.equal(replay.body.id, first.body.id);
  const [{ n }] = await q('SELECT count(*)::int AS n FROM campaign_reports WHERE duty_id = $1 AND org_id = $2 AND period = $3', [duty, county.id, '2019-W28']);
  assert.equal(n, 1);
  // audited as report.create
  const audit = await auditEntries(tok.admin, { action: 'report.create' });
  assert.ok(audit.some((e) => e.object_id === r.id), 'report.create audited');
});

test('bad input is refused naming the field', async () => {
  const cases = [
    [{ duty_id: duty, period: '2019-W30' }, 400, 'campaign_id'],
    [{ campaign_id: campaign.id, duty_id: duty, period: 'week 30' }, 400, 'period'],
    [{ campaign_id: campaign.id, duty_id: 'not-a-uuid', period: '2019-W30' }, 400, 'duty_id'],
    [{ campaign_id: campaign.id, duty_id: duty, period: '2019-W30', narrative: '' }, 400, 'narrative'],
    [{ campaign_id: campaign.id, duty_id: duty, period: '2019-W30', figures: {} }, 400, 'figures'],
    // no such obligation: a week after the campaign, another campaign's duty, an org below the caller
    [{ campaign_id: campaign.id, duty_id: duty, period: '2019-W52' }, 422, 'period'],
    [{ campaign_id: campaign.id, duty_id: campaign.org_id, period: '2019-W30' }, 422, 'duty_id'],
    [{ campaign_id: t.cityA.id, duty_id: duty, period: '2019-W30' }, 422, 'campaign_id'],
  ];
  const unit = await createOrg({ parent_id: county.id, level: 'unit' });
  cases.push([{ campaign_id: campaign.id, duty_id: duty, period: '2019-W30', org_id: unit.id }, 422, 'org_id']);
  for (const [body, status, field] of cases) {
    const res = await api('POST', P, { token: tok.admin, body });
    const p = expectProblem(res, status, 'validation_failed');
    assert.ok(p.errors.some((e) => e.field === field), `${JSON.stringify(body)}: names ${field}: ${res.text}`);
  }
  // a city's obligation is not a county's: the city reports nothing on a duty for counties
  const cityRes = await api('POST', P, { token: tok.city, body: { campaign_id: campaign.id, duty_id: duty, period: '2019-W30' } });
  assert.ok(expectProblem(cityRes, 422, 'validation_failed').errors.some((e) => e.field === 'org_id'));
  // an org of a sibling branch is not found at all
  const foreign = await api('POST', P, { token: tok.admin, body: { campaign_id: campaign.id, duty_id: duty, period: '2019-W30', org_id: t.sibling.id } });
  expectProblem(foreign, 404, 'not_found');
  // submit without a narrative: 422 naming it; return without a reason: 400 naming it
  const empty = await create({ period: '2019-W31' });
  assert.ok(!empty.allowed_actions.includes('submit'), 'no submit offered without a narrative');
  const noText = await api('POST', `${P}/${empty.id}/actions/submit`, { token: tok.admin });
  assert.ok(expectProblem(noText, 422, 'validation_failed').errors.some((e) => e.field === 'narrative'));
  const sent = await create({ period: '2019-W32', narrative: '第32周' });
  await act(sent.id, 'submit');
  const noReason = await api('POST', `${P}/${sent.id}/actions/return`, { token: tok.city, body: {} });
  assert.ok(expectProblem(noReason, 400, 'validation_failed').errors.some((e) => e.field === 'reason'));
  // PATCH: an unknown or create-only member, a submitted report (409), a stale version (412)
  const draft = await create({ period: '2019-W33', narrative: '第33周' });
  const unknown = await api('PATCH', `${P}/${draft.id}`, { token: tok.admin, body: { period: '2019-W34' } });
  assert.ok(expectProblem(unknown, 400, 'validation_failed').errors.some((e) => e.field === 'period'));
  const stale = await api('PATCH', `${P}/${draft.id}`, { token: tok.admin, body: { narrative: '改' }, headers: { 'If-Match': '"v99"' } });
  expectProblem(stale, 412, 'precondition_failed');
  const locked = await api('PATCH', `${P}/${sent.id}`, { token: tok.admin, body: { narrative: '改' } });
  expectProblem(locked, 409, 'conflict');
  // list filters are checked too
  const badList = await api('GET', `${P}?state=lost`, { token: tok.admin });
  assert.ok(expectProblem(badList, 400, 'validation_failed').errors.some((e) => e.field === 'state'));
});

test('Friday 10:59 is on time and 11:01 late against the weekly Friday 11:00 duty (X-Anquan-Now)', async () => {
  const early = await create({ period: '2019-W35', narrative: '按时报送' });
  assert.equal(early.due_at, '2019-08-30T03:00:00Z');
  const a = await act(early.id, 'submit', { now: '2019-08-30T10:59:00+08:00' });
  assert.equal(a.state, 'submitted');
  assert.equal(a.timeliness, 'on_time');
  assert.equal(a.submitted_at, '2019-08-30T02:59:00Z');
  assert.equal((await versions(early.id))[0].late, false);

  const lateOne = await create({ period: '2019-W36', narrative: '逾期报送' });
  const b = await act(lateOne.id, 'submit', { now: '2019-09-06T11:01:00+08:00' });
  assert.equal(b.timeliness, 'late');
  assert.equal((await versions(lateOne.id))[0].late, true);
  // the list filters by timeliness
  const late = await list({ campaign_id: campaign.id, timeliness: 'late' }, tok.city);
  assert.ok(late.some((r) => r.id === lateOne.id) && !late.some((r) => r.id === early.id));
});

test('frozen figures equal a direct count at submit time and do not change when the data changes later', async () => {
  const inst = await createInstitution({ parent_id: county.id });
  const found = (h, at) => q('UPDATE hazards SET found_at = $2 WHERE id = $1', [h.id, at]);
  const h1 = await createHazard({ institution: inst, state: 'registered' });
  const h2 = await createHazard({ institution: inst, state: 'closed' });
  await found(h1, '2019-07-16T09:00:00+08:00');
  await found(h2, '2019-07-17T09:00:00+08:00');
  await createInspection({ institution: inst, state: 'submitted', inspected_on: '2019-07-16' });
  const r = await create({ period: '2019-W29', narrative: '第29周：发现隐患两处，整改一处。' });
  const now = '2019-07-19T10:30:00+08:00';
  const submitted = await act(r.id, 'submit', { now });
  const frozen = submitted.figures;
  // the direct count, at the same instant, of the county's subtree and the week's days
  const [direct] = await q(`SELECT
      (SELECT count(*)::int FROM hazards h WHERE h.org_path <@ $1::ltree AND NOT h.archived AND h.state <> 'cancelled'
         AND h.found_at >= '2019-07-15T00:00:00+08:00' AND h.found_at < '2019-07-22T00:00:00+08:00') AS found,
      (SELECT count(*)::int FROM hazards h WHERE h.org_path <@ $1::ltree AND NOT h.archived AND h.state = 'closed'
         AND h.found_at >= '2019-07-15T00:00:00+08:00' AND h.found_at < '2019-07-22T00:00:00+08:00') AS rectified,
      (SELECT count(*)::int FROM inspections s WHERE s.org_path <@ $1::ltree AND s.status = 'submitted'
         AND s.inspected_on BETWEEN '2019-07-15' AND '2019-07-21') AS inspections,
      (SELECT count(*)::int FROM institutions n WHERE n.org_path <@ $1::ltree AND NOT n.archived) AS institutions`, [county.path]);
  assert.equal(frozen.hazards_found, direct.found);
  assert.equal(frozen.hazards_rectified, direct.rectified);
  assert.equal(frozen.inspections, direct.inspections);
  assert.equal(frozen.institutions, direct.institutions);
  assert.deepEqual([frozen.hazards_found, frozen.hazards_rectified, frozen.inspections], [2, 1, 1]);
  assert.equal(frozen.rectification_rate, 50);
  assert.equal(frozen.as_of, '2019-07-19T02:30:00Z', 'computed at the submit instant');
  // later: another hazard of that week, the open one closed
  const h3 = await createHazard({ institution: inst, state: 'registered' });
  await found(h3, '2019-07-18T09:00:00+08:00');
  await q("UPDATE hazards SET state = 'closed', closed_at = now() WHERE id = $1", [h1.id]);
  const after = (await get(r.id)).body;
  assert.deepEqual(after.figures, frozen, 'the frozen figures are unchanged');
  assert.equal(after.live_figures.hazards_found, 3, 'the live figures see the change');
  assert.equal(after.live_figures.hazards_rectified, 2);
  assert.deepEqual((await versions(r.id))[0].figures, frozen, 'the version keeps the same figures');
  const [row] = await q('SELECT figures FROM campaign_reports WHERE id = $1', [r.id]);
  assert.deepEqual(row.figures, frozen);
});

test('returned -> revised -> resubmitted keeps versions 1 and 2; each move notifies and is an event and an audit row', async () => {
  const r = await create({ period: '2019-W40', narrative: '初稿' });
  const v1 = await act(r.id, 'submit', { token: tok.safety, now: '2019-10-04T09:00:00+08:00' });
  assert.equal(v1.revision, 1);
  // the city's admins and inspectors are told
  assert.equal((await notified(users.city.id, 'report.submitted', r.id)).length, 1);
  assert.equal((await notified(users.cityInspector.id, 'report.submitted', r.id)).length, 1);
  assert.equal((await notified(users.admin.id, 'report.submitted', r.id)).length, 0, 'not the reporting org');
  // the city sees it with accept / return; the county no longer may change it
  const seen = (await get(r.id, tok.city)).body;
  assert.deepEqual(seen.allowed_actions.sort(), ['accept', 'return']);
  assert.deepEqual((await get(r.id)).body.allowed_actions, []);
  const returned = await act(r.id, 'return', { token: tok.city, body: { reason: '隐患整改数据不完整，请补充。' }, now: '2019-10-04T15:00:00+08:00' });
  assert.equal(returned.state, 'returned');
  assert.equal(returned.return_reason, '隐患整改数据不完整，请补充。');
  const told = await notified(users.safety.id, 'report.returned', r.id);
  assert.equal(told.length, 1, 'the reporting org\'s safety officer is told');
  assert.equal(told[0].body, '隐患整改数据不完整，请补充。');
  assert.equal((await notified(users.admin.id, 'report.returned', r.id)).length, 1);
  assert.equal((await notified(users.viewer.id, 'report.returned', r.id)).length, 0);
  // revised (PATCH under If-Match) and submitted again, late this time
  const cur = await get(r.id);
  assert.deepEqual(cur.body.allowed_actions.sort(), ['submit', 'update']);
  const patched = await api('PATCH', `${P}/${r.id}`, { token: tok.admin, body: { narrative: '修订稿：已补充整改数据' }, headers: { 'If-Match': cur.headers.get('etag') } });
  assert.equal(patched.status, 200, patched.text);
  expectValid(patched, { method: 'PATCH', path: `${P}/{id}` });
  assert.equal(patched.body.state, 'returned');
  const v2 = await act(r.id, 'submit', { now: '2019-10-05T09:00:00+08:00' });
  assert.equal(v2.state, 'submitted');
  assert.equal(v2.revision, 2);
  assert.equal(v2.return_reason, null);
  assert.equal(v2.timeliness, 'on_time', 'the first submission decides');
  const vs = await versions(r.id, tok.city);
  assert.deepEqual(vs.map((v) => v.revision), [2, 1]);
  assert.equal(vs[1].narrative, '初稿');
  assert.equal(vs[1].decision, 'returned');
  assert.equal(vs[1].decision_reason, '隐患整改数据不完整，请补充。');
  assert.equal(vs[1].late, false);
  assert.equal(vs[0].narrative, '修订稿：已补充整改数据');
  assert.equal(vs[0].late, true);
  assert.equal(vs[0].decision, null);
  const accepted = await act(r.id, 'accept', { token: tok.cityInspector });
  assert.equal(accepted.state, 'accepted');
  assert.equal((await versions(r.id))[0].decision, 'accepted');
  assert.equal((await notified(users.inspector.id, 'report.accepted', r.id)).length, 1);
  // events and audit
  const ev = await api('GET', `${P}/${r.id}/events`, { token: tok.city });
  assert.equal(ev.status, 200, ev.text);
  expectValid(ev, { method: 'GET', path: `${P}/{id}/events` });
  assert.deepEqual(ev.body.items.map((e) => e.action), ['submit', 'return', 'submit', 'accept']);
  assert.equal(ev.body.items[1].reason, '隐患整改数据不完整，请补充。');
  for (const a of ['report.submit', 'report.return', 'report.accept', 'report.update']) {
    const audit = await auditEntries(tok.city, { action: a });
    assert.ok(audit.some((e) => e.object_id === r.id), `${a} audited`);
  }
});

test('a county cannot see or list a sibling county\'s report; the city above sees both', async () => {
  const r = await create({ period: '2019-W41', narrative: '第41周' });
  const mine = await createReport({ org_id: t.sibling.id, campaign_id: campaign.id, duty_id: duty, period: '2019-W41' });
  for (const path of [`${P}/${r.id}`, `${P}/${r.id}/versions`, `${P}/${r.id}/events`]) {
    expectProblem(await api('GET', path, { token: tok.sibling }), 404, 'not_found');
  }
  expectProblem(await api('POST', `${P}/${r.id}/actions/submit`, { token: tok.sibling }), 404, 'not_found');
  expectProblem(await api('PATCH', `${P}/${r.id}`, { token: tok.sibling, body: { narrative: 'x' } }), 404, 'not_found');
  const siblingList = await list({ campaign_id: campaign.id }, tok.sibling);
  assert.ok(!siblingList.some((x) => x.id === r.id), 'not listed to the sibling');
  assert.ok(siblingList.some((x) => x.id === mine.id), 'the sibling lists its own');
  expectProblem(await api('GET', `${P}?org_id=${county.id}`, { token: tok.sibling }), 404, 'not_found');
  const ownList = await list({ campaign_id: campaign.id, period: '2019-W41' }, tok.admin);
  assert.deepEqual(ownList.map((x) => x.id), [r.id]);
  const cityList = await list({ campaign_id: campaign.id, period: '2019-W41' }, tok.city);
  assert.deepEqual(cityList.map((x) => x.id).sort(), [r.id, mine.id].sort());
  const narrowed = await list({ campaign_id: campaign.id, period: '2019-W41', org_id: t.sibling.id }, tok.city);
  assert.deepEqual(narrowed.map((x) => x.id), [mine.id]);
  // the province sees it too, and is no receiver: it neither accepts nor returns
  await act(r.id, 'submit');
  const prov = (await get(r.id, tok.province)).body;
  assert.deepEqual(prov.allowed_actions, []);
  expectProblem(await api('POST', `${P}/${r.id}/actions/accept`, { token: tok.province }), 403, 'forbidden');
});

test('allowed_actions are exactly the moves the server accepts (records and list rows)', async () => {
  const submit = (id, token) => api('POST', `${P}/${id}/actions/submit`, { token });
  const accept = (id, token) => api('POST', `${P}/${id}/actions/accept`, { token });
  const give = (id, token) => api('POST', `${P}/${id}/actions/return`, { token, body: { reason: '请补充' } });
  const update = (id, token) => api('PATCH', `${P}/${id}`, { token, body: { narrative: '修改' } });
  const actions = { submit, accept, return: give, update };
  const cases = [
    ['draft', tok.admin, 'county admin', ['submit', 'update']],
    ['draft', tok.safety, 'county safety officer', ['submit', 'update']],
    ['draft', tok.viewer, 'county viewer', []],
    ['draft', tok.leader, 'county leader', []],
    ['draft', tok.city, 'city admin', []],
    ['submitted', tok.admin, 'county admin', []],
    ['submitted', tok.city, 'city admin', ['accept', 'return']],
    ['submitted', tok.cityInspector, 'city inspector', ['accept', 'return']],
    ['submitted', tok.province, 'province admin', []],
    ['returned', tok.inspector, 'county inspector', ['submit', 'update']],
    ['returned', tok.city, 'city admin', []],
    ['accepted', tok.admin, 'county admin', []],
    ['accepted', tok.city, 'city admin', []],
  ];
  for (const [state, token, who, expected] of cases) {
    const make = () => createReport({ org_id: county.id, state });
    const listed = await agree({ make, path: P, actions, token, label: `${state} as ${who}` });
    assert.deepEqual([...listed].sort(), expected, `${state} as ${who}`);
  }
  // a list row carries the same allowed_actions as the record
  const r = await createReport({ org_id: county.id, state: 'submitted' });
  const rows = await list({ campaign_id: r.campaign_id }, tok.city);
  const row = rows.find((x) => x.id === r.id);
  assert.deepEqual(row.allowed_actions, (await get(r.id, tok.city)).body.allowed_actions);
});

test('attachments are bound to the report (record_type report) and shown with it', async () => {
  const r = await create({ period: '2019-W42', narrative: '附件测试' });
  const { createAttachment } = await import('../lib/fixtures.mjs');
  const a = await createAttachment({ org_id: county.id });
  const res = await api('PATCH', `${P}/${r.id}`, { token: tok.admin, body: { attachments: [a.id] } });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'PATCH', path: `${P}/{id}` });
  assert.deepEqual(res.body.attachments.map((x) => x.id), [a.id]);
  const [row] = await q('SELECT record_type, record_id FROM attachments WHERE id = $1', [a.id]);
  assert.deepEqual(row, { record_type: 'report', record_id: r.id });
  const bad = await api('PATCH', `${P}/${r.id}`, { token: tok.admin, body: { attachments: ['nope'] } });
  assert.ok(expectProblem(bad, 400, 'validation_failed').errors.some((e) => e.field.startsWith('attachments')));
});

test('remove_attachments takes documents off a draft: the rest stay, a stranger\'s or a submitted report\'s refuse, create refuses the member', async () => {
  const { createAttachment } = await import('../lib/fixtures.mjs');
  const r = await create({ period: '2019-W43', narrative: '移除附件测试' });
  const [a, b, other] = [await createAttachment({ org_id: county.id }), await createAttachment({ org_id: county.id }), await createAttachment({ org_id: county.id })];
  const bound = await api('PATCH', `${P}/${r.id}`, { token: tok.admin, body: { attachments: [a.id, b.id] } });
  assert.equal(bound.status, 200, bound.text);
  const res = await api('PATCH', `${P}/${r.id}`, { token: tok.admin, body: { remove_attachments: [a.id] } });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'PATCH', path: `${P}/{id}` });
  assert.deepEqual(res.body.attachments.map((x) => x.id), [b.id], 'the other document stays');
  const [row] = await q('SELECT record_type, record_id, kind, bound_at FROM attachments WHERE id = $1', [a.id]);
  assert.deepEqual(row, { record_type: null, record_id: null, kind: null, bound_at: null }, 'unbound: the sweep deletes it');
  // one that is not this report's (never bound, or already removed) names its place
  for (const id of [other.id, a.id]) {
    const bad = await api('PATCH', `${P}/${r.id}`, { token: tok.admin, body: { remove_attachments: [b.id, id] } });
    const problem = expectProblem(bad, 422, 'validation_failed');
    assert.ok(problem.errors.some((e) => e.field === 'remove_attachments/1' && e.code === 'not_found'), JSON.stringify(problem.errors));
    expectValid(bad, { method: 'PATCH', path: `${P}/{id}` });
  }
  assert.deepEqual((await get(r.id)).body.attachments.map((x) => x.id), [b.id], 'a refused change removes nothing');
  const shape = await api('PATCH', `${P}/${r.id}`, { token: tok.admin, body: { remove_attachments: ['nope'] } });
  assert.ok(expectProblem(shape, 400, 'validation_failed').errors.some((e) => e.field.startsWith('remove_attachments')));
  // another branch's admin does not see the report
  expectProblem(await api('PATCH', `${P}/${r.id}`, { token: tok.sibling, body: { remove_attachments: [b.id] } }), 404, 'not_found');
  // create does not take the member
  const c = await api('POST', P, { token: tok.admin, body: { campaign_id: campaign.id, duty_id: duty.id, period: '2019-W44', narrative: '新建', remove_attachments: [b.id] } });
  assert.ok(expectProblem(c, 400, 'validation_failed').errors.some((e) => e.field === 'remove_attachments' && e.code === 'unknown_field'), c.text);
  // a submitted report is not changed
  await act(r.id, 'submit');
  expectProblem(await api('PATCH', `${P}/${r.id}`, { token: tok.admin, body: { remove_attachments: [b.id] } }), 409, 'conflict');
  assert.deepEqual((await get(r.id)).body.attachments.map((x) => x.id), [b.id]);
});

test('the list pages by keyset cursor in due order, each report once', async () => {
  const seen = [];
  let cursor = null;
  do {
    const res = await api('GET', `${P}?campaign_id=${campaign.id}&org_id=${county.id}&sort=due_at&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: tok.city });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path: P });
    assert.ok(res.body.items.length <= 2);
    seen.push(...res.body.items);
    cursor = res.body.next_cursor;
  } while (cursor);
  const [{ n }] = await q('SELECT count(*)::int AS n FROM campaign_reports WHERE campaign_id = $1 AND org_id = $2', [campaign.id, county.id]);
  assert.ok(n >= 10, `this file made its reports (${n})`);
  assert.equal(seen.length, n);
  assert.equal(new Set(seen.map((r) => r.id)).size, n, 'no report twice');
  const dues = seen.map((r) => r.due_at);
  assert.deepEqual(dues, [...dues].sort(), 'in due order');
  assert.ok(seen.every((r) => r.org_id === county.id));
});
