// The hazard workflow (api/hazard/hazard_workflow.c on the transition engine): every record says
// what its caller may do (allowed_actions) and exactly those moves are accepted, for every state,
// role and org relation; and the rules that are the point of the product: 五落实 before
// rectifying, two different leaders of the unit sign a major hazard off, the rectifying unit
// cannot accept an administration's finding, nobody accepts their own rectification, a reason for
// a cancellation, listing by the supervising org, one extension per notice, rebound as a new life.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createInstitution, createInspection, createUser, createHazard, createAttachment, q } from '../lib/fixtures.mjs';

const P = '/api/v1/hazards';
let t;
let inst;
let lookback;
const tok = {};
const users = {};

before(async () => {
  t = await tree();
  inst = await createInstitution({ parent_id: t.county.id });
  for (const [name, role] of [['so', 'safety_officer'], ['so2', 'safety_officer'], ['unit_admin', 'admin'], ['lead1', 'leader'], ['lead2', 'leader']]) {
    users[name] = await createUser({ org_id: inst.org_id, role });
    tok[name] = await login(users[name].username);
  }
  for (const role of ['admin', 'inspector', 'leader', 'viewer']) {
    users[`county_${role}`] = t.users[role];
    tok[`county_${role}`] = await login(t.users[role].username);
  }
  users.city_admin = await createUser({ org_id: t.cityA.id, role: 'admin' });
  tok.city_admin = await login(users.city_admin.username);
  users.sibling_admin = await createUser({ org_id: t.sibling.id, role: 'admin' });
  tok.sibling_admin = await login(users.sibling_admin.username);
  lookback = await createInspection({ institution: inst, type: 'lookback', state: 'submitted' });
});
after(closeDb);

const act = (id, action, token, body) => api('POST', `${P}/${id}/actions/${action}`, { token, body: body ?? {} });
const signOff = (id, token, capacity) => api('POST', `${P}/${id}/sign-off`, { token, body: { capacity } });
const get = (id, token) => api('GET', `${P}/${id}`, { token });

/** A valid payload for each action, so that a refusal is about the state, role or org alone. */
const PAYLOAD = {
  register: { level: 'general', deadline: '2030-06-30', requirement: '限期清理' },
  fix_on_spot: { rectification: '当场清理完毕' },
  start: { responsible_person: '王强', funds: '800元', measures: '清理杂物并设置标识', emergency_plan: '启用备用通道' },
  submit: { rectification: '已清理并设置禁止堆放标识' },
  accept: {},
  reject: { reason: '照片不清楚，重新整改' },
  cancel: { reason: '经核实为误报' },
  list: { listing_document: '和卫安督〔2026〕1号', listing_due: '2030-12-31' },
  delist: {},
  request_extension: { extension_until: '2031-03-31', reason: '需采购设备' },
  grant_extension: {},
  refuse_extension: { reason: '时限已足够' },
  rebound: undefined, // needs the look-back inspection (set in the test)
};

/** A fresh after-photo of the unit (an attachment binds to one record only): [its id]. */
const photo = async () => [(await createAttachment({ org_id: inst.org_id })).id];

/** PAYLOAD[action], with a fresh photo where the action needs one. */
async function payload(action) {
  const body = { ...PAYLOAD[action] };
  if (action === 'fix_on_spot' || action === 'submit') body.attachments = await photo();
  return body;
}

/** Takes `action` through its endpoint as `who`. */
async function take(action, id, who) {
  if (action === 'update') return api('PATCH', `${P}/${id}`, { token: tok[who], body: { location: '门诊楼一层' } });
  if (action === 'sign_off') return signOff(id, tok[who], 'in_charge');
  const body = action === 'rebound' ? { inspection_id: lookback.id } : await payload(action);
  return act(id, action, tok[who], body);
}

