// The descriptor's hooks as orgs, users, API clients, checklist templates and institutions use
// them (api/resource/resource.h): kinds whose create body names no client-made id refuse one
// (no_client_id), the one-time secret of an API client is answered with no-store and no ETag
// (answer), a template is guarded before its load (an ancestor's is 403 whatever the version) and
// archived templates are not changed, while an archived institution takes a PATCH that restores
// it (restore); unique violations answer in the kind's own words (conflicts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, login, closeDb, createUser, createOrg, createTemplate, createInstitution, creditCode, uniq, q } from '../lib/fixtures.mjs';

let t0;
let admin; // county admin
let cityAdmin; // admin of the county's city

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  cityAdmin = await login((await createUser({ org_id: t0.cityA.id, role: 'admin' })).username);
});
after(closeDb);

test('kinds whose create body has no client-made id refuse one, naming it, and write nothing', async () => {
  const name = uniq('n');
  const cases = [
    ['/api/v1/orgs', { parent_id: t0.county.id, name: `单位-${name}`, level: 'unit' }, 'SELECT count(*)::int AS n FROM orgs WHERE id = $1'],
    ['/api/v1/users', { username: `u${name}`, display_name: '测试', org_id: t0.county.id, role: 'viewer', password: 'a long enough pass phrase' }, 'SELECT count(*)::int AS n FROM users WHERE id = $1'],
    ['/api/v1/api-clients', { name: `客户端-${name}`, org_id: t0.county.id, scope: 'read' }, 'SELECT count(*)::int AS n FROM api_clients WHERE id = $1'],
    ['/api/v1/institutions', { parent_id: t0.county.id, name: `医院-${name}`, credit_code: creditCode(), type: 'general_hospital' }, 'SELECT count(*)::int AS n FROM institutions WHERE id = $1'],
  ];
  for (const [path, body, count] of cases) {
    const id = randomUUID();
    const res = await api('POST', path, { token: admin, body: { ...body, id } });
    const p = expectProblem(res, 400, 'validation_failed');
    assert.ok(p.errors.some((e) => e.field === 'id'), `${path}: the error names id: ${res.text}`);
    assert.equal((await q(count, [id]))[0].n, 0, `${path}: nothing written`);
  }
});

test('an API client is answered with its one-time secret, no-store and no ETag; the secret is kept only as a hash', async () => {
  const res = await api('POST', '/api/v1/api-clients', { token: admin, body: { name: `客户端-${uniq('c')}`, org_id: t0.county.id, scope: 'read' } });
  assert.equal(res.status, 201, res.text);
  expectValid(res, { method: 'POST', path: '/api/v1/api-clients' });
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('etag'), null);
  assert.equal(res.headers.get('location'), `/api/v1/api-clients/${res.body.client_id}`);
  assert.equal(res.body.client.id, res.body.client_id);
  const rows = await q("SELECT encode(secret_hash, 'hex') AS h FROM api_clients WHERE id = $1", [res.body.client_id]);
  assert.equal(rows.length, 1);
  assert.notEqual(rows[0].h, res.body.client_secret);
  assert.equal(rows[0].h.length, 64, 'a SHA-256');
});

test("a template is guarded before its load: an ancestor's is 403 from below, archived ones 409, a sibling's 404", async () => {
  const cityTpl = await createTemplate({ org_id: t0.cityA.id });
  expectProblem(await api('PATCH', `/api/v1/checklist-templates/${cityTpl.id}`, { token: admin, body: { name: '改上级表' }, headers: { 'If-Match': '"1"' } }), 403, 'forbidden');
  expectProblem(await api('DELETE', `/api/v1/checklist-templates/${cityTpl.id}`, { token: admin }), 403, 'forbidden');
  assert.equal((await q('SELECT name, archived FROM checklist_templates WHERE id = $1', [cityTpl.id]))[0].archived, false);
  const siblingTpl = await createTemplate({ org_id: t0.sibling.id });
  expectProblem(await api('PATCH', `/api/v1/checklist-templates/${siblingTpl.id}`, { token: admin, body: { name: '改别人的' } }), 404, 'not_found');
  const mine = await createTemplate();
  const del = await api('DELETE', `/api/v1/checklist-templates/${mine.id}`, { token: admin });
  assert.equal(del.status, 204, del.text);
  expectProblem(await api('PATCH', `/api/v1/checklist-templates/${mine.id}`, { token: admin, body: { name: '归档后改' } }), 409, 'conflict');
  const edit = await api('PATCH', `/api/v1/checklist-templates/${cityTpl.id}`, { token: cityAdmin, body: { description: null } });
  assert.equal(edit.status, 200, edit.text);
  assert.equal(edit.body.description, null);
  assert.equal(edit.body.org_id, t0.cityA.id, 'the owner stays the city');
});

test('an archived institution takes a PATCH that restores it; a taken credit code and a sibling unit name are 409 in their own words', async () => {
  const inst = await createInstitution({ parent_id: t0.county.id });
  const del = await api('DELETE', `/api/v1/institutions/${inst.id}`, { token: admin });
  assert.equal(del.status, 204, del.text);
  const back = await api('PATCH', `/api/v1/institutions/${inst.id}`, { token: admin, body: { archived: false } });
  assert.equal(back.status, 200, back.text);
  expectValid(back, { method: 'PATCH', path: '/api/v1/institutions/{id}' });
  assert.equal(back.body.archived, false);
  const other = await createInstitution({ parent_id: t0.county.id });
  const taken = expectProblem(await api('PATCH', `/api/v1/institutions/${other.id}`, { token: admin, body: { credit_code: inst.credit_code } }), 409, 'conflict');
  assert.match(taken.detail, /credit code/);
  const named = expectProblem(await api('PATCH', `/api/v1/institutions/${other.id}`, { token: admin, body: { name: inst.name } }), 409, 'conflict');
  assert.match(named.detail, /already has an org with this name/);
  const unit = await createOrg({ parent_id: t0.county.id, level: 'unit' });
  const sibling = expectProblem(await api('PATCH', `/api/v1/orgs/${unit.id}`, { token: admin, body: { name: inst.name } }), 409, 'conflict');
  assert.match(sibling.detail, /already has an org with this name/);
});
