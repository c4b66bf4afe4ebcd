// Users: list, create, read, change, password reset; bad input names the field; another branch
// gets 404; no escalation (rank, subtree, self); If-Match.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, createUser, createOrg, login, loginRaw, uniq, auditEntries, closeDb } from '../lib/fixtures.mjs';

const USERS = '/api/v1/users';
const USER = '/api/v1/users/{id}';
const PW = 'Chushi@Mima2026';
let t0; let admin; let leader; let inspector; let siblingAdmin;
const v = (res, method, path) => expectValid(res, { method, path });
const hasField = (res, field, code) => res.body?.errors?.some((e) => e.field === field && (code === undefined || e.code === code));
const strip = (b) => ({ ...b, request_id: undefined, instance: undefined });
const newUser = (over = {}) => ({ username: uniq('u.'), display_name: '测试新用户', phone: '13800138000', org_id: t0.county.id, role: 'viewer', password: PW, ...over });

before(async () => {
  t0 = await tree();
  admin = await login(t0.users.admin.username);
  leader = await login(t0.users.leader.username);
  inspector = await login(t0.users.inspector.username);
  const sa = await createUser({ org_id: t0.sibling.id, role: 'admin' });
  siblingAdmin = await login(sa.username);
});
after(closeDb);

test("GET /users lists the caller's subtree with filters; leaders may, inspectors may not; another branch's org is 404", async () => {
  const deep = await createUser({ org_id: t0.unit.id, role: 'safety_officer' });
  const res = await api('GET', USERS, { token: admin });
  assert.equal(res.status, 200, res.text);
  v(res, 'GET', USERS);
  const names = res.body.items.map((u) => u.username);
  assert.ok(names.includes(t0.users.viewer.username) && names.includes(deep.username), 'own org and below');
  assert.ok(res.body.items.every((u) => [t0.county.id, t0.unit.id].includes(u.org_id) || true));
  const l = await api('GET', `${USERS}?role=safety_officer`, { token: leader });
  assert.equal(l.status, 200, l.text);
  assert.ok(l.body.items.length >= 1 && l.body.items.every((u) => u.role === 'safety_officer'));
  const byOrg = await api('GET', `${USERS}?org_id=${t0.unit.id}`, { token: admin });
  assert.deepEqual(byOrg.body.items.map((u) => u.org_id).filter((id) => id !== t0.unit.id), []);
  const q = await api('GET', `${USERS}?q=${encodeURIComponent(deep.username)}`, { token: admin });
  assert.deepEqual(q.body.items.map((u) => u.id), [deep.id]);
  const act = await api('GET', `${USERS}?active=true`, { token: admin });
  assert.ok(act.body.items.every((u) => u.active === true));
  expectProblem(await api('GET', USERS, { token: inspector }), 403, 'forbidden');
  const foreign = await api('GET', `${USERS}?org_id=${t0.sibling.id}`, { token: admin });
  expectProblem(foreign, 404, 'not_found');
  v(foreign, 'GET', USERS);
  const missing = await api('GET', `${USERS}?org_id=${randomUUID()}`, { token: admin });
  assert.deepEqual(strip(foreign.body), strip(missing.body));
  for (const [qs, field] of [['org_id=zzz', 'org_id'], ['role=god', 'role'], ['active=maybe', 'active'], ['limit=0', 'limit']]) {
    const b = await api('GET', `${USERS}?${qs}`, { token: admin });
    expectProblem(b, 400, 'validation_failed');
    assert.ok(hasField(b, field), `${qs}: ${JSON.stringify(b.body.errors)}`);
  }
});

test('POST /users creates a user who can sign in; no secret in the answer; taken username 409; audited', async () => {
  const body = newUser();
  const res = await api('POST', USERS, { token: admin, body });
  assert.equal(res.status, 201, res.text);
  v(res, 'POST', USERS);
  assert.equal(res.body.username, body.username);
  assert.equal(res.body.org_id, t0.county.id);
  assert.equal(res.body.org_name, t0.county.name);
  assert.equal(res.body.role, 'viewer');
  assert.equal(res.body.active, true);
  assert.ok(!/argon2|password_hash/.test(res.text), 'no password hash in the answer');
  assert.ok((res.headers.get('location') ?? '').endsWith(`/api/v1/users/${res.body.id}`), res.headers.get('location'));
  const l = await loginRaw(body.username, PW);
  assert.equal(l.status, 200, l.text);
  const dup = await api('POST', USERS, { token: admin, body: { ...newUser(), username: body.username } });
  expectProblem(dup, 409, 'conflict');
  v(dup, 'POST', USERS);
  // a username taken in another branch is also 409 (usernames are global), without revealing more
  const other = await createUser({ org_id: t0.other.id });
  expectProblem(await api('POST', USERS, { token: admin, body: { ...newUser(), username: other.username } }), 409, 'conflict');
  const entries = await auditEntries(admin, { action: 'user.create' });
  assert.ok(entries.some((e) => e.object_id === res.body.id), 'audit user.create');
});

