// allowed_actions: what a record says the caller may do is exactly what the server then accepts.
// For each record state and caller, every action of the record's vocabulary is tried on a fresh
// copy of the record: a listed action succeeds, an unlisted one answers 403 or 409.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import {
  tree, login, closeDb, createUser, createInstitution, createInspection, createRisk, apiClientToken, uniq,
} from '../lib/fixtures.mjs';

let t0;
let inspector; // county inspector
let viewer; // county viewer
let admin; // county admin

before(async () => {
  t0 = await tree();
  inspector = await login(t0.users.inspector.username);
  viewer = await login(t0.users.viewer.username);
  admin = await login(t0.users.admin.username);
});
after(closeDb);

const I = '/api/v1/inspections';

/** The request that performs each inspection action. */
const INSPECTION_ACTIONS = {
  update: (id, token) => api('PATCH', `${I}/${id}`, { token, body: { conclusion: '结论' } }),
  delete: (id, token) => api('DELETE', `${I}/${id}`, { token }),
  answer: (id, token) => api('PUT', `${I}/${id}/results/1`, { token, body: { result: 'pass' } }),
  submit: (id, token) => api('POST', `${I}/${id}/submit`, { token, body: {} }),
  correct: (id, token) => api('POST', `${I}/${id}/correction`, { token, body: {} }),
};

/**
 * Reads the record as `token`, then tries every action on a fresh record from `make`; returns the list.
 * @param {{make: () => Promise<{id: string}>, path: string, actions: Record<string, (id: string, token: string) => Promise<any>>,
 *          token: string, label: string, listPath?: (rec: any) => string}} c
 */
async function agree({ make, path, actions, token, label, listPath }) {
  const rec = await make();
  const got = await api('GET', `${path}/${rec.id}`, { token });
  assert.equal(got.status, 200, `${label}: ${got.text}`);
  expectValid(got, { method: 'GET', path: `${path}/{id}` });
  const listed = got.body.allowed_actions;
  assert.ok(Array.isArray(listed), `${label}: allowed_actions is an array`);
  if (listPath) {
    const list = await api('GET', listPath(got.body), { token });
    assert.equal(list.status, 200);
    const item = list.body.items.find((/** @type {any} */ x) => x.id === rec.id);
    assert.ok(item, `${label}: the record is in the list`);
    assert.deepEqual(item.allowed_actions, listed, `${label}: the list says the same as the record`);
  }
  for (const [action, perform] of Object.entries(actions)) {
    const fresh = listed.includes(action) ? await make() : rec;
    const res = await perform(fresh.id, token);
    if (listed.includes(action)) {
      assert.ok(res.status >= 200 && res.status < 300, `${label}: listed ${action} succeeds (${res.status} ${res.text.slice(0, 200)})`);
    } else {
      assert.ok([403, 409].includes(res.status), `${label}: unlisted ${action} is refused (${res.status} ${res.text.slice(0, 200)})`);
    }
  }
  return listed;
}

test('inspections: allowed_actions equals what the server accepts, for each state and caller', async () => {
  const inst = await createInstitution();
  const unitSafety = await login((await createUser({ org_id: inst.org_id, role: 'safety_officer' })).username);
  const client = (await apiClientToken(admin, { org_id: t0.county.id, scope: 'read-write' })).token;
  const readClient = (await apiClientToken(admin, { org_id: t0.county.id, scope: 'read' })).token;
  const draft = () => createInspection({ institution: inst, state: 'draft' });
  const answered = () => createInspection({ institution: inst, state: 'answered' });
  const submitted = () => createInspection({ institution: inst, state: 'submitted' });
  const selfDraft = () => createInspection({ institution: inst, state: 'answered', type: 'self', inspector_org_id: inst.org_id });
  const selfSubmitted = () => createInspection({ institution: inst, state: 'submitted', type: 'self', inspector_org_id: inst.org_id });
  const corrected = async () => {
    const rec = await submitted();
    const res = await api('POST', `${I}/${rec.id}/correction`, { token: inspector, body: {} });
    assert.equal(res.status, 201, res.text);
    return rec;
  };
  const listPath = (/** @type {any} */ r) => `${I}?q=${encodeURIComponent(r.institution_name)}&limit=100`;
  const cases = [
    ['the county inspector, a draft', draft, inspector, ['update', 'delete', 'answer']],
    ['the county inspector, a draft with every item answered', answered, inspector, ['update', 'delete', 'answer', 'submit']],
    ['the county inspector, a submitted inspection', submitted, inspector, ['correct']],
    ['the county inspector, a corrected inspection', corrected, inspector, []],
    ['the unit\'s safety officer, the county\'s draft', answered, unitSafety, []],
    ['the unit\'s safety officer, the county\'s submitted inspection', submitted, unitSafety, []],
    ['the unit\'s safety officer, a self-inspection draft', selfDraft, unitSafety, ['update', 'delete', 'answer', 'submit']],
    ['the unit\'s safety officer, a submitted self-inspection', selfSubmitted, unitSafety, ['correct']],
    ['a viewer, a draft', answered, viewer, []],
    ['a read-write API client, a draft', answered, client, ['update', 'delete', 'answer', 'submit']],
    ['a read API client, a draft', answered, readClient, []],
  ];
  for (const [label, make, token, expected] of cases) {
    const listed = await agree({ make, path: I, actions: INSPECTION_ACTIONS, token, label, listPath });
    assert.deepEqual(listed, expected, label);
  }
});

