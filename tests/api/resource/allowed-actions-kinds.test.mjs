// allowed_actions of orgs, users, API clients and checklist templates: what one record says the
// caller may do is exactly what the server then accepts (a listed action succeeds on a fresh copy,
// an unlisted one answers 403 or 409), for two roles each, and every single-record answer (GET,
// create) carries it. API client revocation takes If-Match like every other change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { agree } from '../lib/allowed.mjs';
import {
  tree, login, closeDb, createOrg, createUser, createClientRow, createTemplate, nationalTemplate, uniq,
} from '../lib/fixtures.mjs';

let t0;
let admin; // county admin
let leader; // county leader
let inspector; // county inspector
let cityAdmin; // admin of city A (the county's parent)
let cityLeader;

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  leader = await login(t0.users.leader.username);
  inspector = await login(t0.users.inspector.username);
  cityAdmin = await login((await createUser({ org_id: t0.cityA.id, role: 'admin' })).username);
  cityLeader = await login((await createUser({ org_id: t0.cityA.id, role: 'leader' })).username);
});
after(closeDb);

test('orgs: update, move and delete as listed, for the city admin and leader', async () => {
  const O = '/api/v1/orgs';
  const actions = {
    update: async (id, token) => {
      const cur = await api('GET', `${O}/${id}`, { token });
      return api('PATCH', `${O}/${id}`, { token, body: { name: cur.body.name ?? 'x' } });
    },
    move: (id, token) => api('POST', `${O}/${id}/move`, { token, body: { parent_id: t0.sibling.id } }),
    delete: (id, token) => api('DELETE', `${O}/${id}`, { token }),
  };
  const bare = () => createOrg({ parent_id: t0.county.id, level: 'unit' });
  const withUser = async () => {
    const o = await bare();
    await createUser({ org_id: o.id, role: 'viewer' });
    return o;
  };
  assert.deepEqual(await agree({ make: bare, path: O, actions, token: cityAdmin, label: 'a bare unit, city admin' }), ['update', 'move', 'delete']);
  assert.deepEqual(await agree({ make: withUser, path: O, actions, token: cityAdmin, label: 'a unit with a user, city admin' }), ['update', 'move']);
  assert.deepEqual(await agree({ make: async () => t0.cityA, path: O, actions, token: cityAdmin, label: 'own org, city admin' }), ['update']);
  assert.deepEqual(await agree({ make: bare, path: O, actions, token: cityLeader, label: 'a bare unit, city leader' }), []);
  const made = await api('POST', O, { token: cityAdmin, body: { parent_id: t0.county.id, level: 'unit', name: `新单位-${uniq('o')}` } });
  assert.equal(made.status, 201, made.text);
  expectValid(made, { method: 'POST', path: O });
  assert.deepEqual(made.body.allowed_actions, ['update', 'move', 'delete']);
});

test('users: update and reset_password as listed, for the county admin and leader; a reset takes If-Match', async () => {
  const U = '/api/v1/users';
  const actions = {
    update: (id, token) => api('PATCH', `${U}/${id}`, { token, body: { display_name: `改名-${uniq('n')}` } }),
    reset_password: (id, token) => api('POST', `${U}/${id}/password`, { token, body: { new_password: 'Another#Pass2026x' } }),
  };
  const viewerUser = () => createUser({ org_id: t0.county.id, role: 'viewer' });
  const adminUser = () => createUser({ org_id: t0.county.id, role: 'admin' });
  assert.deepEqual(await agree({ make: viewerUser, path: U, actions, token: admin, label: 'a viewer, admin' }), ['update', 'reset_password']);
  assert.deepEqual(await agree({ make: adminUser, path: U, actions, token: admin, label: 'an admin, admin' }), ['update', 'reset_password']);
  assert.deepEqual(await agree({ make: viewerUser, path: U, actions, token: leader, label: 'a viewer, leader' }), []);
  // A password reset is a change of the user like any other: a stale If-Match is 412 and changes nothing.
  const target = await viewerUser();
  const read = await api('GET', `${U}/${target.id}`, { token: admin });
  const stale = await api('POST', `${U}/${target.id}/password`, { token: admin, body: { new_password: 'Another#Pass2026x' }, headers: { 'If-Match': '"v999"' } });
  expectProblem(stale, 412, 'precondition_failed');
  expectValid(stale, { method: 'POST', path: `${U}/{id}/password` });
  assert.equal((await api('GET', `${U}/${target.id}`, { token: admin })).headers.get('etag'), read.headers.get('etag'), 'nothing changed');
  const reset = await api('POST', `${U}/${target.id}/password`, { token: admin, body: { new_password: 'Another#Pass2026x' }, headers: { 'If-Match': read.headers.get('etag') } });
  assert.equal(reset.status, 204, reset.text);
  const made = await api('POST', U, { token: admin,
    body: { username: uniq('t.new.'), display_name: '新用户', org_id: t0.county.id, role: 'inspector', password: 'Fresh#Pass2026xy' } });
  assert.equal(made.status, 201, made.text);
  expectValid(made, { method: 'POST', path: U });
  assert.deepEqual(made.body.allowed_actions, ['update', 'reset_password']);
});

