// The test clock (X-Anquan-Now under ANQUAN_TEST_CLOCK=1), the to-do list (GET /todo) and the
// caller's notifications (GET /notifications, POST /notifications/{id}/read).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { q, closeDb, createOrg } from '../lib/fixtures.mjs';
import { opsTree, caller, insertHazard } from './ops-fixtures.mjs';

after(closeDb);

let t;
before(async () => { t = await opsTree(); });

const todo = async (token, now) => {
  const res = await api('GET', '/api/v1/todo', { token, headers: now ? { 'X-Anquan-Now': now } : {} });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'GET', path: '/api/v1/todo' });
  return res.body;
};
const ids = (section) => section.items.map((h) => h.id);

test('X-Anquan-Now sets the request\'s clock: the to-do list reads it back as now', async () => {
  const { token } = await caller(t.unit, 'safety_officer');
  assert.equal((await todo(token, '2026-12-04T10:59:00+08:00')).now, '2026-12-04T02:59:00Z');
  assert.equal((await todo(token, '2027-01-31T23:59:59.5Z')).now, '2027-01-31T23:59:59.5Z');
  const real = Date.parse((await todo(token)).now);
  assert.ok(Math.abs(real - Date.now()) < 60_000, 'without the header the clock is the real one');
});

test('a malformed X-Anquan-Now answers 400 naming the header', async () => {
  const { token } = await caller(t.unit, 'viewer');
  for (const bad of ['tomorrow', '2026-02-30T10:00:00Z', '2026-12-04 10:59', '2026-12-04T25:00:00Z', '2026-12-04', `2026-12-04T10:59:00${'0'.repeat(60)}Z`]) {
    const res = await api('GET', '/api/v1/todo', { token, headers: { 'X-Anquan-Now': bad } });
    const p = expectProblem(res, 400, 'validation_failed');
    assert.equal(p.errors[0].field, 'X-Anquan-Now', bad);
  }
});

test('a deadline is a day in Asia/Shanghai: Friday\'s hazard is due, not overdue, on Friday 10:59 and 11:01, and overdue at Saturday 00:00 there (still Friday in UTC)', async () => {
  const { token } = await caller(t.unit2, 'safety_officer');
  const friday = await insertHazard(t.unit2, { state: 'rectifying', deadline: '2026-12-04' });
  const thursday = await insertHazard(t.unit2, { state: 'rectifying', deadline: '2026-12-03' });
  for (const now of ['2026-12-04T10:59:00+08:00', '2026-12-04T11:01:00+08:00', '2026-12-04T23:59:59+08:00']) {
    const body = await todo(token, now);
    assert.ok(ids(body.due_soon).includes(friday.id), `${now}: Friday's hazard is due soon`);
    assert.ok(!ids(body.overdue).includes(friday.id), `${now}: Friday's hazard is not overdue yet`);
    assert.ok(ids(body.overdue).includes(thursday.id), `${now}: Thursday's hazard is overdue`);
    const row = body.due_soon.items.find((h) => h.id === friday.id);
    assert.equal(row.overdue, false);
    assert.equal(row.due_at, '2026-12-04T16:00:00Z', 'due at midnight Asia/Shanghai');
  }
  const sat = await todo(token, '2026-12-05T00:00:00+08:00');
  assert.equal(sat.now, '2026-12-04T16:00:00Z');
  assert.ok(ids(sat.overdue).includes(friday.id), 'overdue from Saturday 00:00 in Shanghai');
  assert.equal(sat.overdue.items.find((h) => h.id === friday.id).overdue, true);
  // four days ahead of the deadline it is neither due soon nor overdue
  const early = await todo(token, '2026-11-30T12:00:00+08:00');
  assert.ok(!ids(early.due_soon).includes(friday.id) && !ids(early.overdue).includes(friday.id));
});

test('an overdue hazard shows up for the org above (and the unit) and not for a sibling county', async () => {
  const h = await insertHazard(t.unit, { state: 'notice_issued', deadline: '2026-10-01', registeredBy: t.county });
  const now = '2026-10-05T09:00:00+08:00';
  const above = await todo((await caller(t.county, 'leader')).token, now);
  assert.ok(ids(above.overdue).includes(h.id), 'the county leader sees the unit\'s overdue hazard');
  assert.ok(above.overdue.count >= 1);
  const city = await todo((await caller(t.city, 'admin')).token, now);
  assert.ok(ids(city.overdue).includes(h.id), 'the city sees it too');
  const unit = await todo((await caller(t.unit, 'safety_officer')).token, now);
  assert.ok(ids(unit.overdue).includes(h.id), 'the unit sees its own');
  const sibling = await todo((await caller(t.sibling, 'admin')).token, now);
  assert.ok(!ids(sibling.overdue).includes(h.id) && !ids(sibling.due_soon).includes(h.id) && !ids(sibling.waiting).includes(h.id),
    'a sibling county sees nothing of it');
  assert.equal(sibling.overdue.count, 0);
  const before = await todo((await caller(t.county, 'leader')).token, '2026-09-29T09:00:00+08:00');
  assert.ok(!ids(before.overdue).includes(h.id) && ids(before.due_soon).includes(h.id), 'three days before: due soon');
});