test('allowed_actions is exactly what the server accepts, for every state, role and org relation', { timeout: 300_000 }, async () => {
  const callers = ['so', 'unit_admin', 'lead1', 'county_admin', 'county_inspector', 'county_leader', 'county_viewer', 'city_admin'];
  const states = ['reported', 'registered', 'rectifying', 'signable', 'acceptance_requested', 'closed', 'cancelled'];
  const actions = ['register', 'fix_on_spot', 'start', 'submit', 'sign_off', 'accept', 'reject', 'cancel', 'list', 'delist',
    'request_extension', 'grant_extension', 'refuse_extension', 'rebound', 'update'];
  const table = {};
  let accepted = 0;
  for (const state of states) {
    for (const who of callers) {
      for (const action of actions) {
        const level = (['rectifying', 'acceptance_requested'].includes(state) && ['list', 'sign_off'].includes(action)) ||
          (state === 'closed' && action === 'delist') ? 'major' : undefined;
        const listing = state === 'closed' && action === 'delist' ? t.county.id : undefined;
        const h = await createHazard({ institution: inst, state, level, listing_org: listing });
        const got = await get(h.id, tok[who]);
        assert.equal(got.status, 200, got.text);
        expectValid(got, { method: 'GET', path: `${P}/{id}` });
        const allowed = got.body.allowed_actions;
        const res = await take(action, h.id, who);
        const label = `${who} on a ${state} hazard, ${action}: ${res.status} ${res.text.slice(0, 200)}; allowed ${JSON.stringify(allowed)}`;
        if (allowed.includes(action)) {
          assert.ok(res.status === 200 || res.status === 201, label);
          accepted += 1;
        } else {
          assert.ok([403, 409].includes(res.status), label);
        }
        table[`${who}:${state}`] = allowed.join(',');
      }
    }
  }
  // the table as seen from here (fixture hazards are registered by the county, without a notice)
  assert.equal(table['so:reported'], 'register,fix_on_spot,cancel,update', 'the unit registers, fixes, cancels its own report');
  assert.equal(table['county_inspector:reported'], 'register,fix_on_spot,cancel,update');
  assert.equal(table['so:registered'], 'fix_on_spot,start,update', 'the unit does not cancel a county registration');
  assert.equal(table['county_admin:registered'], 'fix_on_spot,issue_notice,cancel,update', 'issue_notice is offered (taken through POST /notices)');
  assert.equal(table['county_admin:rectifying'], '');
  assert.equal(table['so:rectifying'], 'submit');
  assert.equal(table['county_admin:signable'], 'list', 'the county lists a major hazard');
  assert.equal(table['lead1:signable'], 'sign_off', 'a leader of the unit signs');
  assert.equal(table['county_leader:signable'], '', 'a leader above does not sign for the unit');
  assert.equal(table['so:acceptance_requested'], '', 'the unit cannot accept a county finding');
  assert.equal(table['county_inspector:acceptance_requested'], 'accept,reject');
  assert.equal(table['city_admin:acceptance_requested'], 'accept,reject', 'any administration above accepts');
  assert.equal(table['county_viewer:acceptance_requested'], '');
  assert.equal(table['so:closed'], 'rebound');
  assert.equal(table['so:cancelled'], '');
  assert.ok(accepted > 40, `moves accepted: ${accepted}`);
});

