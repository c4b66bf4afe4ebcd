// Rectification notices (整改通知书, api/hazard/notice*.c): issued by an administration to a unit
// for its registered hazards (all or nothing), numbered per issuing org and year without gaps,
// seen by the unit and the orgs above it only, received once by the unit's own users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createOrg, createUser, createUnitHazard, q, uniq } from '../lib/fixtures.mjs';

const P = '/api/v1/notices';
let t; // the fixture tree: cityA > county (issuer) > units; sibling county
let issuer; // a fresh county of cityA, so its numbers start at 1
let unit; // a unit of `issuer`
const tok = {};

before(async () => {
  t = await tree();
  issuer = await createOrg({ parent_id: t.cityA.id, level: 'county', name: `和平测试区${uniq('')}` });
  unit = await createOrg({ parent_id: issuer.id, level: 'unit' });
  const users = {
    inspector: await createUser({ org_id: issuer.id, role: 'inspector' }),
    admin: await createUser({ org_id: issuer.id, role: 'admin' }),
    viewer: await createUser({ org_id: issuer.id, role: 'viewer' }),
    unit_so: await createUser({ org_id: unit.id, role: 'safety_officer' }),
    unit_viewer: await createUser({ org_id: unit.id, role: 'viewer' }),
    sibling_admin: await createUser({ org_id: t.sibling.id, role: 'admin' }),
    city_admin: await createUser({ org_id: t.cityA.id, role: 'admin' }),
  };
  for (const [k, u] of Object.entries(users)) tok[k] = await login(u.username);
});
after(closeDb);

const body = (hazards, extra = {}) => ({
  org_id: unit.id, hazard_ids: hazards.map((h) => h.id ?? h), deadline: '2099-06-30', requirement: '立即清理疏散通道', ...extra,
});
const issue = (token, b, headers = {}) => api('POST', P, { token, body: b, headers });
const counter = async (orgId) => (await q('SELECT last FROM notice_counters WHERE org_id = $1', [orgId]))[0]?.last ?? 0;
const stateOf = async (id) => (await q('SELECT state, notice_id FROM hazards WHERE id = $1', [id]))[0];

test('a county inspector issues a notice for registered hazards of a unit below: numbered, the hazards move to notice_issued', async () => {
  const h1 = await createUnitHazard({ org_id: unit.id });
  const h2 = await createUnitHazard({ org_id: unit.id, level: 'major' });
  const before0 = await counter(issuer.id);
  const res = await issue(tok.inspector, body([h1, h2]));
  assert.equal(res.status, 201, res.text);
  expectValid(res, { method: 'POST', path: P });
  const n = res.body;
  const year = new Date().getUTCFullYear(); // the test clock is not set: the server's year (UTC and Shanghai agree outside New Year's Eve)
  assert.equal(n.seq, before0 + 1);
  assert.equal(n.year, year);
  // the default prefix: the issuer's first character, then 卫安改
  assert.equal(n.number, `${issuer.name[0]}卫安改〔${n.year}〕${n.seq}号`);
  assert.equal(n.issuer_org_name, issuer.name);
  assert.equal(n.org_id, unit.id);
  assert.equal(n.state, 'issued');
  assert.equal(n.hazard_count, 2);
  assert.deepEqual(n.hazards.map((h) => h.id).sort(), [h1.id, h2.id].sort());
  for (const h of n.hazards) {
    assert.equal(h.state, 'notice_issued');
    assert.equal(h.deadline, '2099-06-30');
    assert.equal(h.requirement, '立即清理疏散通道');
  }
  assert.deepEqual(n.allowed_actions, [], 'the issuer does not receive its own notice');
  assert.match(n.url, new RegExp(`/notices/${n.id}$`));
  assert.equal(res.headers.get('location'), `${P}/${n.id}`);
  for (const h of [h1, h2]) assert.deepEqual(await stateOf(h.id), { state: 'notice_issued', notice_id: n.id });
  // the unit's safety officer is told of each hazard's notice (the hazard workflow's issue_notice)
  const notes = await q(`SELECT n.kind, n.record_id FROM notifications n JOIN users u ON u.id = n.user_id
                         WHERE n.record_id = ANY ($1::uuid[]) AND u.org_id = $2 AND n.kind = 'hazard.notice'`, [[h1.id, h2.id], unit.id]);
  assert.deepEqual(notes.map((x) => x.record_id).sort(), [h1.id, h2.id].sort());
  // each hazard's move is an event of the hazard workflow, with the notice in its payload
  const events = await q(`SELECT record_id, action, to_state, payload->>'notice_id' AS notice_id FROM workflow_events
                          WHERE workflow = 'hazard' AND record_id = ANY ($1::uuid[])`, [[h1.id, h2.id]]);
  assert.equal(events.length, 2);
  for (const e of events) assert.deepEqual([e.action, e.to_state, e.notice_id], ['issue_notice', 'notice_issued', n.id]);
  // the audit log has the issue
  const audit = await q(`SELECT action FROM audit_log WHERE object_id = $1`, [n.id]);
  assert.ok(audit.some((a) => a.action === 'notice.issue'), JSON.stringify(audit));
});