test('POST /users bad input names the field', async () => {
  const cases = [
    [{ ...newUser(), nickname: 'x' }, 'nickname', 'unknown_field'],
    [(({ display_name, ...r }) => r)(newUser()), 'display_name', 'required'],
    [(({ password, ...r }) => r)(newUser()), 'password', 'required'],
    [newUser({ username: 'Bad Name' }), 'username', undefined],
    [newUser({ username: 'ab' }), 'username', undefined],
    [newUser({ display_name: 'x'.repeat(65) }), 'display_name', 'too_long'],
    [newUser({ phone: '12345' }), 'phone', undefined],
    [newUser({ role: 'root' }), 'role', 'enum'],
    [newUser({ org_id: 'not-a-uuid' }), 'org_id', 'format'],
    [newUser({ active: 'yes' }), 'active', undefined],
    [newUser({ password: 'short1!' }), 'password', undefined],
  ];
  for (const [body, field, code] of cases) {
    const r = await api('POST', USERS, { token: admin, body });
    expectProblem(r, 400, 'validation_failed');
    v(r, 'POST', USERS);
    assert.ok(hasField(r, field, code), `${JSON.stringify(body)}: errors name ${field} ${code ?? ''}: ${JSON.stringify(r.body.errors)}`);
  }
});

test('escalation: a leader cannot create users (403); a county admin cannot create or reach users in another county (404)', async () => {
  expectProblem(await api('POST', USERS, { token: leader, body: newUser() }), 403, 'forbidden');
  const foreign = await api('POST', USERS, { token: admin, body: newUser({ org_id: t0.sibling.id }) });
  expectProblem(foreign, 404, 'not_found');
  const missing = await api('POST', USERS, { token: admin, body: newUser({ org_id: randomUUID() }) });
  expectProblem(missing, 404, 'not_found');
  assert.deepEqual(strip(foreign.body), strip(missing.body));
  expectProblem(await api('POST', USERS, { token: admin, body: newUser({ org_id: t0.cityA.id }) }), 404, 'not_found');
  const theirs = await createUser({ org_id: t0.sibling.id });
  expectProblem(await api('GET', `${USERS}/${theirs.id}`, { token: admin }), 404, 'not_found');
  expectProblem(await api('PATCH', `${USERS}/${theirs.id}`, { token: admin, body: { active: false } }), 404, 'not_found');
  expectProblem(await api('POST', `${USERS}/${theirs.id}/password`, { token: admin, body: { new_password: 'Chongzhi@2026pw' } }), 404, 'not_found');
  // moving an own user out of the subtree: the target org is not found
  const mine = await createUser({ org_id: t0.county.id });
  expectProblem(await api('PATCH', `${USERS}/${mine.id}`, { token: admin, body: { org_id: t0.sibling.id } }), 404, 'not_found');
  const still = await api('GET', `${USERS}/${mine.id}`, { token: admin });
  assert.equal(still.body.org_id, t0.county.id, 'the user stayed');
  const theirsNow = await api('GET', `${USERS}/${theirs.id}`, { token: siblingAdmin });
  assert.equal(theirsNow.body.active, true, "the other county's user is untouched");
});

test('escalation: nobody changes their own role or deactivates themselves (409); a user granted admin by an admin is fine', async () => {
  const me = (await api('GET', '/api/v1/auth/me', { token: admin })).body.user;
  expectProblem(await api('PATCH', `${USERS}/${me.id}`, { token: admin, body: { role: 'viewer' } }), 409, 'conflict');
  expectProblem(await api('PATCH', `${USERS}/${me.id}`, { token: admin, body: { active: false } }), 409, 'conflict');
  const self = await api('PATCH', `${USERS}/${me.id}`, { token: admin, body: { display_name: '县管理员' } });
  assert.equal(self.status, 200, 'an admin may change their own display name');
  const u = await createUser({ org_id: t0.unit.id });
  const up = await api('PATCH', `${USERS}/${u.id}`, { token: admin, body: { role: 'admin' } });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.body.role, 'admin');
});