test('API clients: revoke as listed; revoking takes If-Match; the create answer carries allowed_actions', async () => {
  const C = '/api/v1/api-clients';
  const actions = { revoke: (id, token) => api('DELETE', `${C}/${id}`, { token }) };
  const active = () => createClientRow({ org_id: t0.county.id });
  assert.deepEqual(await agree({ make: active, path: C, actions, token: admin, label: 'an active client, admin' }), ['revoke']);
  assert.deepEqual(await agree({ make: active, path: C, actions, token: cityAdmin, label: 'an active client, city admin' }), ['revoke']);
  const rec = await active();
  const read = await api('GET', `${C}/${rec.id}`, { token: admin });
  const stale = await api('DELETE', `${C}/${rec.id}`, { token: admin, headers: { 'If-Match': '"v0"' } });
  expectProblem(stale, 412, 'precondition_failed');
  expectValid(stale, { method: 'DELETE', path: `${C}/{id}` });
  assert.equal((await api('GET', `${C}/${rec.id}`, { token: admin })).body.active, true, 'a stale revoke changes nothing');
  const ok = await api('DELETE', `${C}/${rec.id}`, { token: admin, headers: { 'If-Match': read.headers.get('etag') } });
  assert.equal(ok.status, 204, ok.text);
  const after = await api('GET', `${C}/${rec.id}`, { token: admin });
  assert.equal(after.body.active, false);
  assert.deepEqual(after.body.allowed_actions, [], 'a revoked client offers nothing');
  assert.notEqual(after.headers.get('etag'), read.headers.get('etag'));
  const made = await api('POST', C, { token: admin, body: { name: `客户端-${uniq('c')}`, org_id: t0.county.id, scope: 'read' } });
  assert.equal(made.status, 201, made.text);
  expectValid(made, { method: 'POST', path: C });
  assert.deepEqual(made.body.client.allowed_actions, ['revoke']);
  const foreign = await login((await createUser({ org_id: t0.sibling.id, role: 'admin' })).username);
  expectProblem(await api('DELETE', `${C}/${made.body.client_id}`, { token: foreign }), 404, 'not_found');
});

test('checklist templates: update and archive as listed, for the county admin and inspector; shipped and ancestors\' templates offer nothing', async () => {
  const T = '/api/v1/checklist-templates';
  const actions = {
    update: (id, token) => api('PATCH', `${T}/${id}`, { token, body: { name: `检查表-${uniq('u')}` } }),
    archive: (id, token) => api('DELETE', `${T}/${id}`, { token }),
  };
  const mine = () => createTemplate({ org_id: t0.county.id });
  const national = async () => ({ id: (await nationalTemplate()).id });
  const ancestors = () => createTemplate({ org_id: t0.cityA.id });
  assert.deepEqual(await agree({ make: mine, path: T, actions, token: admin, label: 'the county\'s template, admin' }), ['update', 'archive']);
  assert.deepEqual(await agree({ make: mine, path: T, actions, token: inspector, label: 'the county\'s template, inspector' }), []);
  assert.deepEqual(await agree({ make: national, path: T, actions, token: admin, label: 'a shipped template, admin' }), []);
  assert.deepEqual(await agree({ make: ancestors, path: T, actions, token: admin, label: 'the city\'s template, county admin' }), []);
  const made = await api('POST', T, { token: admin, body: { name: `新检查表-${uniq('t')}`, items: [{ text: '消防通道畅通' }] } });
  assert.equal(made.status, 201, made.text);
  expectValid(made, { method: 'POST', path: T });
  assert.deepEqual(made.body.allowed_actions, ['update', 'archive']);
  assert.equal(made.body.items.length, 1, 'the composite record comes with its items');
  const archived = await api('DELETE', `${T}/${made.body.id}`, { token: admin, headers: { 'If-Match': made.headers.get('etag') } });
  assert.equal(archived.status, 204, archived.text);
  const gone = await api('GET', `${T}/${made.body.id}`, { token: admin });
  assert.deepEqual(gone.body.allowed_actions, []);
});

test('every listed row carries the allowed_actions its own GET answers, for every list with actions', async () => {
  const lists = [
    ['/api/v1/orgs', '/api/v1/orgs/{id}', (id) => `/api/v1/orgs/${id}`],
    ['/api/v1/users', '/api/v1/users/{id}', (id) => `/api/v1/users/${id}`],
    ['/api/v1/api-clients', '/api/v1/api-clients/{id}', (id) => `/api/v1/api-clients/${id}`],
    ['/api/v1/checklist-templates', '/api/v1/checklist-templates/{id}', (id) => `/api/v1/checklist-templates/${id}`],
    ['/api/v1/institutions', '/api/v1/institutions/{id}', (id) => `/api/v1/institutions/${id}`],
    ['/api/v1/risks', '/api/v1/risks/{id}', (id) => `/api/v1/risks/${id}`],
    ['/api/v1/inspections', '/api/v1/inspections/{id}', (id) => `/api/v1/inspections/${id}`],
  ];
  await createClientRow({ org_id: t0.county.id });
  await createTemplate({ org_id: t0.county.id });
  for (const who of [cityAdmin, leader, inspector]) {
    for (const [path, template, one] of lists) {
      const page = await api('GET', `${path}?limit=20`, { token: who });
      if (page.status === 403) continue; // the role may not read this list at all
      assert.equal(page.status, 200, `${path}: ${page.text}`);
      expectValid(page, { method: 'GET', path });
      for (const item of page.body.items) {
        assert.ok(Array.isArray(item.allowed_actions), `${path}: a listed row carries allowed_actions`);
        const res = await api('GET', one(item.id), { token: who });
        assert.equal(res.status, 200, `${one(item.id)}: ${res.text}`);
        expectValid(res, { method: 'GET', path: template });
        assert.deepEqual([...item.allowed_actions].sort(), [...res.body.allowed_actions].sort(),
          `${path}: the row's allowed_actions are its GET's`);
      }
    }
  }
});
