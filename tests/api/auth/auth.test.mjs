// Sign-in, lockout, the per-address limit, refresh rotation and reuse, logout, deactivation,
// password change, client credentials, and the audit entries each of these writes.
// Failed sign-ins from 127.0.0.1 are kept few (the server limits them per address); the lockout
// and the 429 run from their own random loopback source addresses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { api, apiFrom, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { tree, createUser, login, loginRaw, apiClientToken, auditEntries, closeDb, DEMO_PASSWORD, uniq } from '../lib/fixtures.mjs';

const LOGIN = '/api/v1/auth/login';
const REFRESH = '/api/v1/auth/refresh';
const LOGOUT = '/api/v1/auth/logout';
const ME = '/api/v1/auth/me';
const IP_LIMIT = Number(process.env.ANQUAN_LOGIN_IP_LIMIT || 30);
const LOCK_THRESHOLD = 5;
const NEW_PASSWORD = 'Xin-Mima@2027';

let t0;
let auditor; // ln.admin: a province admin sees every fixture's audit entries
const v = (res, method, path) => expectValid(res, { method, path });
const randomLoopback = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(2, 255)}`;
const strip = (b) => ({ ...b, request_id: undefined, instance: undefined });

before(async () => {
  t0 = await tree();
  auditor = await login('ln.admin');
});
after(closeDb);

async function findAudit(action, pred, query = {}) {
  const items = await auditEntries(auditor, { action, ...query });
  return items.find(pred);
}

test('sign-in returns a valid TokenResponse with the refresh token in the body; the access token works', async () => {
  const u = await createUser({ org_id: t0.county.id, role: 'inspector' });
  const res = await loginRaw(u.username);
  assert.equal(res.status, 200, res.text);
  v(res, 'POST', LOGIN);
  assert.equal(res.body.token_type, 'Bearer');
  assert.ok(res.body.refresh_token, 'refresh_token in the body by default');
  assert.equal(res.body.expires_in, 600);
  assert.equal(res.body.password_change_required, false);
  assert.equal(res.body.user.user.username, u.username);
  assert.equal(res.body.user.org.id, t0.county.id);
  assert.equal(res.headers.get('set-cookie'), null, 'no cookie when the refresh token goes in the body');
  const me = await api('GET', ME, { token: res.body.access_token });
  assert.equal(me.status, 200, me.text);
  v(me, 'GET', ME);
  assert.equal(me.body.user.id, u.id);
  assert.ok(me.body.permissions.includes('org:read') && !me.body.permissions.includes('org:write'), 'an inspector reads orgs, does not write them');
  const entry = await findAudit('auth.login', (e) => e.user_id === u.id);
  assert.ok(entry, 'audit auth.login for the user');
  assert.equal(entry.result, 'success');
});

test('refresh_in cookie: Set-Cookie HttpOnly; Secure; SameSite=Strict; Path=/api/v1/auth, no refresh_token in the body; refresh from the cookie rotates it', async () => {
  const u = await createUser({ org_id: t0.county.id });
  const res = await loginRaw(u.username, DEMO_PASSWORD, { refresh_in: 'cookie' });
  assert.equal(res.status, 200, res.text);
  v(res, 'POST', LOGIN);
  assert.equal(res.body.refresh_token, undefined, 'no refresh_token in the body');
  const sc = res.headers.get('set-cookie') ?? '';
  assert.match(sc, /^anquan_refresh=[^;]{20,}/, sc);
  for (const attr of [/;\s*HttpOnly/i, /;\s*Secure/i, /;\s*SameSite=Strict/i, /;\s*Path=\/api\/v1\/auth(;|$)/, /;\s*Max-Age=\d+/i]) {
    assert.match(sc, attr, `cookie attribute ${attr}: ${sc}`);
  }
  const cookie = sc.split(';')[0];
  const r2 = await api('POST', REFRESH, { headers: { cookie } });
  assert.equal(r2.status, 200, r2.text);
  v(r2, 'POST', REFRESH);
  assert.equal(r2.body.refresh_token, undefined, 'the rotated token goes back to the cookie');
  const sc2 = r2.headers.get('set-cookie') ?? '';
  assert.match(sc2, /^anquan_refresh=[^;]{20,}/);
  assert.notEqual(sc2.split(';')[0], cookie, 'rotated');
  // logout with the cookie clears it
  const out = await api('POST', LOGOUT, { headers: { cookie: sc2.split(';')[0] } });
  assert.equal(out.status, 204, out.text);
  v(out, 'POST', LOGOUT);
  assert.match(out.headers.get('set-cookie') ?? '', /^anquan_refresh=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i, 'the cookie is cleared');
});

test('wrong password and unknown user answer the same 401 invalid_credentials', async () => {
  const u = await createUser({ org_id: t0.county.id });
  const a = await loginRaw(u.username, 'Wrong-Passw0rd!');
  expectProblem(a, 401, 'invalid_credentials');
  v(a, 'POST', LOGIN);
  const b = await loginRaw(`nobody${uniq('')}`, 'Wrong-Passw0rd!');
  expectProblem(b, 401, 'invalid_credentials');
  assert.deepEqual(strip(a.body), strip(b.body), 'same body for unknown user and wrong password');
  assert.equal(a.headers.get('retry-after'), null);
  const entry = await findAudit('auth.login_failed', (e) => e.user_id === u.id || e.username === u.username);
  assert.ok(entry, 'audit auth.login_failed for the user');
  assert.equal(entry.result, 'failure');
});

test('bad sign-in input names the field', async () => {
  const r1 = await api('POST', LOGIN, { body: { username: 'dl.viewer' } });
  expectProblem(r1, 400, 'validation_failed');
  assert.ok(r1.body.errors.some((e) => e.field === 'password' && e.code === 'required'), JSON.stringify(r1.body.errors));
  const r2 = await api('POST', LOGIN, { body: { username: 'dl.viewer', password: 'x', extra: 1 } });
  expectProblem(r2, 400, 'validation_failed');
  assert.ok(r2.body.errors.some((e) => e.field === 'extra' && e.code === 'unknown_field'), JSON.stringify(r2.body.errors));
  const r3 = await api('POST', LOGIN, { body: { username: 'dl.viewer', password: 'x', refresh_in: 'header' } });
  expectProblem(r3, 400, 'validation_failed');
  assert.ok(r3.body.errors.some((e) => e.field === 'refresh_in' && e.code === 'enum'), JSON.stringify(r3.body.errors));
  const r4 = await api('POST', LOGIN, { body: { username: 'x'.repeat(65), password: 'x' } });
  expectProblem(r4, 400, 'validation_failed');
  assert.ok(r4.body.errors.some((e) => e.field === 'username'), JSON.stringify(r4.body.errors));
  v(r4, 'POST', LOGIN);
});

test('five consecutive failures lock the account: 401 account_locked with Retry-After, even with the right password; audited', async () => {
  const u = await createUser({ org_id: t0.county.id });
  const addr = randomLoopback();
  const answers = [];
  for (let i = 0; i < LOCK_THRESHOLD; i += 1) {
    const r = await apiFrom(addr, 'POST', LOGIN, { body: { username: u.username, password: `Wrong-${i}-Passw0rd` } });
    v(r, 'POST', LOGIN);
    answers.push(`${r.status} ${r.body?.code}`);
    if (i < LOCK_THRESHOLD - 1) expectProblem(r, 401, 'invalid_credentials');
    else assert.ok(r.status === 401 && ['invalid_credentials', 'account_locked'].includes(r.body?.code), answers.join(', '));
  }
  const locked = await apiFrom(addr, 'POST', LOGIN, { body: { username: u.username, password: DEMO_PASSWORD } });
  expectProblem(locked, 401, 'account_locked');
  v(locked, 'POST', LOGIN);
  const ra = Number(locked.headers.get('retry-after'));
  assert.ok(Number.isInteger(ra) && ra > 0 && ra <= 30 * 60, `Retry-After ${locked.headers.get('retry-after')}`);
  // from another address too: the lock is on the account
  const elsewhere = await loginRaw(u.username);
  expectProblem(elsewhere, 401, 'account_locked');
  const lock = await findAudit('auth.lockout', (e) => e.user_id === u.id || e.username === u.username);
  assert.ok(lock, 'audit auth.lockout for the user');
  const failed = (await auditEntries(auditor, { action: 'auth.login_failed', user_id: u.id }));
  assert.ok(failed.length >= LOCK_THRESHOLD - 1, `audit auth.login_failed entries for the user (${failed.length})`);
});

test('an unknown user name is counted and locked like a real one: the answers after five failures are the same', async () => {
  const real = await createUser({ org_id: t0.county.id });
  const ghost = `ghost${uniq('')}`;
  const run = async (username) => {
    const addr = randomLoopback();
    const out = [];
    for (let i = 0; i < LOCK_THRESHOLD + 2; i += 1) {
      const r = await apiFrom(addr, 'POST', LOGIN, { body: { username, password: `Wrong-${i}-Passw0rd` } });
      v(r, 'POST', LOGIN);
      out.push(`${r.status} ${r.body?.code} ${r.headers.get('retry-after') ? 'retry' : '-'}`);
    }
    // the right password of the real account does not get past the lock either
    const last = await apiFrom(addr, 'POST', LOGIN, { body: { username, password: DEMO_PASSWORD } });
    out.push(`${last.status} ${last.body?.code}`);
    return out;
  };
  const a = await run(real.username);
  const b = await run(ghost);
  assert.deepEqual(b, a, `real: ${a.join(' | ')}\nghost: ${b.join(' | ')}`);
  assert.ok(a.slice(LOCK_THRESHOLD).every((x) => x.includes('account_locked')), a.join(' | '));
});

test('an access token dies with its session: logout, deactivation (even after re-activation), a password reset', async () => {
  const admin = await login(t0.users.admin.username);
  // logout
  const u1 = await createUser({ org_id: t0.county.id });
  const l1 = await loginRaw(u1.username);
  assert.equal((await api('GET', ME, { token: l1.body.access_token })).status, 200);
  assert.equal((await api('POST', LOGOUT, { body: { refresh_token: l1.body.refresh_token } })).status, 204);
  expectProblem(await api('GET', ME, { token: l1.body.access_token }), 401, 'unauthorized');
  // deactivated, then active again: the old token stays dead, a new sign-in works
  const u2 = await createUser({ org_id: t0.county.id });
  const l2 = await loginRaw(u2.username);
  assert.equal((await api('GET', ME, { token: l2.body.access_token })).status, 200);
  const off = await api('PATCH', `/api/v1/users/${u2.id}`, { token: admin, body: { active: false } });
  assert.equal(off.status, 200, off.text);
  const on = await api('PATCH', `/api/v1/users/${u2.id}`, { token: admin, body: { active: true }, headers: { 'If-Match': off.headers.get('etag') } });
  assert.equal(on.status, 200, on.text);
  expectProblem(await api('GET', ME, { token: l2.body.access_token }), 401, 'unauthorized');
  const fresh = await loginRaw(u2.username);
  assert.equal(fresh.status, 200, fresh.text);
  assert.equal((await api('GET', ME, { token: fresh.body.access_token })).status, 200);
  // a password change ends the other sessions' access tokens; the changing session goes on
  const u3 = await createUser({ org_id: t0.county.id });
  const other = await loginRaw(u3.username);
  const mine = await loginRaw(u3.username);
  const ch = await api('POST', '/api/v1/auth/password', { token: mine.body.access_token, body: { current_password: DEMO_PASSWORD, new_password: NEW_PASSWORD } });
  assert.equal(ch.status, 204, ch.text);
  expectProblem(await api('GET', ME, { token: other.body.access_token }), 401, 'unauthorized');
  assert.equal((await api('GET', ME, { token: mine.body.access_token })).status, 200);
});

test(`the per-address limit: after ${IP_LIMIT} failures from one address, 429 rate_limited with Retry-After, even for a right password; other addresses unaffected`, async () => {
  const addr = randomLoopback();
  let first429 = -1;
  for (let i = 0; i < IP_LIMIT + 2; i += 1) {
    const r = await apiFrom(addr, 'POST', LOGIN, { body: { username: `ghost${uniq('')}`, password: 'Wrong-Passw0rd!' } });
    v(r, 'POST', LOGIN);
    if (r.status === 429) { first429 = i; break; }
    expectProblem(r, 401, 'invalid_credentials');
  }
  assert.equal(first429, IP_LIMIT, `the first 429 comes after exactly ${IP_LIMIT} failures (got it at attempt ${first429 + 1})`);
  const u = await createUser({ org_id: t0.county.id });
  const r = await apiFrom(addr, 'POST', LOGIN, { body: { username: u.username, password: DEMO_PASSWORD } });
  expectProblem(r, 429, 'rate_limited');
  v(r, 'POST', LOGIN);
  const ra = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(ra) && ra > 0 && ra <= 300, `Retry-After ${r.headers.get('retry-after')}`);
  const ok = await apiFrom(randomLoopback(), 'POST', LOGIN, { body: { username: u.username, password: DEMO_PASSWORD } });
  assert.equal(ok.status, 200, `another address signs in: ${ok.text.slice(0, 200)}`);
});

test('refresh rotates; presenting a used refresh token revokes the whole family (audit auth.refresh_reuse)', async () => {
  const u = await createUser({ org_id: t0.county.id });
  const l = await loginRaw(u.username);
  assert.equal(l.status, 200, l.text);
  const r1 = l.body.refresh_token;
  const a = await api('POST', REFRESH, { body: { refresh_token: r1 } });
  assert.equal(a.status, 200, a.text);
  v(a, 'POST', REFRESH);
  const r2 = a.body.refresh_token;
  assert.ok(r2 && r2 !== r1, 'a new refresh token');
  assert.equal((await api('GET', ME, { token: a.body.access_token })).status, 200, 'the new access token works');
  const reuse = await api('POST', REFRESH, { body: { refresh_token: r1 } });
  expectProblem(reuse, 401, 'unauthorized');
  v(reuse, 'POST', REFRESH);
  const after = await api('POST', REFRESH, { body: { refresh_token: r2 } });
  expectProblem(after, 401, 'unauthorized');
  const entry = await findAudit('auth.refresh_reuse', (e) => e.user_id === u.id);
  assert.ok(entry, 'audit auth.refresh_reuse for the user');
  assert.ok(await findAudit('auth.refresh', (e) => e.user_id === u.id), 'audit auth.refresh for the user');
});

test('unknown and malformed refresh tokens answer 401; bad refresh input names the field', async () => {
  expectProblem(await api('POST', REFRESH, { body: { refresh_token: 'x'.repeat(43) } }), 401, 'unauthorized');
  expectProblem(await api('POST', REFRESH, { body: {} }), 401, 'unauthorized');
  const bad = await api('POST', REFRESH, { body: { refresh_token: 1 } });
  expectProblem(bad, 400, 'validation_failed');
  assert.ok(bad.body.errors.some((e) => e.field === 'refresh_token' && e.code === 'type'), JSON.stringify(bad.body.errors));
});

test('logout revokes the family (refresh then 401); an unknown token also answers 204; audited', async () => {
  const u = await createUser({ org_id: t0.county.id });
  const l = await loginRaw(u.username);
  const out = await api('POST', LOGOUT, { body: { refresh_token: l.body.refresh_token } });
  assert.equal(out.status, 204, out.text);
  v(out, 'POST', LOGOUT);
  expectProblem(await api('POST', REFRESH, { body: { refresh_token: l.body.refresh_token } }), 401, 'unauthorized');
  const unknown = await api('POST', LOGOUT, { body: { refresh_token: 'y'.repeat(43) } });
  assert.equal(unknown.status, 204, unknown.text);
  assert.ok(await findAudit('auth.logout', (e) => e.user_id === u.id), 'audit auth.logout for the user');
});

test("a deactivated user's access token stops at once, and they can no longer sign in or refresh", async () => {
  const u = await createUser({ org_id: t0.county.id });
  const l = await loginRaw(u.username);
  assert.equal(l.status, 200, l.text);
  assert.equal((await api('GET', ME, { token: l.body.access_token })).status, 200);
  const admin = await login(t0.users.admin.username);
  const p = await api('PATCH', `/api/v1/users/${u.id}`, { token: admin, body: { active: false } });
  assert.equal(p.status, 200, p.text);
  v(p, 'PATCH', '/api/v1/users/{id}');
  assert.equal(p.body.active, false);
  const me = await api('GET', ME, { token: l.body.access_token });
  expectProblem(me, 401, 'unauthorized');
  v(me, 'GET', ME);
  expectProblem(await api('POST', REFRESH, { body: { refresh_token: l.body.refresh_token } }), 401, 'unauthorized');
  expectProblem(await loginRaw(u.username), 401, 'invalid_credentials');
  const entry = await findAudit('user.update', (e) => e.object_id === u.id);
  assert.ok(entry, 'audit user.update for the deactivation');
});

test('password change: policy errors name new_password, a wrong current names current_password; success revokes the other sessions', async () => {
  const u = await createUser({ org_id: t0.county.id });
  const la = await loginRaw(u.username); // session A
  const lb = await loginRaw(u.username); // session B: changes the password
  assert.equal(la.status, 200); assert.equal(lb.status, 200);
  const tok = lb.body.access_token;
  const P = '/api/v1/auth/password';
  const short = await api('POST', P, { token: tok, body: { current_password: DEMO_PASSWORD, new_password: 'Ab1!' } });
  expectProblem(short, 400, 'validation_failed');
  v(short, 'POST', P);
  assert.ok(short.body.errors.some((e) => e.field === 'new_password' && e.code === 'too_short'), JSON.stringify(short.body.errors));
  const same = await api('POST', P, { token: tok, body: { current_password: DEMO_PASSWORD, new_password: DEMO_PASSWORD } });
  expectProblem(same, 400, 'validation_failed');
  assert.ok(same.body.errors.some((e) => e.field === 'new_password' && e.code === 'same_as_current'), JSON.stringify(same.body.errors));
  const wrong = await api('POST', P, { token: tok, body: { current_password: 'Not-The-Passw0rd', new_password: NEW_PASSWORD } });
  expectProblem(wrong, 400, 'validation_failed');
  assert.ok(wrong.body.errors.some((e) => e.field === 'current_password' && e.code === 'wrong'), JSON.stringify(wrong.body.errors));
  const unk = await api('POST', P, { token: tok, body: { current_password: DEMO_PASSWORD, new_password: NEW_PASSWORD, x: 1 } });
  expectProblem(unk, 400, 'validation_failed');
  assert.ok(unk.body.errors.some((e) => e.field === 'x' && e.code === 'unknown_field'), JSON.stringify(unk.body.errors));
  const miss = await api('POST', P, { token: tok, body: { current_password: DEMO_PASSWORD } });
  expectProblem(miss, 400, 'validation_failed');
  assert.ok(miss.body.errors.some((e) => e.field === 'new_password' && e.code === 'required'), JSON.stringify(miss.body.errors));
  const ok = await api('POST', P, { token: tok, body: { current_password: DEMO_PASSWORD, new_password: NEW_PASSWORD } });
  assert.equal(ok.status, 204, ok.text);
  v(ok, 'POST', P);
  expectProblem(await api('POST', REFRESH, { body: { refresh_token: la.body.refresh_token } }), 401, 'unauthorized');
  const keep = await api('POST', REFRESH, { body: { refresh_token: lb.body.refresh_token } });
  assert.equal(keep.status, 200, `the session that changed the password stays: ${keep.text.slice(0, 200)}`);
  expectProblem(await loginRaw(u.username, DEMO_PASSWORD), 401, 'invalid_credentials');
  const again = await loginRaw(u.username, NEW_PASSWORD);
  assert.equal(again.status, 200, again.text);
  assert.ok(await findAudit('auth.password_change', (e) => e.user_id === u.id), 'audit auth.password_change');
});

test('a user who must change the password may use /auth/me and /auth/password but gets 403 password_change_required elsewhere', async () => {
  const u = await createUser({ org_id: t0.county.id, must_change_password: true });
  const l = await loginRaw(u.username);
  assert.equal(l.status, 200, l.text);
  assert.equal(l.body.password_change_required, true);
  assert.equal((await api('GET', ME, { token: l.body.access_token })).status, 200);
  const orgs = await api('GET', '/api/v1/orgs', { token: l.body.access_token });
  expectProblem(orgs, 403, 'password_change_required');
  v(orgs, 'GET', '/api/v1/orgs');
  const ch = await api('POST', '/api/v1/auth/password', { token: l.body.access_token, body: { current_password: DEMO_PASSWORD, new_password: NEW_PASSWORD } });
  assert.equal(ch.status, 204, ch.text);
  const l2 = await loginRaw(u.username, NEW_PASSWORD);
  assert.equal(l2.body.password_change_required, false);
  assert.equal((await api('GET', '/api/v1/orgs', { token: l2.body.access_token })).status, 200);
});

test('client credentials: a client token reads orgs, is not a user, and stops at once when the client is revoked', async () => {
  const admin = await login(t0.users.admin.username);
  const c = await apiClientToken(admin, { org_id: t0.county.id, scope: 'read' });
  v(c.tokenResponse, 'POST', '/api/v1/auth/token');
  assert.equal(c.tokenResponse.body.scope, 'read');
  assert.equal(c.tokenResponse.body.token_type, 'Bearer');
  const orgs = await api('GET', '/api/v1/orgs', { token: c.token });
  assert.equal(orgs.status, 200, orgs.text);
  v(orgs, 'GET', '/api/v1/orgs');
  assert.equal(orgs.body.items[0].id, t0.county.id, "the client's org is the default root");
  expectProblem(await api('GET', ME, { token: c.token }), 403, 'forbidden');
  const wrong = await api('POST', '/api/v1/auth/token', { body: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: 'wrong-secret-0123456789' } });
  expectProblem(wrong, 401, 'invalid_client');
  v(wrong, 'POST', '/api/v1/auth/token');
  const unknown = await api('POST', '/api/v1/auth/token', { body: { grant_type: 'client_credentials', client_id: randomUUID(), client_secret: c.client_secret } });
  expectProblem(unknown, 401, 'invalid_client');
  assert.deepEqual(strip(wrong.body), strip(unknown.body), 'unknown client and wrong secret answer alike');
  const grant = await api('POST', '/api/v1/auth/token', { body: { grant_type: 'password', client_id: c.client_id, client_secret: c.client_secret } });
  assert.equal(grant.status, 400, grant.text);
  assert.ok(['validation_failed', 'unsupported_grant_type'].includes(grant.body?.code), grant.text);
  const del = await api('DELETE', `/api/v1/api-clients/${c.client.id}`, { token: admin });
  assert.equal(del.status, 204, del.text);
  expectProblem(await api('GET', '/api/v1/orgs', { token: c.token }), 401, 'unauthorized');
  expectProblem(await api('POST', '/api/v1/auth/token', { body: { grant_type: 'client_credentials', client_id: c.client_id, client_secret: c.client_secret } }), 401, 'invalid_client');
  assert.ok(await findAudit('auth.token', (e) => e.object_id === c.client.id || e.detail?.client_id === c.client.id), 'audit auth.token');
  assert.ok(await findAudit('client.create', (e) => e.object_id === c.client.id), 'audit client.create');
  assert.ok(await findAudit('client.revoke', (e) => e.object_id === c.client.id), 'audit client.revoke');
});

test('the JWKS publishes the EC P-256 verification keys', async () => {
  const res = await api('GET', '/.well-known/jwks.json');
  assert.equal(res.status, 200);
  v(res, 'GET', '/.well-known/jwks.json');
  assert.ok(res.body.keys.length >= 1);
});