test('a hazard through the loop: reported by the unit, registered by the county, 五落实, rectified, accepted by the county', async () => {
  const made = await api('POST', P, { token: tok.so, body: { institution_id: inst.id, description: '药品库房应急照明灯损坏，未及时维修', category: 'electrical', location: '药品库房' } });
  assert.equal(made.status, 201, made.text);
  expectValid(made, { method: 'POST', path: P });
  const id = made.body.id;
  assert.equal(made.body.state, 'reported');

  let r = await act(id, 'register', tok.county_inspector, { level: 'general', deadline: '2020-01-01' });
  expectProblem(r, 400, 'validation_failed');
  assert.equal(r.body.errors[0].field, 'deadline', 'a deadline in the past is refused naming it');
  r = await act(id, 'register', tok.county_inspector, { level: 'general', deadline: '2030-05-31', requirement: '一周内更换应急照明灯' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'registered');
  assert.equal(r.body.registered_org_id, t.county.id);
  assert.equal(r.body.registered_org_level, 'county');

  r = await act(id, 'start', tok.so, {});
  const p = expectProblem(r, 409, 'five_implementations');
  assert.deepEqual(p.errors.map((e) => e.field).sort(), ['emergency_plan', 'funds', 'measures', 'responsible_person'],
    'the gate names each missing implementation');
  r = await act(id, 'start', tok.so, { responsible_person: '王强', funds: '300元' });
  expectProblem(r, 409, 'five_implementations');
  r = await act(id, 'start', tok.so, PAYLOAD.start);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'rectifying');
  assert.equal(r.body.responsible_person, '王强');

  r = await act(id, 'submit', tok.so, { rectification: '已更换' });
  expectProblem(r, 400, 'validation_failed');
  assert.equal(r.body.errors[0].field, 'attachments', 'an after-photo is required');
  r = await act(id, 'submit', tok.so, { rectification: '已更换', attachments: ['nope'] });
  assert.equal(expectProblem(r, 400).errors[0].field, 'attachments[0]');
  const foreign = await createAttachment({ org_id: t.sibling.id });
  r = await act(id, 'submit', tok.so, { rectification: '已更换', attachments: [foreign.id] });
  assert.equal(expectProblem(r, 422).errors[0].field, 'attachments/0', 'another county\'s file is not this unit\'s to bind');
  const after = await photo();
  r = await act(id, 'submit', tok.so, { rectification: '已更换应急照明灯并测试', attachments: after });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'acceptance_requested');
  assert.deepEqual(r.body.attachments.map((a) => [a.id, a.kind]), [[after[0], 'after']], 'the after-photo is bound to the hazard');
  const other = await createHazard({ institution: inst, state: 'rectifying' });
  r = await act(other.id, 'submit', tok.so, { rectification: '同一照片', attachments: after });
  assert.equal(expectProblem(r, 422).errors[0].field, 'attachments/0', 'a photo proves one hazard only');
  assert.equal((await get(id, tok.so)).body.rectified_by, users.so.id);

  // the county registered it: its admins and inspectors are told
  const notes = await q(`SELECT user_id::text FROM notifications WHERE record_id = $1 AND kind = 'hazard.acceptance'`, [id]);
  assert.ok(notes.some((n) => n.user_id === users.county_inspector.id), 'the county inspector is notified');
  assert.ok(!notes.some((n) => n.user_id === users.unit_admin.id), 'not the unit');

  r = await act(id, 'accept', tok.unit_admin);
  expectProblem(r, 403, 'forbidden'); // the rectifying unit cannot accept an administration's finding
  r = await act(id, 'accept', tok.county_inspector);
  assert.equal(r.status, 200, r.text);
  expectValid(r, { method: 'POST', path: `${P}/{id}/actions/{action}` });
  assert.equal(r.body.state, 'closed');
  assert.equal(r.body.accepted_by, users.county_inspector.id);
  assert.equal(r.body.accepted_org_id, t.county.id);
  assert.ok(r.body.closed_at);
  assert.deepEqual(r.body.allowed_actions, ['rebound'], 'a closed hazard may only rebound');

  const ev = await api('GET', `${P}/${id}/events`, { token: tok.so });
  assert.equal(ev.status, 200);
  expectValid(ev, { method: 'GET', path: `${P}/{id}/events` });
  assert.deepEqual(ev.body.items.map((e) => e.action), ['register', 'start', 'submit', 'accept']);
  const names = await q(`SELECT u.id::text, u.display_name FROM users u WHERE u.id = ANY($1::uuid[])`, [ev.body.items.map((e) => e.actor_id)]);
  const display = new Map(names.map((u) => [u.id, u.display_name]));
  for (const e of ev.body.items) assert.equal(e.actor_name, display.get(e.actor_id), 'the timeline names the actor by display name, not user name');
  const audit = await q(`SELECT action FROM audit_log WHERE object_id = $1 ORDER BY id`, [id]);
  assert.deepEqual(audit.map((a) => a.action), ['hazard.create', 'hazard.register', 'hazard.start', 'hazard.submit', 'hazard.accept']);
});

