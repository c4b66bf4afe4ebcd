// The inspection workflow on the transition engine (api/resource/workflow.c, inspection_workflow.c):
// every record says what its caller may do (allowed_actions), and exactly those actions are
// accepted, for every role, org relation and state; each move is an event; actions outside the
// table are refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createInstitution, createInspection, createUser, q } from '../lib/fixtures.mjs';

const P = '/api/v1/inspections';
let t;
let inst;
const tokens = {};

before(async () => {
  t = await tree();
  inst = await createInstitution({ parent_id: t.county.id });
  const so = await createUser({ org_id: inst.org_id, role: 'safety_officer' });
  for (const role of ['admin', 'leader', 'inspector', 'viewer']) tokens[role] = await login(t.users[role].username);
  tokens.unit_safety_officer = await login(so.username);
});
after(closeDb);

/** Takes `action` on inspection `id` as `token` through its endpoint; returns the answer. */
function take(action, id, token) {
  switch (action) {
    case 'update': return api('PATCH', `${P}/${id}`, { token, body: { conclusion: '复核' } });
    case 'answer': return api('PUT', `${P}/${id}/results/1`, { token, body: { result: 'pass' } });
    case 'delete': return api('DELETE', `${P}/${id}`, { token });
    default: return api('POST', `${P}/${id}/actions/${action}`, { token });
  }
}

const ACTIONS = ['update', 'answer', 'delete', 'submit', 'correct'];

test('allowed_actions is exactly what the server then accepts, for every role, type and state', async () => {
  const cases = [];
  for (const type of ['routine', 'self']) {
    for (const state of ['draft', 'answered', 'submitted']) {
      for (const who of Object.keys(tokens)) cases.push({ type, state, who });
    }
  }
  const seen = new Set();
  for (const c of cases) {
    for (const action of ACTIONS) {
      // a fresh record per attempt: an accepted action changes it
      const rec = await createInspection({ institution: inst, type: c.type, state: c.state });
      const got = await api('GET', `${P}/${rec.id}`, { token: tokens[c.who] });
      assert.equal(got.status, 200, got.text);
      expectValid(got, { method: 'GET', path: `${P}/{id}` });
      const allowed = got.body.allowed_actions;
      const res = await take(action, rec.id, tokens[c.who]);
      const ok = res.status >= 200 && res.status < 300;
      const label = `${c.who} on a ${c.state} ${c.type} inspection, ${action}: ${res.status} ${res.text.slice(0, 160)}; allowed ${JSON.stringify(allowed)}`;
      if (allowed.includes(action)) {
        assert.ok(ok, label);
      } else {
        assert.ok([403, 409].includes(res.status), label);
      }
      seen.add(`${c.who}:${c.type}:${c.state}:${allowed.join(',')}`);
    }
  }
  // the table, as seen from here: submit once every item is answered
  const expectDraft = ['update', 'delete', 'answer', 'submit'];
  const allowedFor = (who, type, state) => [...seen].find((s) => s.startsWith(`${who}:${type}:${state}:`)).split(':')[3];
  assert.equal(allowedFor('inspector', 'routine', 'draft'), 'update,delete,answer');
  assert.equal(allowedFor('inspector', 'routine', 'answered'), expectDraft.join(','));
  assert.equal(allowedFor('inspector', 'routine', 'submitted'), 'correct');
  assert.equal(allowedFor('unit_safety_officer', 'routine', 'answered'), '', 'a unit is offered nothing on a county inspection of it');
  assert.equal(allowedFor('unit_safety_officer', 'routine', 'submitted'), '');
  assert.equal(allowedFor('unit_safety_officer', 'self', 'answered'), expectDraft.join(','));
  assert.equal(allowedFor('viewer', 'routine', 'answered'), '');
  assert.equal(allowedFor('leader', 'self', 'submitted'), '', 'a leader reads inspections but keeps none');
});

test('the list carries each row\'s allowed_actions, the same as the record', async () => {
  const own = await createInstitution({ parent_id: t.county.id });
  const d = await createInspection({ institution: own, state: 'answered' });
  const s = await createInspection({ institution: own, state: 'submitted' });
  const list = await api('GET', `${P}?institution_id=${own.id}`, { token: tokens.inspector });
  expectValid(list, { method: 'GET', path: P });
  const byId = Object.fromEntries(list.body.items.map((x) => [x.id, x.allowed_actions]));
  assert.deepEqual(byId[d.id], ['update', 'delete', 'answer', 'submit']);
  assert.deepEqual(byId[s.id], ['correct']);
});