test('risks and institutions: allowed_actions equals what the server accepts', async () => {
  const inst = await createInstitution();
  const R = '/api/v1/risks';
  const N = '/api/v1/institutions';
  const riskActions = {
    update: (id, token) => api('PATCH', `${R}/${id}`, { token, body: { name: `风险-${uniq('u')}` } }),
    archive: (id, token) => api('DELETE', `${R}/${id}`, { token }),
  };
  const instActions = {
    update: (id, token) => api('PATCH', `${N}/${id}`, { token, body: { beds: 10 } }),
    archive: (id, token) => api('DELETE', `${N}/${id}`, { token }),
  };
  assert.deepEqual(await agree({ make: () => createRisk({ institution: inst }), path: R, actions: riskActions, token: inspector, label: 'risk, inspector' }),
    ['update', 'archive']);
  assert.deepEqual(await agree({ make: () => createRisk({ institution: inst }), path: R, actions: riskActions, token: viewer, label: 'risk, viewer' }), []);
  // Archiving an archived risk changes nothing and answers 204 (idempotent), so only update is tried there.
  assert.deepEqual(await agree({ make: () => createRisk({ institution: inst, archived: true }), path: R, actions: { update: riskActions.update },
    token: inspector, label: 'archived risk, inspector' }), []);
  assert.deepEqual(await agree({ make: () => createInstitution(), path: N, actions: instActions, token: admin, label: 'institution, admin' }),
    ['update', 'archive']);
  assert.deepEqual(await agree({ make: () => createInstitution(), path: N, actions: instActions, token: viewer, label: 'institution, viewer' }), []);
  const archivedInst = async () => {
    const rec = await createInstitution();
    assert.equal((await api('DELETE', `${N}/${rec.id}`, { token: admin })).status, 204);
    return rec;
  };
  assert.deepEqual(await agree({ make: archivedInst, path: N, actions: { update: instActions.update }, token: admin, label: 'archived institution, admin' }),
    ['update']);
});

test('every answer with one risk or institution carries its allowed_actions: create, patch and archive-restore as well as GET', async () => {
  const t = await tree();
  const inspector = await login(t.users.inspector.username);
  const admin = await login(t.users.admin.username);
  const inst = await createInstitution({ parent_id: t.county.id });
  const made = await api('POST', '/api/v1/risks', { token: inspector,
    body: { institution_id: inst.id, name: '配电室过载', category: 'electrical', method: 'lec', lec_l: 3, lec_e: 6, lec_c: 7 } });
  assert.equal(made.status, 201, made.text);
  expectValid(made, { method: 'POST', path: '/api/v1/risks' });
  assert.deepEqual(made.body.allowed_actions, ['update', 'archive']);
  const patched = await api('PATCH', `/api/v1/risks/${made.body.id}`, { token: inspector, body: { measures: '每日巡检' } });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual(patched.body.allowed_actions, ['update', 'archive']);
  assert.equal((await api('DELETE', `/api/v1/institutions/${inst.id}`, { token: admin })).status, 204);
  const restored = await api('PATCH', `/api/v1/institutions/${inst.id}`, { token: admin, body: { archived: false } });
  assert.equal(restored.status, 200, restored.text);
  expectValid(restored, { method: 'PATCH', path: '/api/v1/institutions/{id}' });
  assert.deepEqual(restored.body.allowed_actions, ['update', 'archive']);
});