test('a unit-registered hazard is accepted inside the unit, never by the user who rectified it', async () => {
  const h = await createHazard({ institution: inst, state: 'rectifying', registered_org: inst.org_id });
  let r = await act(h.id, 'submit', tok.so, await payload('submit'));
  assert.equal(r.status, 200, r.text);
  r = await get(h.id, tok.so);
  assert.deepEqual(r.body.allowed_actions, [], 'the submitter is offered no acceptance');
  r = await act(h.id, 'accept', tok.so);
  expectProblem(r, 403, 'forbidden');
  r = await act(h.id, 'accept', tok.so2);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.accepted_by, users.so2.id);
});

test('a major hazard closes only after two different leaders of the unit sign off', async () => {
  const h = await createHazard({ institution: inst, state: 'signable' });
  let r = await act(h.id, 'submit', tok.so, await payload('submit'));
  assert.equal(r.status, 200, r.text);
  const sign = await q(`SELECT user_id::text FROM notifications WHERE record_id = $1 AND kind = 'hazard.sign_off'`, [h.id]);
  assert.ok(sign.some((n) => n.user_id === users.lead1.id), 'the unit leaders are asked to sign');
  r = await get(h.id, tok.county_inspector);
  assert.ok(!r.body.allowed_actions.includes('accept'), 'no acceptance offered before the signatures');
  r = await act(h.id, 'accept', tok.county_inspector);
  assert.match(expectProblem(r, 409, 'conflict').detail, /signed off/);

  r = await signOff(h.id, tok.so, 'in_charge');
  expectProblem(r, 403, 'forbidden'); // a safety officer holds no hazard:sign
  r = await signOff(h.id, tok.county_leader, 'in_charge');
  expectProblem(r, 403, 'forbidden'); // a leader above is not the unit's
  r = await api('POST', `${P}/${h.id}/sign-off`, { token: tok.lead1, body: { capacity: 'boss' } });
  assert.equal(expectProblem(r, 400).errors[0].field, 'capacity');
  r = await signOff(h.id, tok.lead1, 'in_charge');
  assert.equal(r.status, 200, r.text);
  expectValid(r, { method: 'POST', path: `${P}/{id}/sign-off` });
  assert.equal(r.body.signed_in_charge_by, users.lead1.id);
  r = await signOff(h.id, tok.lead1, 'principal');
  expectProblem(r, 403, 'forbidden'); // one user cannot sign both
  r = await signOff(h.id, tok.lead2, 'in_charge');
  expectProblem(r, 409, 'conflict'); // that capacity has signed
  r = await act(h.id, 'sign_off', tok.county_admin, { capacity: 'principal' });
  expectProblem(r, 403, 'forbidden'); // not through actions/{action}: only a leader signs, on …/sign-off
  r = await act(h.id, 'accept', tok.county_inspector);
  expectProblem(r, 409, 'conflict');
  r = await signOff(h.id, tok.lead2, 'principal');
  assert.equal(r.status, 200, r.text);
  r = await act(h.id, 'accept', tok.county_inspector);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'closed');
});

test('a cancellation needs a reason, and after registration only the registering org cancels', async () => {
  const h = await createHazard({ institution: inst, state: 'registered' });
  let r = await act(h.id, 'cancel', tok.county_admin, {});
  assert.equal(expectProblem(r, 400, 'validation_failed').errors[0].field, 'reason');
  r = await act(h.id, 'cancel', tok.county_admin, { reason: null });
  assert.equal(expectProblem(r, 400).errors[0].field, 'reason');
  r = await act(h.id, 'cancel', tok.so, PAYLOAD.cancel);
  expectProblem(r, 403, 'forbidden');
  r = await act(h.id, 'cancel', tok.city_admin, PAYLOAD.cancel);
  expectProblem(r, 403, 'forbidden'); // above, but not the registering org
  r = await act(h.id, 'cancel', tok.county_admin, PAYLOAD.cancel);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'cancelled');
  assert.equal(r.body.cancel_reason, '经核实为误报');
  const ev = await api('GET', `${P}/${h.id}/events`, { token: tok.county_admin });
  assert.equal(ev.body.items.at(-1).reason, '经核实为误报');
});