test('GET /users/{id} has ETag; PATCH changes fields, If-Match stale 412; bad input names the field; audited', async () => {
  const u = await createUser({ org_id: t0.unit.id });
  const g = await api('GET', `${USERS}/${u.id}`, { token: leader });
  assert.equal(g.status, 200, g.text);
  v(g, 'GET', USER);
  assert.equal(g.headers.get('etag'), `"v${g.body.version}"`);
  const etag = g.headers.get('etag');
  const p = await api('PATCH', `${USERS}/${u.id}`, { token: admin, headers: { 'if-match': etag }, body: { display_name: '改后姓名', phone: '13912345678', role: 'inspector', org_id: t0.county.id } });
  assert.equal(p.status, 200, p.text);
  v(p, 'PATCH', USER);
  assert.equal(p.body.display_name, '改后姓名');
  assert.equal(p.body.phone, '13912345678');
  assert.equal(p.body.role, 'inspector');
  assert.equal(p.body.org_id, t0.county.id);
  assert.equal(p.body.version, g.body.version + 1);
  const stale = await api('PATCH', `${USERS}/${u.id}`, { token: admin, headers: { 'if-match': etag }, body: { display_name: '再改' } });
  expectProblem(stale, 412, 'precondition_failed');
  v(stale, 'PATCH', USER);
  const nulled = await api('PATCH', `${USERS}/${u.id}`, { token: admin, body: { phone: null } });
  assert.equal(nulled.body.phone, null);
  for (const [body, field, code] of [[{ username: 'x.y.z' }, 'username', 'unknown_field'], [{ role: 'owner' }, 'role', 'enum'], [{ active: 1 }, 'active', 'type'], [{ phone: '1' }, 'phone', undefined], [{ org_id: '1' }, 'org_id', 'format']]) {
    const b = await api('PATCH', `${USERS}/${u.id}`, { token: admin, body });
    expectProblem(b, 400, 'validation_failed');
    assert.ok(hasField(b, field, code), `${JSON.stringify(body)}: ${JSON.stringify(b.body.errors)}`);
  }
  expectProblem(await api('PATCH', `${USERS}/${u.id}`, { token: leader, body: { display_name: 'x' } }), 403, 'forbidden');
  const entries = await auditEntries(admin, { action: 'user.update' });
  assert.ok(entries.some((e) => e.object_id === u.id), 'audit user.update');
});

test('POST /users/{id}/password resets: sessions end, the user must change the password; policy errors name new_password', async () => {
  const u = await createUser({ org_id: t0.county.id });
  const l = await loginRaw(u.username);
  const short = await api('POST', `${USERS}/${u.id}/password`, { token: admin, body: { new_password: 'Ab1!' } });
  expectProblem(short, 400, 'validation_failed');
  assert.ok(hasField(short, 'new_password', 'too_short'), JSON.stringify(short.body.errors));
  const unk = await api('POST', `${USERS}/${u.id}/password`, { token: admin, body: { new_password: 'Chongzhi@2026pw', force: true } });
  expectProblem(unk, 400, 'validation_failed');
  assert.ok(hasField(unk, 'force', 'unknown_field'));
  const r = await api('POST', `${USERS}/${u.id}/password`, { token: admin, body: { new_password: 'Chongzhi@2026pw' } });
  assert.equal(r.status, 204, r.text);
  v(r, 'POST', '/api/v1/users/{id}/password');
  expectProblem(await api('POST', '/api/v1/auth/refresh', { body: { refresh_token: l.body.refresh_token } }), 401, 'unauthorized');
  const l2 = await loginRaw(u.username, 'Chongzhi@2026pw');
  assert.equal(l2.status, 200, l2.text);
  assert.equal(l2.body.password_change_required, true);
  const g = await api('GET', `${USERS}/${u.id}`, { token: admin });
  assert.equal(g.body.must_change_password, true);
  const entries = await auditEntries(admin, { action: 'user.password_reset' });
  assert.ok(entries.some((e) => e.object_id === u.id), 'audit user.password_reset');
});

test('a user moved with PATCH org_id within the subtree follows into the new org', async () => {
  const o = await createOrg({ parent_id: t0.county.id, level: 'unit' });
  const u = await createUser({ org_id: t0.county.id });
  const p = await api('PATCH', `${USERS}/${u.id}`, { token: admin, body: { org_id: o.id } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.org_id, o.id);
  assert.equal(p.body.org_name, o.name);
  const l = await loginRaw(u.username);
  assert.equal(l.body.user.org.id, o.id);
});
