// The gate reads the principal fresh on every request, also when a read of a session seen before
// is sent to PostgreSQL in one round trip with the principal it had last time (auth_gate.c,
// speculate), or trusted for a while after the database confirmed it (principal_cache.c): a
// change of role, of org or of activity made through this server takes effect on the very next
// request, and one made anywhere else (another server, an operator in psql) as soon as the
// database's announcement arrives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, createUser, login, loginRaw, closeDb, q } from '../lib/fixtures.mjs';

const USERS = '/api/v1/users';
const ORG = (id) => `/api/v1/orgs/${id}`;
const ME = '/api/v1/auth/me';
let t0; let admin;

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
});
after(closeDb);

async function patchUser(id, body) {
  const g = await api('GET', `${USERS}/${id}`, { token: admin });
  assert.equal(g.status, 200, g.text);
  const p = await api('PATCH', `${USERS}/${id}`, { token: admin, headers: { 'if-match': g.headers.get('etag') }, body });
  assert.equal(p.status, 200, p.text);
  return p;
}

test('a role taken away applies to the next read of a session that has been reading', async () => {
  const u = await createUser({ org_id: t0.county.id, role: 'admin' });
  const { body: { access_token: token } } = await loginRaw(u.username);
  for (let i = 0; i < 3; i += 1) {
    const res = await api('GET', USERS, { token });
    assert.equal(res.status, 200, res.text);
    expectValid(res, { method: 'GET', path: USERS });
  }
  await patchUser(u.id, { role: 'viewer' });
  const denied = await api('GET', USERS, { token });
  expectProblem(denied, 403, 'forbidden');
  expectValid(denied, { method: 'GET', path: USERS });
  // what a viewer may read still answers, as the viewer
  const me = await api('GET', ME, { token });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.body.user.role, 'viewer');
});

test('a user moved to another org reads the new subtree on the next request, not the old one', async () => {
  const u = await createUser({ org_id: t0.county.id, role: 'viewer' });
  const { body: { access_token: token } } = await loginRaw(u.username);
  for (let i = 0; i < 3; i += 1) assert.equal((await api('GET', ORG(t0.county.id), { token })).status, 200);
  await patchUser(u.id, { org_id: t0.unit.id });
  // the county is above the unit: outside the new subtree, so it answers as if missing
  const county = await api('GET', ORG(t0.county.id), { token });
  expectProblem(county, 404, 'not_found');
  expectValid(county, { method: 'GET', path: '/api/v1/orgs/{id}' });
  const unit = await api('GET', ORG(t0.unit.id), { token });
  assert.equal(unit.status, 200, unit.text);
  const me = await api('GET', ME, { token });
  assert.equal(me.body.user.org_id, t0.unit.id);
});

test('a session ended while it was reading answers 401 at once, many times over', async () => {
  const u = await createUser({ org_id: t0.county.id, role: 'viewer' });
  const l = await loginRaw(u.username);
  const token = l.body.access_token;
  for (let i = 0; i < 3; i += 1) assert.equal((await api('GET', ORG(t0.county.id), { token })).status, 200);
  assert.equal((await api('POST', '/api/v1/auth/logout', { body: { refresh_token: l.body.refresh_token } })).status, 204);
  for (let i = 0; i < 3; i += 1) {
    const res = await api('GET', ORG(t0.county.id), { token });
    expectProblem(res, 401, 'unauthorized');
    expectValid(res, { method: 'GET', path: '/api/v1/orgs/{id}' });
  }
  // another user's session is untouched by it
  const other = await createUser({ org_id: t0.county.id, role: 'viewer' });
  const o = await loginRaw(other.username);
  assert.equal((await api('GET', ORG(t0.county.id), { token: o.body.access_token })).status, 200);
});

// Reads until `ok(res)` holds, for at most `ms`; returns the last answer and how many reads it took.
async function readUntil(path, token, ok, ms = 3000) {
  const end = Date.now() + ms;
  let res; let n = 0;
  do {
    res = await api('GET', path, { token });
    n += 1;
    if (ok(res)) break;
    await new Promise((r) => setTimeout(r, 20));
  } while (Date.now() < end);
  return { res, n };
}

// A session that has been reading, so that the server trusts its principal.
async function readingSession(role = 'viewer') {
  const u = await createUser({ org_id: t0.county.id, role });
  const l = await loginRaw(u.username);
  const token = l.body.access_token;
  for (let i = 0; i < 3; i += 1) assert.equal((await api('GET', ORG(t0.county.id), { token })).status, 200);
  return { u, l, token };
}

test('a user deactivated straight in the database is refused within moments, not after the trust window', async () => {
  const { u, token } = await readingSession();
  await q('UPDATE users SET active = false WHERE id = $1', [u.id]);
  const { res } = await readUntil(ORG(t0.county.id), token, (r) => r.status === 401);
  expectProblem(res, 401, 'unauthorized');
  expectValid(res, { method: 'GET', path: '/api/v1/orgs/{id}' });
  // and stays refused
  expectProblem(await api('GET', ORG(t0.county.id), { token }), 401, 'unauthorized');
});

test('a session revoked straight in the database is refused within moments', async () => {
  const { l, token } = await readingSession();
  const me = await api('GET', ME, { token });
  assert.equal(me.status, 200, me.text);
  await q("UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = 'test' WHERE user_id = $1", [me.body.user.id]);
  const { res } = await readUntil(ME, token, (r) => r.status === 401);
  expectProblem(res, 401, 'unauthorized');
  assert.ok(l.body.refresh_token);
});

test('a role changed straight in the database applies within moments', async () => {
  const { u, token } = await readingSession('admin');
  assert.equal((await api('GET', USERS, { token })).status, 200);
  await q("UPDATE users SET role = 'viewer' WHERE id = $1", [u.id]);
  const { res } = await readUntil(USERS, token, (r) => r.status === 403);
  expectProblem(res, 403, 'forbidden');
  expectValid(res, { method: 'GET', path: USERS });
});