test('a major hazard is listed by an administration above and de-listed by that org only, after acceptance', async () => {
  const h = await createHazard({ institution: inst, state: 'signable' });
  let r = await act(h.id, 'list', tok.so, PAYLOAD.list);
  expectProblem(r, 403, 'forbidden');
  r = await act(h.id, 'list', tok.county_admin, { listing_due: '2030-12-31' });
  assert.equal(expectProblem(r, 400).errors[0].field, 'listing_document');
  r = await act(h.id, 'list', tok.county_admin, PAYLOAD.list);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.listed, true);
  assert.equal(r.body.listing_org_id, t.county.id);
  assert.equal(r.body.state, 'rectifying');
  r = await act(h.id, 'list', tok.city_admin, PAYLOAD.list);
  expectProblem(r, 409, 'conflict'); // listed already
  const general = await createHazard({ institution: inst, state: 'registered' });
  r = await act(general.id, 'list', tok.county_admin, PAYLOAD.list);
  expectProblem(r, 409, 'conflict'); // only a major hazard

  await q(`UPDATE hazards SET state = 'closed', closed_at = now(), signed_in_charge_by = $2, signed_principal_by = $3 WHERE id = $1`,
    [h.id, users.lead1.id, users.lead2.id]);
  r = await act(h.id, 'delist', tok.city_admin);
  expectProblem(r, 403, 'forbidden');
  r = await act(h.id, 'delist', tok.county_admin);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.listed, false);
  assert.ok(r.body.delisted_at);
});

test('the unit asks once per notice for an extension; the issuing org grants or refuses it', async () => {
  const mk = async () => {
    const h = await createHazard({ institution: inst, state: 'notice_issued', deadline: '2030-06-30' });
    const n = await q(`INSERT INTO rectification_notices (issuer_org_id, issuer_org_path, org_id, org_path, year, seq, number, deadline)
                       SELECT c.id, c.path, u.id, u.path, 2026, (SELECT coalesce(max(seq), 0) + 1 FROM rectification_notices WHERE issuer_org_id = c.id),
                              '测试〔2026〕' || gen_random_uuid() || '号', '2030-06-30'
                       FROM orgs c, orgs u WHERE c.id = $1 AND u.id = $2 RETURNING id`, [t.county.id, inst.org_id]);
    await q('UPDATE hazards SET notice_id = $2 WHERE id = $1', [h.id, n[0].id]);
    return h;
  };
  const h = await mk();
  let r = await act(h.id, 'request_extension', tok.so, { extension_until: '2030-06-30', reason: '采购周期长' });
  assert.equal(expectProblem(r, 400).errors[0].field, 'extension_until');
  r = await act(h.id, 'request_extension', tok.so, { extension_until: '2031-01-31' });
  assert.equal(expectProblem(r, 400).errors[0].field, 'reason');
  r = await act(h.id, 'request_extension', tok.county_admin, PAYLOAD.request_extension);
  expectProblem(r, 403, 'forbidden');
  r = await act(h.id, 'request_extension', tok.so, PAYLOAD.request_extension);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.extension_state, 'requested');
  assert.ok(r.body.notice && r.body.notice.number.startsWith('测试'));
  const told = await q(`SELECT user_id::text FROM notifications WHERE record_id = $1 AND kind = 'hazard.extension'`, [h.id]);
  assert.ok(told.some((n) => n.user_id === users.county_admin.id), 'the issuing org is told');
  r = await act(h.id, 'grant_extension', tok.city_admin);
  expectProblem(r, 403, 'forbidden'); // not the issuing org
  r = await act(h.id, 'grant_extension', tok.county_admin);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.deadline, '2031-03-31');
  assert.equal(r.body.extension_state, 'granted');
  r = await act(h.id, 'request_extension', tok.so, { extension_until: '2031-09-30', reason: '再次申请' });
  expectProblem(r, 409, 'conflict'); // once per notice

  const h2 = await mk();
  await act(h2.id, 'request_extension', tok.so, PAYLOAD.request_extension);
  r = await act(h2.id, 'refuse_extension', tok.county_admin, {});
  assert.equal(expectProblem(r, 400).errors[0].field, 'reason');
  r = await act(h2.id, 'refuse_extension', tok.county_admin, PAYLOAD.refuse_extension);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.extension_state, 'refused');
  assert.equal(r.body.deadline, '2030-06-30');
});