test('an org\'s own notice_prefix numbers its notices; GET and PATCH of the org carry it', async () => {
  const res0 = await api('PATCH', `/api/v1/orgs/${issuer.id}`, { token: tok.admin, body: { notice_prefix: '测卫安改字' } });
  assert.equal(res0.status, 200, res0.text);
  expectValid(res0, { method: 'PATCH', path: '/api/v1/orgs/{id}' });
  assert.equal(res0.body.notice_prefix, '测卫安改字');
  assert.equal(res0.body.notice_number_prefix, '测卫安改字');
  const res = await issue(tok.inspector, body([await createUnitHazard({ org_id: unit.id })]));
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.number, `测卫安改字〔${res.body.year}〕${res.body.seq}号`);
  const bad = await api('PATCH', `/api/v1/orgs/${issuer.id}`, { token: tok.admin, body: { notice_prefix: ' 空格' } });
  expectProblem(bad, 400, 'validation_failed');
  assert.equal(bad.body.errors[0].field, 'notice_prefix');
  const reset = await api('PATCH', `/api/v1/orgs/${issuer.id}`, { token: tok.admin, body: { notice_prefix: null } });
  assert.equal(reset.status, 200, reset.text);
  assert.equal(reset.body.notice_prefix, null);
  assert.equal(reset.body.notice_number_prefix, `${issuer.name[0]}卫安改`);
});

test('a unit cannot issue a notice (403), not even for its own hazards', async () => {
  const h = await createUnitHazard({ org_id: unit.id });
  const unitAdmin = await createUser({ org_id: unit.id, role: 'admin' });
  const res = await issue(await login(unitAdmin.username), body([h]));
  expectProblem(res, 403, 'forbidden');
  expectValid(res, { method: 'POST', path: P });
  assert.equal((await stateOf(h.id)).state, 'registered');
  const viewer = await issue(tok.viewer, body([h]));
  expectProblem(viewer, 403, 'forbidden');
});

test('a sibling county cannot see a notice (404 like a missing one), nor list it, nor its QR code', async () => {
  const res = await issue(tok.inspector, body([await createUnitHazard({ org_id: unit.id })]));
  assert.equal(res.status, 201, res.text);
  const id = res.body.id;
  for (const path of [`${P}/${id}`, `${P}/${id}/qr.svg`, `${P}/${id}/events`]) {
    const got = await api('GET', path, { token: tok.sibling_admin });
    expectProblem(got, 404, 'not_found');
    const missing = await api('GET', path.replace(id, '00000000-0000-4000-8000-000000000000'), { token: tok.sibling_admin });
    assert.equal(got.body.detail, missing.body.detail);
  }
  const list = await api('GET', P, { token: tok.sibling_admin });
  assert.equal(list.status, 200);
  assert.ok(!list.body.items.some((n) => n.id === id));
  // the unit and the city above see it
  for (const k of ['unit_viewer', 'city_admin']) {
    const got = await api('GET', `${P}/${id}`, { token: tok[k] });
    assert.equal(got.status, 200, `${k}: ${got.text}`);
    expectValid(got, { method: 'GET', path: `${P}/{id}` });
    assert.equal(got.body.issuer_org_name, issuer.name, 'the unit reads the letterhead of the org above it');
  }
  // a sibling county cannot issue for the unit's hazards either
  const foreign = await issue(tok.sibling_admin, body([await createUnitHazard({ org_id: unit.id })]));
  expectProblem(foreign, 404, 'not_found');
});

