// GET /auth/password-policy: the policy new passwords are checked against, as the server is configured,
// so the change-password form can say it before the user types; signed-in users only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, expectProblem } from '../lib/http.mjs';
import { expectValid } from '../lib/openapi.mjs';
import { ROLES, tree, login, closeDb, createUser, apiClientToken } from '../lib/fixtures.mjs';

after(closeDb);

const P = '/api/v1/auth/password-policy';

test('every signed-in role reads the password policy, and it is the one POST /auth/password enforces', async () => {
  const t0 = await tree();
  /** @type {any} */
  let policy = null;
  for (const role of ROLES) {
    const res = await api('GET', P, { token: await login(t0.users[role].username) });
    assert.equal(res.status, 200, `${role}: ${res.text}`);
    expectValid(res, { method: 'GET', path: P });
    policy ??= res.body;
    assert.deepEqual(res.body, policy, `${role} reads the same policy`);
  }
  // The test server runs with the defaults (README): 12 characters, no classes required.
  assert.deepEqual(policy, { min_length: 12, max_length: 256, classes: 0 });

  const user = await createUser({ org_id: t0.county.id, role: 'viewer' });
  const token = await login(user.username, undefined, { fresh: true });
  const short = 'x'.repeat(policy.min_length - 1);
  const refused = await api('POST', '/api/v1/auth/password', { token, body: { current_password: 'Anquan@2026!', new_password: short } });
  const problem = expectProblem(refused, 400, 'validation_failed');
  assert.ok(problem.errors.some((/** @type {any} */ e) => e.field === 'new_password' && e.code === 'too_short'), 'one character short is refused');
  // Exactly min_length characters of one class pass, since no class is required.
  const ok = await api('POST', '/api/v1/auth/password', { token, body: { current_password: 'Anquan@2026!', new_password: 'q'.repeat(policy.min_length) } });
  assert.equal(ok.status, 204, ok.text);
});

test('the password policy needs a signed-in user: 401 without a token, 403 for an API client', async () => {
  expectProblem(await api('GET', P), 401);
  const t0 = await tree();
  const client = await apiClientToken(await login(t0.users.admin.username), { org_id: t0.county.id, scope: 'read-write' });
  expectProblem(await api('GET', P, { token: client.token }), 403);
  expectProblem(await api('GET', P, { token: 'not-a-token' }), 401);
});
