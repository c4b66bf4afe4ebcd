// API clients: register (secret once), list, read, revoke; bad input names the field; another
// branch gets 404; only admins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, createUser, login, uniq, closeDb } from '../lib/fixtures.mjs';

const CLIENTS = '/api/v1/api-clients';
const CLIENT = '/api/v1/api-clients/{id}';
let t0; let admin; let leader; let siblingAdmin;
const v = (res, method, path) => expectValid(res, { method, path });
const hasField = (res, field, code) => res.body?.errors?.some((e) => e.field === field && (code === undefined || e.code === code));
const strip = (b) => ({ ...b, request_id: undefined, instance: undefined });

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  leader = await login(t0.users.leader.username);
  siblingAdmin = await login((await createUser({ org_id: t0.sibling.id, role: 'admin' })).username);
});
after(closeDb);

test('POST /api-clients registers a client and shows its secret once; GET and the list never show it', async () => {
  const name = `数据平台-${uniq('c')}`;
  const res = await api('POST', CLIENTS, { token: admin, body: { name, org_id: t0.unit.id, scope: 'read-write' } });
  assert.equal(res.status, 201, res.text);
  v(res, 'POST', CLIENTS);
  assert.equal(res.body.client_id, res.body.client.id);
  assert.equal(res.body.client.name, name);
  assert.equal(res.body.client.org_id, t0.unit.id);
  assert.equal(res.body.client.org_name, t0.unit.name);
  assert.equal(res.body.client.scope, 'read-write');
  assert.equal(res.body.client.active, true);
  assert.equal(res.body.client.last_used_at, null);
  assert.ok((res.headers.get('location') ?? '').endsWith(`/api/v1/api-clients/${res.body.client.id}`));
  const secret = res.body.client_secret;
  const g = await api('GET', `${CLIENTS}/${res.body.client.id}`, { token: admin });
  assert.equal(g.status, 200, g.text);
  v(g, 'GET', CLIENT);
  assert.ok(!g.text.includes(secret), 'no secret in GET');
  const list = await api('GET', CLIENTS, { token: admin });
  assert.equal(list.status, 200, list.text);
  v(list, 'GET', CLIENTS);
  assert.ok(list.body.items.some((c) => c.id === res.body.client.id));
  assert.ok(!list.text.includes(secret), 'no secret in the list');
  const theirs = await api('GET', CLIENTS, { token: siblingAdmin });
  assert.ok(!theirs.body.items.some((c) => c.id === res.body.client.id), "another county's admin does not list it");
  const tok = await api('POST', '/api/v1/auth/token', { body: { grant_type: 'client_credentials', client_id: res.body.client_id, client_secret: secret } });
  assert.equal(tok.status, 200, tok.text);
  assert.equal(tok.body.scope, 'read-write');
  const used = await api('GET', `${CLIENTS}/${res.body.client.id}`, { token: admin });
  assert.ok(used.body.last_used_at !== null, 'last_used_at is set after a token');
});

test('POST /api-clients bad input names the field; an org in another branch is 404', async () => {
  const base = { name: `客户端-${uniq('c')}`, org_id: t0.county.id, scope: 'read' };
  for (const [body, field, code] of [
    [{ ...base, secret: 'mine' }, 'secret', 'unknown_field'],
    [{ org_id: base.org_id, scope: 'read' }, 'name', 'required'],
    [{ ...base, name: '' }, 'name', undefined],
    [{ ...base, name: 'x'.repeat(101) }, 'name', 'too_long'],
    [{ ...base, scope: 'all' }, 'scope', 'enum'],
    [{ ...base, org_id: 'nope' }, 'org_id', 'format'],
    [(({ scope, ...r }) => r)(base), 'scope', 'required'],
  ]) {
    const r = await api('POST', CLIENTS, { token: admin, body });
    expectProblem(r, 400, 'validation_failed');
    v(r, 'POST', CLIENTS);
    assert.ok(hasField(r, field, code), `${JSON.stringify(body)}: ${JSON.stringify(r.body.errors)}`);
  }
  const foreign = await api('POST', CLIENTS, { token: admin, body: { ...base, org_id: t0.sibling.id } });
  expectProblem(foreign, 404, 'not_found');
  const missing = await api('POST', CLIENTS, { token: admin, body: { ...base, org_id: randomUUID() } });
  assert.deepEqual(strip(foreign.body), strip(missing.body));
  expectProblem(await api('POST', CLIENTS, { token: leader, body: base }), 403, 'forbidden');
  expectProblem(await api('GET', CLIENTS, { token: leader }), 403, 'forbidden');
});

test("DELETE /api-clients/{id} revokes (active=false); another branch's admin gets 404 for GET and DELETE", async () => {
  const c = await api('POST', CLIENTS, { token: admin, body: { name: `待吊销-${uniq('c')}`, org_id: t0.county.id, scope: 'read' } });
  assert.equal(c.status, 201, c.text);
  const id = c.body.client.id;
  const fg = await api('GET', `${CLIENTS}/${id}`, { token: siblingAdmin });
  expectProblem(fg, 404, 'not_found');
  const mg = await api('GET', `${CLIENTS}/${randomUUID()}`, { token: siblingAdmin });
  assert.deepEqual(strip(fg.body), strip(mg.body));
  expectProblem(await api('DELETE', `${CLIENTS}/${id}`, { token: siblingAdmin }), 404, 'not_found');
  assert.equal((await api('GET', `${CLIENTS}/${id}`, { token: admin })).body.active, true, 'untouched by the foreign DELETE');
  const d = await api('DELETE', `${CLIENTS}/${id}`, { token: admin });
  assert.equal(d.status, 204, d.text);
  v(d, 'DELETE', CLIENT);
  const g = await api('GET', `${CLIENTS}/${id}`, { token: admin });
  assert.equal(g.body.active, false);
  expectProblem(await api('DELETE', `${CLIENTS}/${id}`, { token: leader }), 403, 'forbidden');
  const bad = await api('GET', `${CLIENTS}/not-a-uuid`, { token: admin });
  assert.ok([400, 404].includes(bad.status), bad.text);
  v(bad, 'GET', CLIENT);
});