test('a hazard not in registered fails the whole issue: no notice, no number consumed, the other hazard unchanged', async () => {
  const good = await createUnitHazard({ org_id: unit.id });
  const reported = await createUnitHazard({ org_id: unit.id, state: 'reported' });
  const before0 = await counter(issuer.id);
  const notices0 = (await q('SELECT count(*)::int AS n FROM rectification_notices WHERE issuer_org_id = $1', [issuer.id]))[0].n;
  const res = await issue(tok.inspector, body([good, reported]));
  expectProblem(res, 409, 'conflict');
  expectValid(res, { method: 'POST', path: P });
  assert.match(res.body.detail, new RegExp(reported.id));
  assert.equal(await counter(issuer.id), before0, 'no number consumed');
  assert.equal((await q('SELECT count(*)::int AS n FROM rectification_notices WHERE issuer_org_id = $1', [issuer.id]))[0].n, notices0);
  assert.deepEqual(await stateOf(good.id), { state: 'registered', notice_id: null });
  // the next notice takes the next number
  const next = await issue(tok.inspector, body([good]));
  assert.equal(next.status, 201, next.text);
  assert.equal(next.body.seq, before0 + 1);
  // and a hazard already under a notice cannot be named again
  const again = await issue(tok.inspector, body([good]));
  expectProblem(again, 409, 'conflict');
  assert.equal(await counter(issuer.id), before0 + 1);
});

test('bad input is refused naming the member, and nothing is consumed', async () => {
  const h = await createUnitHazard({ org_id: unit.id });
  const other = await createUnitHazard({ org_id: (await createOrg({ parent_id: issuer.id, level: 'unit' })).id });
  const before0 = await counter(issuer.id);
  const cases = [
    [{ ...body([h]), org_id: undefined }, 'org_id'],
    [{ ...body([h]), hazard_ids: [] }, 'hazard_ids'],
    [{ ...body([h]), hazard_ids: 'x' }, 'hazard_ids'],
    [{ ...body([h]), hazard_ids: ['nope'] }, 'hazard_ids[0]'],
    [{ ...body([h]), hazard_ids: [h.id, h.id] }, 'hazard_ids'],
    [{ ...body([h]), deadline: '2026-02-30' }, 'deadline'],
    [{ ...body([h]), deadline: '2001-01-01' }, 'deadline'],
    [{ ...body([h]), requirement: '' }, 'requirement'],
    [{ ...body([h]), requirement: 'x'.repeat(2001) }, 'requirement'],
    [{ ...body([h]), extra: 1 }, 'extra'],
    [body([h, other]), 'hazard_ids[1]'],
    [{ ...body([h]), org_id: issuer.id }, 'org_id'],
  ];
  for (const [b, field] of cases) {
    const res = await issue(tok.inspector, JSON.parse(JSON.stringify(b)));
    expectProblem(res, 400, 'validation_failed');
    expectValid(res, { method: 'POST', path: P });
    assert.ok(res.body.errors.some((e) => e.field === field), `${field}: ${res.text}`);
  }
  assert.equal(await counter(issuer.id), before0);
  assert.equal((await stateOf(h.id)).state, 'registered');
});

test('an Idempotency-Key replays the first answer and consumes one number', async () => {
  const h = await createUnitHazard({ org_id: unit.id });
  const key = `notice-${uniq('k')}`;
  const a = await issue(tok.inspector, body([h]), { 'Idempotency-Key': key });
  assert.equal(a.status, 201, a.text);
  const b = await issue(tok.inspector, body([h]), { 'Idempotency-Key': key });
  assert.equal(b.status, 201, b.text);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  assert.equal(b.body.id, a.body.id);
  assert.equal(await counter(issuer.id), a.body.seq);
});