test('hazards waiting for the caller: the unit registers, starts and submits; the county registers what its unit reported, issues the notice and accepts what it registered', async () => {
  const now = '2026-11-02T09:00:00+08:00';
  const reported = await insertHazard(t.unit, { state: 'reported', deadline: null });
  const regByCounty = await insertHazard(t.unit, { state: 'registered', registeredBy: t.county, deadline: '2026-11-20' });
  const rectifying = await insertHazard(t.unit, { state: 'rectifying', deadline: '2026-11-25' });
  const accReqCounty = await insertHazard(t.unit, { state: 'acceptance_requested', registeredBy: t.county, deadline: '2026-11-25' });
  const closed = await insertHazard(t.unit, { state: 'closed', deadline: '2026-10-01' });
  const so = await todo((await caller(t.unit, 'safety_officer')).token, now);
  for (const h of [reported, regByCounty, rectifying]) assert.ok(ids(so.waiting).includes(h.id), `the unit's move on ${h.state}`);
  assert.ok(!ids(so.waiting).includes(accReqCounty.id), 'the county accepts what it registered, not the unit');
  assert.ok(!ids(so.waiting).includes(closed.id));
  const actions = (body, h) => body.waiting.items.find((x) => x.id === h.id).allowed_actions;
  assert.ok(actions(so, reported).includes('register'), 'the waiting row carries its allowed_actions');
  assert.ok(actions(so, rectifying).includes('submit'));
  const county = await todo((await caller(t.county, 'inspector')).token, now);
  assert.ok(actions(county, regByCounty).includes('issue_notice'));
  assert.ok(actions(county, accReqCounty).includes('accept'));
  for (const h of [reported, regByCounty, accReqCounty]) assert.ok(ids(county.waiting).includes(h.id), `the county's move on ${h.state}`);
  assert.ok(!ids(county.waiting).includes(rectifying.id), 'rectifying is the unit\'s move');
  const viewer = await todo((await caller(t.county, 'viewer')).token, now);
  assert.equal(viewer.waiting.count, 0, 'a viewer has no moves');
  const city = await todo((await caller(t.city, 'admin')).token, now);
  assert.ok(!ids(city.waiting).includes(reported.id), 'the city does not register what a county\'s unit reported');
  const sibling = await todo((await caller(t.sibling, 'inspector')).token, now);
  assert.equal(sibling.waiting.count, 0);
  // a major hazard submitted for acceptance waits for each leader who has not signed yet
  const major = await insertHazard(t.unit, { state: 'acceptance_requested', level: 'major', registeredBy: t.county });
  const leader = await todo((await caller(t.unit, 'leader')).token, now);
  assert.deepEqual(ids(leader.waiting), [major.id], 'a unit leader signs the major one only');
});

test('the caller\'s notifications: own only, newest first, the unread filter, read once', async () => {
  // a unit of its own: the overdue sweep notifies the other units' officers of the hazards above
  const quiet = await createOrg({ parent_id: t.county.id, level: 'unit' });
  const me = await caller(quiet, 'safety_officer');
  const other = await caller(quiet, 'safety_officer');
  const mk = async (user, title, age) => (await q(`INSERT INTO notifications (user_id, org_path, kind, record_type, record_id, title, body, created_at)
      SELECT u.id, u.org_path, 'hazard.overdue', 'hazard', $2::uuid, $3, '正文', now() - $4::interval FROM users u WHERE u.id = $1 RETURNING id`,
  [user.id, randomUUID(), title, age]))[0].id;
  const older = await mk(me.user, '旧通知', '2 hours');
  const newer = await mk(me.user, '新通知', '1 hour');
  const foreign = await mk(other.user, '别人的通知', '1 hour');
  const list = async (query = '') => {
    const res = await api('GET', `/api/v1/notifications${query}`, { token: me.token });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path: '/api/v1/notifications' });
    return res.body;
  };
  const all = await list();
  assert.deepEqual(all.items.map((n) => n.id), [newer, older]);
  assert.equal(all.total, 2);
  assert.deepEqual(all.items[0].allowed_actions, ['read']);
  const page1 = await list('?limit=1');
  assert.deepEqual(page1.items.map((n) => n.id), [newer]);
  const page2 = await list(`?limit=1&cursor=${encodeURIComponent(page1.next_cursor)}`);
  assert.deepEqual(page2.items.map((n) => n.id), [older]);

  const res = await api('POST', `/api/v1/notifications/${older}/read`, { token: me.token });
  assert.equal(res.status, 200, res.text);
  expectValid(res, { method: 'POST', path: '/api/v1/notifications/{id}/read' });
  assert.ok(res.body.read_at);
  assert.deepEqual(res.body.allowed_actions, []);
  const again = await api('POST', `/api/v1/notifications/${older}/read`, { token: me.token });
  assert.equal(again.body.read_at, res.body.read_at, 'the first reading stays');
  assert.deepEqual((await list('?unread=true')).items.map((n) => n.id), [newer]);
  assert.deepEqual((await list('?unread=false')).items.map((n) => n.id), [older]);

  // another user's notification answers exactly like a missing one, and stays unread
  const theirs = await api('POST', `/api/v1/notifications/${foreign}/read`, { token: me.token });
  const missing = await api('POST', `/api/v1/notifications/${randomUUID()}/read`, { token: me.token });
  expectProblem(theirs, 404, 'not_found');
  expectProblem(missing, 404, 'not_found');
  assert.equal((await q('SELECT read_at FROM notifications WHERE id = $1', [foreign]))[0].read_at, null);
  const bad = await api('GET', '/api/v1/notifications?unread=maybe', { token: me.token });
  assert.equal(expectProblem(bad, 400, 'validation_failed').errors[0].field, 'unread');
});