test('a rebound found by a look-back opens a new hazard linked to its first life', async () => {
  const h = await createHazard({ institution: inst, state: 'closed', level: 'general' });
  const routine = await createInspection({ institution: inst, type: 'routine', state: 'submitted' });
  let r = await act(h.id, 'rebound', tok.county_inspector, { inspection_id: routine.id });
  assert.equal(expectProblem(r, 400).errors[0].field, 'inspection_id');
  const elsewhere = await createInspection({ institution: await createInstitution({ parent_id: t.county.id }), type: 'lookback', state: 'submitted' });
  r = await act(h.id, 'rebound', tok.county_inspector, { inspection_id: elsewhere.id });
  assert.equal(expectProblem(r, 400).errors[0].field, 'inspection_id');
  r = await act(h.id, 'rebound', tok.county_inspector, { inspection_id: lookback.id });
  assert.equal(r.status, 201, r.text);
  expectValid(r, { method: 'POST', path: `${P}/{id}/actions/{action}` });
  assert.notEqual(r.body.id, h.id);
  assert.equal(r.body.previous_id, h.id);
  assert.equal(r.body.source, 'lookback');
  assert.equal(r.body.state, 'reported');
  assert.equal(r.body.inspection_id, lookback.id);
  const first = await get(h.id, tok.so);
  assert.equal(first.body.state, 'closed');
  assert.equal(first.body.rebound_id, r.body.id);
  assert.deepEqual(first.body.allowed_actions, [], 'a hazard rebounds once; its later life is the open one');
  const seen = await api('GET', `/api/v1/inspections/${lookback.id}`, { token: tok.county_admin });
  assert.equal(seen.status, 200);
  assert.ok(seen.body.hazards.some((x) => x.id === r.body.id && x.state === 'reported'), 'the look-back lists the rebound it found');
  r = await act(h.id, 'rebound', tok.county_inspector, { inspection_id: lookback.id });
  expectProblem(r, 409, 'conflict');
});

test('即知即改: a general hazard fixed on the spot closes in one step with its after-photo', async () => {
  const h = await createHazard({ institution: inst, state: 'reported' });
  let r = await act(h.id, 'fix_on_spot', tok.so, { rectification: '已清理' });
  assert.equal(expectProblem(r, 400).errors[0].field, 'attachments');
  r = await act(h.id, 'fix_on_spot', tok.so, { attachments: await photo() });
  assert.equal(expectProblem(r, 400).errors[0].field, 'rectification');
  r = await act(h.id, 'fix_on_spot', tok.so, { ...(await payload('fix_on_spot')), colour: 'red' });
  assert.equal(expectProblem(r, 400).errors[0].field, 'colour');
  r = await act(h.id, 'fix_on_spot', tok.so, await payload('fix_on_spot'));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.state, 'closed');
  assert.equal(r.body.accepted_by, users.so.id);
  assert.ok(r.body.closed_at);
  const major = await createHazard({ institution: inst, state: 'reported', level: 'major' });
  r = await act(major.id, 'fix_on_spot', tok.so, await payload('fix_on_spot'));
  expectProblem(r, 409, 'conflict');
});