test('the unit receives a notice once: who and when are kept, the issuer is told; others may not', async () => {
  const res = await issue(tok.inspector, body([await createUnitHazard({ org_id: unit.id })]));
  assert.equal(res.status, 201, res.text);
  const id = res.body.id;
  // the unit's safety officer is offered receive; its viewer and the issuer are not
  const asUnit = await api('GET', `${P}/${id}`, { token: tok.unit_so });
  assert.deepEqual(asUnit.body.allowed_actions, ['receive']);
  assert.deepEqual((await api('GET', `${P}/${id}`, { token: tok.unit_viewer })).body.allowed_actions, []);
  // the issuing county may not receive (403), nor the unit's viewer (403)
  expectProblem(await api('POST', `${P}/${id}/actions/receive`, { token: tok.inspector }), 403, 'forbidden');
  expectProblem(await api('POST', `${P}/${id}/actions/receive`, { token: tok.unit_viewer }), 403, 'forbidden');
  const got = await api('POST', `${P}/${id}/actions/receive`, { token: tok.unit_so, body: { reason: '已收到' } });
  assert.equal(got.status, 200, got.text);
  expectValid(got, { method: 'POST', path: `${P}/{id}/actions/{action}` });
  assert.equal(got.body.state, 'received');
  assert.ok(got.body.received_at);
  assert.ok(got.body.received_by_name);
  assert.deepEqual(got.body.allowed_actions, []);
  const twice = await api('POST', `${P}/${id}/actions/receive`, { token: tok.unit_so });
  expectProblem(twice, 409, 'conflict');
  const notes = await q(`SELECT n.kind FROM notifications n JOIN users u ON u.id = n.user_id
                         WHERE n.record_id = $1 AND u.org_id = $2`, [id, issuer.id]);
  assert.ok(notes.length >= 2 && notes.every((x) => x.kind === 'notice.received'), JSON.stringify(notes));
  const events = await api('GET', `${P}/${id}/events`, { token: tok.city_admin });
  assert.equal(events.status, 200);
  expectValid(events, { method: 'GET', path: `${P}/{id}/events` });
  assert.deepEqual(events.body.items.map((e) => [e.from_state, e.action, e.to_state, e.reason]), [['issued', 'receive', 'received', '已收到']]);
  expectProblem(await api('POST', `${P}/${id}/actions/sign`, { token: tok.unit_so }), 404, 'not_found');
});

test('the list filters by received, year and subtree, newest first, with cursors', async () => {
  const ids = [];
  for (let i = 0; i < 3; i += 1) {
    const res = await issue(tok.inspector, body([await createUnitHazard({ org_id: unit.id })]));
    assert.equal(res.status, 201, res.text);
    ids.push(res.body.id);
  }
  const r = await api('POST', `${P}/${ids[0]}/actions/receive`, { token: tok.unit_so });
  assert.equal(r.status, 200, r.text);
  const year = (await api('GET', `${P}/${ids[0]}`, { token: tok.inspector })).body.year;
  const all = await api('GET', `${P}?org_id=${unit.id}&limit=2`, { token: tok.inspector });
  assert.equal(all.status, 200, all.text);
  expectValid(all, { method: 'GET', path: P });
  assert.equal(all.body.items.length, 2);
  assert.ok(all.body.next_cursor);
  const times = all.body.items.map((n) => n.issued_at);
  assert.ok(times[0] >= times[1], 'newest first');
  const page2 = await api('GET', `${P}?org_id=${unit.id}&limit=2&cursor=${encodeURIComponent(all.body.next_cursor)}`, { token: tok.inspector });
  assert.equal(page2.status, 200, page2.text);
  assert.ok(!page2.body.items.some((n) => all.body.items.some((m) => m.id === n.id)));
  const unreceived = await api('GET', `${P}?org_id=${unit.id}&received=false&limit=200`, { token: tok.inspector });
  assert.ok(!unreceived.body.items.some((n) => n.id === ids[0]));
  assert.ok(unreceived.body.items.some((n) => n.id === ids[1]));
  const received = await api('GET', `${P}?org_id=${unit.id}&received=true&limit=200`, { token: tok.inspector });
  assert.ok(received.body.items.every((n) => n.state === 'received'));
  assert.ok(received.body.items.some((n) => n.id === ids[0]));
  const otherYear = await api('GET', `${P}?org_id=${unit.id}&year=${year - 1}`, { token: tok.inspector });
  assert.deepEqual(otherYear.body.items, []);
  const thisYear = await api('GET', `${P}?org_id=${unit.id}&year=${year}&limit=200`, { token: tok.inspector });
  assert.ok(ids.every((id) => thisYear.body.items.some((n) => n.id === id)));
  for (const bad of ['year=0', 'year=abc', 'received=maybe', 'sort=number']) {
    const res = await api('GET', `${P}?${bad}`, { token: tok.inspector });
    expectProblem(res, 400, 'validation_failed');
    assert.equal(res.body.errors[0].field, bad.split('=')[0]);
  }
  expectProblem(await api('GET', `${P}?org_id=${t.sibling.id}`, { token: tok.inspector }), 404, 'not_found');
});