test('each move is an event: who, in which role and org, from and to, with the reason', async () => {
  const d = await createInspection({ institution: inst, state: 'answered' });
  const sub = await api('POST', `${P}/${d.id}/actions/submit`, { token: tokens.inspector, body: { reason: '现场核对无误' } });
  assert.equal(sub.status, 200, sub.text);
  expectValid(sub, { method: 'POST', path: `${P}/{id}/actions/{action}` });
  assert.equal(sub.body.status, 'submitted');
  assert.deepEqual(sub.body.allowed_actions, ['correct']);
  const corr = await api('POST', `${P}/${d.id}/actions/correct`, { token: tokens.inspector });
  assert.equal(corr.status, 201, corr.text);
  assert.equal(corr.body.corrects_id, d.id);
  const ev = await api('GET', `${P}/${d.id}/events`, { token: tokens.viewer });
  assert.equal(ev.status, 200, ev.text);
  expectValid(ev, { method: 'GET', path: `${P}/{id}/events` });
  assert.deepEqual(ev.body.items.map((e) => [e.from_state, e.action, e.to_state]),
    [['draft', 'submit', 'submitted'], ['submitted', 'correct', 'submitted']]);
  assert.equal(ev.body.items[0].actor_id, t.users.inspector.id);
  assert.equal(ev.body.items[0].actor_org_id, t.county.id);
  assert.equal(ev.body.items[0].actor_role, 'inspector');
  assert.equal(ev.body.items[0].reason, '现场核对无误');
  // the original now has its correction: nothing more to do with it
  const again = await api('GET', `${P}/${d.id}`, { token: tokens.inspector });
  assert.deepEqual(again.body.allowed_actions, []);
  expectProblem(await api('POST', `${P}/${d.id}/actions/correct`, { token: tokens.inspector }), 409, 'conflict');
  // events are insert-only, even for the runtime role
  const rows = await q("SELECT count(*)::int AS n FROM workflow_events WHERE record_id = $1", [d.id]);
  assert.equal(rows[0].n, 2);
});

test('an action outside the table, a bad reason and a stale If-Match are refused; another branch gets 404', async () => {
  const d = await createInspection({ institution: inst, state: 'answered' });
  const unknown = await api('POST', `${P}/${d.id}/actions/approve`, { token: tokens.inspector });
  expectProblem(unknown, 404, 'not_found');
  const viaEndpoint = await api('POST', `${P}/${d.id}/actions/update`, { token: tokens.inspector });
  expectProblem(viaEndpoint, 404, 'not_found');
  const long = await api('POST', `${P}/${d.id}/actions/submit`, { token: tokens.inspector, body: { reason: 'x'.repeat(2001) } });
  expectProblem(long, 400, 'validation_failed');
  assert.ok(long.body.errors.some((e) => e.field === 'reason'));
  const notObject = await api('POST', `${P}/${d.id}/actions/submit`, { token: tokens.inspector, body: [1] });
  expectProblem(notObject, 400, 'validation_failed');
  const stale = await api('POST', `${P}/${d.id}/actions/submit`, { token: tokens.inspector, headers: { 'If-Match': '"v999"' } });
  expectProblem(stale, 412, 'precondition_failed');
  const foreignUser = await createUser({ org_id: t.other.id, role: 'inspector' });
  const foreign = await login(foreignUser.username);
  expectProblem(await api('POST', `${P}/${d.id}/actions/submit`, { token: foreign }), 404, 'not_found');
  expectProblem(await api('GET', `${P}/${d.id}/events`, { token: foreign }), 404, 'not_found');
  // nothing of the refusals reached the record
  const [row] = await q('SELECT status FROM inspections WHERE id = $1', [d.id]);
  assert.equal(row.status, 'draft');
});

test('events come oldest first when their ids cross a power of ten (ordered by number, not text)', async () => {
  // The next two events get ids 10^k - 1 and 10^k, which sort the wrong way round as text.
  const [{ max }] = await q('SELECT coalesce(max(id), 0)::bigint AS max FROM workflow_events');
  const next = 10n ** BigInt(String(BigInt(max) + 2n).length);
  await q(`SELECT setval(pg_get_serial_sequence('workflow_events', 'id'), $1::bigint)`, [String(next - 2n)]);
  const d = await createInspection({ institution: inst, state: 'answered' });
  const sub = await api('POST', `${P}/${d.id}/actions/submit`, { token: tokens.inspector });
  assert.equal(sub.status, 200, sub.text);
  const corr = await api('POST', `${P}/${d.id}/actions/correct`, { token: tokens.inspector });
  assert.equal(corr.status, 201, corr.text);
  const ev = await api('GET', `${P}/${d.id}/events`, { token: tokens.viewer });
  assert.equal(ev.status, 200, ev.text);
  assert.deepEqual(ev.body.items.map((e) => e.id), [String(next - 1n), String(next)]);
  assert.deepEqual(ev.body.items.map((e) => e.action), ['submit', 'correct']);
});