test('a major grading needs its basis, and tells every org above at once', async () => {
  const h = await createHazard({ institution: inst, state: 'reported' });
  let r = await act(h.id, 'register', tok.county_admin, { level: 'major', deadline: '2030-12-31' });
  assert.equal(expectProblem(r, 400).errors[0].field, 'criterion_id');
  r = await act(h.id, 'register', tok.county_admin, { level: 'major', deadline: '2030-12-31', criterion_id: '5d2c7a1e-0000-4000-8000-000000000001' });
  assert.equal(expectProblem(r, 400).errors[0].field, 'criterion_id');
  const crit = await q(`SELECT id FROM hazard_criteria WHERE code = 'nhc-2023-09'`);
  r = await act(h.id, 'register', tok.county_admin, { level: 'major', deadline: '2030-12-31', criterion_id: crit[0].id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.level, 'major');
  assert.equal(r.body.criterion_id, crit[0].id);
  const told = await q(`SELECT user_id::text FROM notifications WHERE record_id = $1 AND kind = 'hazard.major'`, [h.id]);
  const ids = told.map((n) => n.user_id);
  assert.ok(ids.includes(users.county_admin.id) && ids.includes(users.county_leader.id) && ids.includes(users.city_admin.id));
  assert.ok(!ids.includes(users.so.id) && !ids.includes(users.sibling_admin.id), 'not the unit, not a sibling county');
});

test('issue_notice is the notices endpoint\'s; an unknown action is 404; a sibling county sees nothing', async () => {
  const h = await createHazard({ institution: inst, state: 'registered' });
  let r = await act(h.id, 'issue_notice', tok.county_admin, { notice_id: h.id, deadline: '2030-01-01' });
  expectProblem(r, 404, 'not_found');
  r = await act(h.id, 'teleport', tok.county_admin, {});
  expectProblem(r, 404, 'not_found');
  for (const res of [await get(h.id, tok.sibling_admin), await act(h.id, 'cancel', tok.sibling_admin, PAYLOAD.cancel),
    await api('PATCH', `${P}/${h.id}`, { token: tok.sibling_admin, body: { location: 'x' } }),
    await api('GET', `${P}/${h.id}/events`, { token: tok.sibling_admin })]) {
    expectProblem(res, 404, 'not_found');
  }
  r = await act(h.id, 'cancel', tok.county_admin, { ...PAYLOAD.cancel, level: 'major' });
  assert.equal(expectProblem(r, 400).errors[0].field, 'level', 'a member the action does not take is refused by name');
});

test('PATCH edits a reported or registered hazard under If-Match, and nothing later', async () => {
  const h = await createHazard({ institution: inst, state: 'registered' });
  const g = await get(h.id, tok.so);
  let r = await api('PATCH', `${P}/${h.id}`, { token: tok.so, headers: { 'if-match': '"v999"' }, body: { location: '二楼' } });
  expectProblem(r, 412, 'precondition_failed');
  r = await api('PATCH', `${P}/${h.id}`, { token: tok.so, headers: { 'if-match': g.headers.get('etag') }, body: { location: '二楼东侧', level: 'major' } });
  assert.equal(expectProblem(r, 400).errors[0].field, 'criterion_id');
  r = await api('PATCH', `${P}/${h.id}`, { token: tok.so, headers: { 'if-match': g.headers.get('etag') }, body: { location: '二楼东侧' } });
  assert.equal(r.status, 200, r.text);
  expectValid(r, { method: 'PATCH', path: `${P}/{id}` });
  assert.equal(r.body.location, '二楼东侧');
  assert.equal(r.body.version, g.body.version + 1);
  const closed = await createHazard({ institution: inst, state: 'closed' });
  r = await api('PATCH', `${P}/${closed.id}`, { token: tok.so, body: { location: '二楼' } });
  expectProblem(r, 409, 'conflict');
  r = await api('PATCH', `${P}/${h.id}`, { token: tok.county_viewer, body: { location: '二楼' } });
  expectProblem(r, 403, 'forbidden');
});
